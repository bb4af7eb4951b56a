import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import type { RoundingRule } from '../../pipelines/rating/tariff.ts';
import {
  rateProblems,
  tariffProblems,
  tariffVersionProblems,
} from '../../pipelines/rating/tariff-problems.ts';
import { AT, perSecond, rate, sixtyOne, tariff, tiers, version } from './tariff-fixtures.ts';

describe('tariff problems', () => {
  it('accepts a well-formed tariff', () => {
    const v1 = version('v1', '2020-01-01T00:00:00Z', [rate('33', 'FR', sixtyOne('0.6'), '0.1')]);
    const v2 = version('v2', '2021-01-01T00:00:00Z', [
      rate('33', 'FR', tiers([0, '0.5', 30], [30, '0.4', 6])),
    ]);
    expect(tariffProblems(tariff([v1, v2]))).toEqual([]);
  });

  it.each([
    ['a first tier after second 0', tiers([1, '1', 1]), /first tier must start at second 0/],
    [
      'a tier not a multiple of its increment',
      tiers([0, '1', 60], [30, '1', 1]),
      /spans 30 s, not a multiple of its 60 s increment/,
    ],
    ['tiers out of order', tiers([0, '1', 1], [60, '1', 1], [60, '1', 1]), /after that of the tier before/],
    ['an increment of 0', tiers([0, '1', 0]), /incrementSeconds/],
    ['a fractional increment', tiers([0, '1', 1.5]), /incrementSeconds/],
    ['a negative price', tiers([0, '-0.1', 1]), /pricePerMinute/],
    [
      'a NaN price',
      [{ fromSecond: 0, incrementSeconds: 1, pricePerMinute: new Decimal(Number.NaN) }],
      /pricePerMinute/,
    ],
    ['no tier', [], /has no tier/],
  ])('rejects %s', (_label, rateTiers, problem) => {
    expect(rateProblems(rate('33', 'FR', rateTiers)).join('\n')).toMatch(problem);
  });

  it('rejects a bad prefix, a negative connect fee, duplicate prefixes, bad rounding and currency', () => {
    expect(rateProblems(rate('+33', 'FR', perSecond('1')))).toEqual([
      'rate FR (prefix +33): prefix must be 1 to 15 digits',
    ]);
    expect(rateProblems(rate('33', 'FR', perSecond('1'), '-1')).join()).toMatch(/connectFee/);
    const duplicate = version('v1', '2020-01-01T00:00:00Z', [
      rate('33', 'A', perSecond('1')),
      rate('33', 'B', perSecond('1')),
    ]);
    expect(tariffVersionProblems(duplicate).join()).toMatch(/prefix 33 appears twice/);
    const badRounding = { decimals: 2, mode: 'nearest' } as unknown as RoundingRule;
    expect(tariffVersionProblems(version('v1', '2020-01-01T00:00:00Z', [], badRounding)).join()).toMatch(
      /unknown rounding mode "nearest"/,
    );
    expect(
      tariffVersionProblems(version('v1', '2020-01-01T00:00:00Z', [], { decimals: 13, mode: 'up' })).join(),
    ).toMatch(/rounding decimals/);
    expect(
      tariffVersionProblems({ ...version('v1', '2020-01-01T00:00:00Z', []), currency: 'euro' }).join(),
    ).toMatch(/ISO 4217/);
  });

  it('rejects versions out of order, of another tariff, or none', () => {
    const v1 = version('v1', '2021-01-01T00:00:00Z', []);
    const v2 = version('v2', '2020-01-01T00:00:00Z', []);
    expect(tariffProblems(tariff([v1, v2])).join()).toMatch(/effectiveFrom must be after that of version v1/);
    expect(tariffProblems(tariff([v1], 'OTHER')).join()).toMatch(/belongs to tariff T1/);
    expect(tariffProblems(tariff([]))).toEqual(['tariff T1: has no version']);
  });

  it('refuses to price with an unusable version', () => {
    const bad = tariff([
      version('v1', '2020-01-01T00:00:00Z', [rate('33', 'FR', tiers([0, '1', 60], [30, '1', 1]))]),
    ]);
    const call = (): unknown => priceCall({ billableSeconds: 10, number: '33612345678', startTime: AT }, bad);
    expect(call).toThrow(PipelineError);
    expect(call).toThrow(/cannot be used for pricing: .*spans 30 s/);
  });
});
