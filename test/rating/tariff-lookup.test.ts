import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import { compiledTariffVersion, lookupRate, tariffVersionAt } from '../../pipelines/rating/tariff-lookup.ts';
import { perSecond, rate, shortCodeRate, sixtyOne, tariff, version } from './tariff-fixtures.ts';

describe('longest prefix match', () => {
  const v1 = version('v1', '2020-01-01T00:00:00Z', [
    rate('33', 'FR_OTHER', perSecond('1')),
    rate('336', 'FR_MOBILE', perSecond('2')),
    rate('3361', 'FR_MOBILE_3361', perSecond('3')),
    shortCodeRate('3631', 'SHORT_3631', perSecond('4')),
    rate('1', 'NANP', perSecond('5')),
    rate('1876', 'JAMAICA', perSecond('6')),
  ]);
  const index = compiledTariffVersion(v1);
  const match = (number: string): string | undefined => index.rateFor(number)?.destinationId;

  it.each([
    ['33612345678', 'FR_MOBILE_3361'],
    ['33698765432', 'FR_MOBILE'],
    ['33123456789', 'FR_OTHER'],
    ['+33612345678', 'FR_MOBILE_3361'],
    ['+33698765432', 'FR_MOBILE'],
    ['+3361', 'FR_MOBILE_3361'],
    ['+33', 'FR_OTHER'],
    ['3631', 'SHORT_3631'],
    ['18765550100', 'JAMAICA'],
    ['12125550100', 'NANP'],
    ['336x12345', 'FR_MOBILE'],
  ])('%s -> %s', (number, destinationId) => {
    expect(match(number)).toBe(destinationId);
  });

  it.each([['44207946000'], ['3'], [''], ['+'], ['+44'], ['+36311234567'], ['1014'], ['33']])(
    'no rate for %j',
    (number) => {
      expect(match(number)).toBeUndefined();
    },
  );

  it('caches one index per version object', () => {
    expect(compiledTariffVersion(v1)).toBe(index);
    expect(compiledTariffVersion({ ...v1 })).not.toBe(index);
  });
});

describe('tariff version in force at the call start', () => {
  const switchAt = '2026-03-15T00:00:00.000Z';
  const before = version('2026-01', '2026-01-01T00:00:00Z', [rate('33', 'FR', sixtyOne('0.60'))]);
  const after = version('2026-03-15', switchAt, [rate('33', 'FR', sixtyOne('1.20'))]);
  const later = version('2026-06', '2026-06-01T00:00:00Z', [rate('33', 'FR', sixtyOne('2.40'))]);
  const t = tariff([before, after, later]);
  const switchTime = new Date(switchAt).getTime();

  it('uses the latest version whose effectiveFrom is at or before the instant', () => {
    expect(tariffVersionAt(t, new Date(switchTime - 1))).toBe(before);
    expect(tariffVersionAt(t, new Date(switchTime))).toBe(after);
    expect(tariffVersionAt(t, new Date(switchTime + 1))).toBe(after);
    expect(tariffVersionAt(t, new Date('2026-01-01T00:00:00Z'))).toBe(before);
    expect(tariffVersionAt(t, new Date('2026-05-31T23:59:59.999Z'))).toBe(after);
    expect(tariffVersionAt(t, new Date('2030-01-01T00:00:00Z'))).toBe(later);
  });

  it('has no version before the first one', () => {
    expect(tariffVersionAt(t, new Date('2025-12-31T23:59:59.999Z'))).toBeUndefined();
    expect(lookupRate(t, '33612345678', new Date('2025-12-31T23:59:59.999Z'))).toEqual({
      ok: false,
      reason: 'no-tariff-version',
    });
    expect(tariffVersionAt(tariff([]), new Date(switchAt))).toBeUndefined();
  });

  it('prices a call that starts before the switch and ends after it with the old version throughout', () => {
    const input = { billableSeconds: 3600, number: '33612345678', startTime: new Date(switchTime - 1000) };
    const result = priceCall(input, t);
    expect(result).toMatchObject({ ok: true, tariffId: 'T1', tariffVersion: '2026-01' });
    expect(result.ok && result.amount.toFixed()).toBe('36');
  });

  it('prices a call that starts exactly at the switch with the new version', () => {
    const result = priceCall(
      { billableSeconds: 3600, number: '33612345678', startTime: new Date(switchTime) },
      t,
    );
    expect(result).toMatchObject({ ok: true, tariffVersion: '2026-03-15' });
    expect(result.ok && result.amount.toFixed()).toBe('72');
  });

  it('reports a number no rate of the version covers', () => {
    expect(lookupRate(t, '44207946000', new Date(switchAt))).toEqual({
      ok: false,
      reason: 'no-rate-for-destination',
    });
    expect(
      priceCall({ billableSeconds: 10, number: '44207946000', startTime: new Date(switchAt) }, t),
    ).toEqual({
      ok: false,
      reason: 'no-rate-for-destination',
      tariffId: 'T1',
    });
  });

  it('reports a call before the first version', () => {
    const input = { billableSeconds: 10, number: '33612345678', startTime: new Date('2025-06-01T00:00:00Z') };
    expect(priceCall(input, t)).toEqual({ ok: false, reason: 'no-tariff-version', tariffId: 'T1' });
  });

  it('refuses versions out of order or of another tariff', () => {
    expect(() => tariffVersionAt(tariff([after, before]), new Date(switchAt))).toThrow(PipelineError);
    expect(() => tariffVersionAt(tariff([before, before]), new Date(switchAt))).toThrow(/ascending/);
    expect(() => tariffVersionAt(tariff([before], 'OTHER'), new Date(switchAt))).toThrow(/of this tariff/);
  });
});
