import { describe, expect, it } from 'vitest';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import { priceCall, type PriceResult } from '../../pipelines/rating/price-call.ts';
import { compiledTariffVersion } from '../../pipelines/rating/tariff-lookup.ts';
import { tariffVersionProblems } from '../../pipelines/rating/tariff-problems.ts';
import type { Tariff } from '../../pipelines/rating/tariff.ts';
import { ProblemList } from '../../pipelines/reference/problems.ts';
import { readCgratesTariffPlan } from '../../pipelines/reference/tariffs/cgrates-tariff-plan.ts';
import { readNativeTariffCsv } from '../../pipelines/reference/tariffs/native-tariff-csv.ts';
import { parsePrefix } from '../../pipelines/reference/tariffs/prefix.ts';
import { assembleTariffs } from '../../pipelines/reference/tariffs/tariff-assembly.ts';
import { NATIVE_HEADER } from '../reference/reference-fixtures.ts';
import { perSecond, rate, shortCodeRate, tariff, version } from './tariff-fixtures.ts';

/**
 * Short codes and E.164 numbers share digits: the short code 3631 (La Poste) and the Hungarian number
 * +36 31 123 4567 both start with 3631. Short-code rates live in their own key space, so each is priced
 * with its own rate whatever the other space holds.
 */
const classify = createNumberClassifier(parseNumberingOptions());
const AT = new Date('2026-03-10T10:00:00Z');
const SHORT_CODE = classify('3631');
const HUNGARY = classify('+36311234567');

function priced(result: PriceResult): [string, string] {
  if (!result.ok) throw new Error(`not priced: ${result.reason}`);
  return [result.destinationId, result.breakdown.roundedTotal];
}

const price = (t: Tariff, number: string): PriceResult =>
  priceCall({ billableSeconds: 60, number, startTime: AT }, t);

describe('short-code rates and E.164 rates with the same digits', () => {
  const both = tariff([
    version('v1', '2020-01-01T00:00:00Z', [
      shortCodeRate('3631', 'FR_SHORT_3631', perSecond('0.02')),
      rate('3631', 'HU_MOBILE_31', perSecond('0.30')),
      rate('36', 'HU', perSecond('0.20')),
      rate('1', 'NANP', perSecond('0.01')),
      rate('39', 'IT', perSecond('0.05')),
    ]),
  ]);

  it('the numbering module gives a short code without + and an E.164 number with +', () => {
    expect([SHORT_CODE.class, SHORT_CODE.number]).toEqual(['short-code', '3631']);
    expect([HUNGARY.class, HUNGARY.number]).toEqual(['international', '+36311234567']);
  });

  it('prices the short code and the Hungarian number with different rates', () => {
    expect(priced(price(both, SHORT_CODE.number))).toEqual(['FR_SHORT_3631', '0.0200']);
    expect(priced(price(both, HUNGARY.number))).toEqual(['HU_MOBILE_31', '0.3000']);
    expect(priced(price(both, '36311234567'))).toEqual(['HU_MOBILE_31', '0.3000']);
  });

  it('never prices a Hungarian number with a short-code rate, nor a short code with an E.164 rate', () => {
    const shortOnly = tariff([
      version('v1', '2020-01-01T00:00:00Z', [shortCodeRate('3631', 'FR_SHORT_3631', perSecond('0.02'))]),
    ]);
    expect(price(shortOnly, HUNGARY.number)).toMatchObject({ ok: false, reason: 'no-rate-for-destination' });
    const e164Only = tariff([
      version('v1', '2020-01-01T00:00:00Z', [rate('3631', 'HU_MOBILE_31', perSecond('0.30'))]),
    ]);
    expect(price(e164Only, SHORT_CODE.number)).toMatchObject({
      ok: false,
      reason: 'no-rate-for-destination',
    });
  });

  it('a short code without a rate of its own does not fall back to a country prefix', () => {
    const index = compiledTariffVersion(both.versions[0] ?? version('x', '2020-01-01T00:00:00Z', []));
    expect(index.rateFor(classify('3949').number)).toBeUndefined(); // not Italy (39)
    expect(index.rateFor(classify('1014').number)).toBeUndefined(); // not NANP (1)
    expect(index.rateFor(classify('+12125550100').number)?.destinationId).toBe('NANP');
  });

  it('a short-code prefix covers the short codes it starts (118 for every 118XYZ)', () => {
    const directory = compiledTariffVersion(
      version('v1', '2020-01-01T00:00:00Z', [shortCodeRate('118', 'FR_DIRECTORY', perSecond('0.9'))]),
    );
    expect(directory.rateFor(classify('118712').number)?.destinationId).toBe('FR_DIRECTORY');
    expect(directory.rateFor('+1185551234')).toBeUndefined();
  });

  it('validates short-code prefixes (1 to 6 digits) and allows the same digits once in each space', () => {
    const v = version('v1', '2020-01-01T00:00:00Z', [
      shortCodeRate('3631', 'A', perSecond('1')),
      rate('3631', 'B', perSecond('1')),
      shortCodeRate('1234567', 'C', perSecond('1')),
      shortCodeRate('3631', 'D', perSecond('1')),
    ]);
    expect(tariffVersionProblems(v)).toEqual([
      'tariff T1 version v1: rate C (prefix short:1234567): a short-code prefix must be 1 to 6 digits',
      'tariff T1 version v1: prefix short:3631 appears twice',
    ]);
  });
});

