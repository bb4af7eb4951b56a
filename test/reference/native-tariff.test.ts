import { describe, expect, it } from 'vitest';
import type { Tariff } from '../../pipelines/rating/tariff.ts';
import { compileReferenceData } from '../../pipelines/reference/compile-reference-data.ts';
import { parisMidnight } from '../../pipelines/reference/paris-time.ts';
import { ProblemList } from '../../pipelines/reference/problems.ts';
import { readNativeTariffCsv } from '../../pipelines/reference/tariffs/native-tariff-csv.ts';
import { assembleTariffs } from '../../pipelines/reference/tariffs/tariff-assembly.ts';
import { NATIVE_HEADER, compiled, sampleWith } from './reference-fixtures.ts';

function load(csv: string): Map<string, Tariff> {
  const problems = new ProblemList();
  const tariffs = assembleTariffs(
    readNativeTariffCsv(csv, problems.inFile('tariffs/t.csv'), new Set()),
    problems,
  );
  expect(problems.all()).toEqual([]);
  return tariffs;
}

describe('native tariff CSV', () => {
  it('turns first/next increments into tiers at one price', () => {
    const tariffs = load(`${NATIVE_HEADER}
t,v1,2026-01-01,EUR,FR_MOBILE,336,0,0.05,60/1,4,half-up
t,v1,2026-01-01,EUR,GB,44,0.01,0.12,30/6,4,half-up
t,v1,2026-01-01,EUR,FR_SVA,3389,0,0.80,1/1,4,half-up
t,v1,2026-01-01,EUR,SAT,870,0.5,6,60/60,4,half-up
`);
    const tiers = (prefix: string) =>
      tariffs
        .get('t')
        ?.versions[0]?.rates.find((r) => r.prefix === prefix)
        ?.tiers.map((t) => [t.fromSecond, t.pricePerMinute.toFixed(), t.incrementSeconds]);
    expect(tiers('336')).toEqual([
      [0, '0.05', 60],
      [60, '0.05', 1],
    ]);
    expect(tiers('44')).toEqual([
      [0, '0.12', 30],
      [30, '0.12', 6],
    ]);
    expect(tiers('3389')).toEqual([[0, '0.8', 1]]);
    expect(tiers('870')).toEqual([[0, '6', 60]]);
    expect(
      tariffs
        .get('t')
        ?.versions[0]?.rates.find((r) => r.prefix === '44')
        ?.connectFee.toFixed(),
    ).toBe('0.01');
  });

  it('keeps prices exact (no binary floating point)', () => {
    const tariffs = load(`${NATIVE_HEADER}\nt,v1,2026-01-01,EUR,X,1,0.1,0.123456789012345678,60/1,4,up\n`);
    const rate = tariffs.get('t')?.versions[0]?.rates[0];
    expect(rate?.tiers[0]?.pricePerMinute.toFixed()).toBe('0.123456789012345678');
    expect(rate?.connectFee.plus('0.2').toFixed()).toBe('0.3');
  });

  it('reads several tariffs and versions from one file, sorting versions by effective date', () => {
    const tariffs = load(`${NATIVE_HEADER}
b,2026-06,2026-06-01,EUR,FR,33,0,0.02,60/1,2,down
a,only,2026-01-01,CHF,FR,33,0,0.03,60/1,2,half-even
b,2026-01,2026-01-01,EUR,FR,33,0,0.01,60/1,2,down
`);
    expect([...tariffs.keys()].sort()).toEqual(['a', 'b']);
    expect(tariffs.get('b')?.versions.map((v) => v.version)).toEqual(['2026-01', '2026-06']);
    expect(tariffs.get('a')?.versions[0]?.currency).toBe('CHF');
    expect(tariffs.get('a')?.versions[0]?.rounding).toEqual({ decimals: 2, mode: 'half-even' });
    expect(tariffs.get('b')?.versions[0]?.rounding).toEqual({ decimals: 2, mode: 'down' });
  });

  it('accepts CGRateS rounding names, quoted fields, CRLF, a BOM and a leading + on prefixes', () => {
    const tariffs = load(
      `\uFEFF${NATIVE_HEADER}\r\n"t","v1","2026-01-01","EUR","FR_MOBILE",+336,0,"0.05",60/1,4,*middle\r\n`,
    );
    const version = tariffs.get('t')?.versions[0];
    expect(version?.rounding.mode).toBe('half-up');
    expect(version?.rates[0]?.prefix).toBe('336');
  });

  it('takes effect at 00:00 Europe/Paris, across both DST changes', () => {
    const tariffs = load(`${NATIVE_HEADER}
t,winter,2026-03-28,EUR,X,1,0,0.01,60/1,4,up
t,spring-forward,2026-03-29,EUR,X,1,0,0.02,60/1,4,up
t,summer,2026-03-30,EUR,X,1,0,0.03,60/1,4,up
t,last-summer-day,2026-10-24,EUR,X,1,0,0.04,60/1,4,up
t,fall-back,2026-10-25,EUR,X,1,0,0.05,60/1,4,up
t,winter-again,2026-10-26,EUR,X,1,0,0.06,60/1,4,up
`);
    expect(tariffs.get('t')?.versions.map((v) => [v.version, v.effectiveFrom.toISOString()])).toEqual([
      ['winter', '2026-03-27T23:00:00.000Z'],
      // 29 March starts in winter time: DST begins at 02:00 that night.
      ['spring-forward', '2026-03-28T23:00:00.000Z'],
      ['summer', '2026-03-29T22:00:00.000Z'],
      ['last-summer-day', '2026-10-23T22:00:00.000Z'],
      // 25 October starts in summer time: DST ends at 03:00 that night.
      ['fall-back', '2026-10-24T22:00:00.000Z'],
      ['winter-again', '2026-10-25T23:00:00.000Z'],
    ]);
    expect(parisMidnight('2024-02-29').toISOString()).toBe('2024-02-28T23:00:00.000Z');
    expect(() => parisMidnight('2026-02-29')).toThrow(/not a calendar date/);
  });

  it('loads thousands of rates', async () => {
    const rows = [NATIVE_HEADER];
    for (const [version, date] of [
      ['v1', '2026-01-01'],
      ['v2', '2026-02-15'],
    ] as const) {
      for (let i = 0; i < 5000; i += 1) {
        rows.push(
          `big,${version},${date},EUR,D${i % 200},${4_000_000 + i},0,0.${String(i).padStart(4, '0')},30/6,4,up`,
        );
      }
    }
    const data = compiled(compileReferenceData(await sampleWith({ 'tariffs/big.csv': rows.join('\n') })));
    expect(data.tariff('big')?.versions.map((v) => v.rates.length)).toEqual([5000, 5000]);
    expect(data.tariff('big')?.versions[1]?.rates[4999]?.tiers[0]?.pricePerMinute.toFixed()).toBe('0.4999');
  });
});