describe('short-code prefixes in tariff files', () => {
  it('parses short:<digits> (marker in any case) apart from E.164 prefixes', () => {
    expect(parsePrefix('short:3631')).toEqual({ digits: '3631', shortCode: true });
    expect(parsePrefix(' SHORT:118712 ')).toEqual({ digits: '118712', shortCode: true });
    expect(parsePrefix('3631')).toEqual({ digits: '3631', shortCode: false });
    expect(parsePrefix('+3631')).toEqual({ digits: '3631', shortCode: false });
    expect(parsePrefix('short:1234567')).toBeUndefined();
    expect(parsePrefix('short:+3631')).toBeUndefined();
    expect(parsePrefix('short:')).toBeUndefined();
  });

  it('native CSV: a short code and a Hungarian prefix with the same digits in one version', () => {
    const problems = new ProblemList();
    const tariffs = assembleTariffs(
      readNativeTariffCsv(
        `${NATIVE_HEADER}
t,v1,2026-01-01,EUR,FR_SHORT_3631,short:3631,0,0.02,1/1,4,half-up
t,v1,2026-01-01,EUR,HU_MOBILE_31,3631,0,0.30,1/1,4,half-up
`,
        problems.inFile('tariffs/t.csv'),
        new Set(),
      ),
      problems,
    );
    expect(problems.all()).toEqual([]);
    const t = tariffs.get('t');
    if (t === undefined) throw new Error('tariff t not loaded');
    expect(t.versions[0]?.rates).toMatchObject([
      { destinationId: 'FR_SHORT_3631', prefix: '3631', shortCode: true },
      { destinationId: 'HU_MOBILE_31', prefix: '3631' },
    ]);
    expect(t.versions[0]?.rates[1]).not.toHaveProperty('shortCode');
    expect(priced(price(t, SHORT_CODE.number))).toEqual(['FR_SHORT_3631', '0.0200']);
    expect(priced(price(t, HUNGARY.number))).toEqual(['HU_MOBILE_31', '0.3000']);
  });

  it('native CSV: rejects a duplicate short-code prefix and a malformed one', () => {
    const problems = new ProblemList();
    readNativeTariffCsv(
      `${NATIVE_HEADER}
t,v1,2026-01-01,EUR,A,short:3631,0,0.02,1/1,4,half-up
t,v1,2026-01-01,EUR,B,short:3631,0,0.02,1/1,4,half-up
t,v2,2026-02-01,EUR,C,short:12345678,0,0.02,1/1,4,half-up
`,
      problems.inFile('tariffs/t.csv'),
      new Set(),
    );
    expect(problems.all().map((p) => [p.line, p.field, p.message])).toEqual([
      [3, 'prefix', 'duplicate prefix short:3631 in tariff "t" version "v1" (first on line 2)'],
      [
        4,
        'prefix',
        'expected E.164 digits (1 to 15, an optional + first) or short:<1 to 6 digits> for a short code, got "short:12345678"',
      ],
    ]);
  });

  it('CGRateS: Destinations.csv takes short:<digits> prefixes', () => {
    const files = new Map([
      ['Destinations.csv', '#Id,Prefix\nDST_LA_POSTE,short:3631\nDST_HU_MOBILE,+3631\n'],
      [
        'Rates.csv',
        '#Id,ConnectFee,Rate,RateUnit,RateIncrement,GroupIntervalStart\nRT_SHORT,0,0.02,60s,1s,0s\nRT_HU,0,0.30,60s,1s,0s\n',
      ],
      [
        'DestinationRates.csv',
        '#Id,DestinationId,RatesTag,RoundingMethod,RoundingDecimals,MaxCost,MaxCostStrategy\nDR,DST_LA_POSTE,RT_SHORT,*middle,4,0,\nDR,DST_HU_MOBILE,RT_HU,*middle,4,0,\n',
      ],
      ['RatingPlans.csv', '#Id,DestinationRatesId,TimingTag,Weight\nRP,DR,*any,10\n'],
      [
        'RatingProfiles.csv',
        '#Tenant,Category,Subject,ActivationTime,RatingPlanId,RatesFallbackSubject\ncgrates.org,call,*any,2026-01-01,RP,\n',
      ],
    ]);
    const problems = new ProblemList();
    const tariffs = assembleTariffs(
      readCgratesTariffPlan({ tariffId: 'cg', path: 'tariffs/cg', files }, problems),
      problems,
    );
    expect(problems.all()).toEqual([]);
    const t = tariffs.get('cg');
    if (t === undefined) throw new Error('tariff cg not loaded');
    expect(priced(price(t, SHORT_CODE.number))).toEqual(['DST_LA_POSTE', '0.0200']);
    expect(priced(price(t, HUNGARY.number))).toEqual(['DST_HU_MOBILE', '0.3000']);
  });
});
