import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { priceCall, type PricedCall, type PriceResult } from '../../pipelines/rating/price-call.ts';
import { pricingOptions } from '../../pipelines/rating/pricing-options.ts';
import type { RoundingRule } from '../../pipelines/rating/tariff.ts';
import {
  AT,
  FRENCH_MOBILE,
  perSecond,
  singleRateTariff,
  sixtyOne,
  thirtySix,
  tiers,
} from './tariff-fixtures.ts';

function priced(result: PriceResult): PricedCall {
  if (!result.ok) throw new Error(`expected a price, got ${result.reason}`);
  return result;
}

function price(
  billableSeconds: number,
  rateTiers: ReturnType<typeof tiers>,
  options: { connectFee?: string; rounding?: RoundingRule } = {},
): PricedCall {
  return priced(
    priceCall(
      { billableSeconds, number: FRENCH_MOBILE, startTime: AT },
      singleRateTariff(rateTiers, options),
    ),
  );
}

describe('priceCall increments (0.60 per minute: 0.01 per second)', () => {
  const boundaries: readonly (readonly [number, number, number, number])[] = [
    // seconds, charged "60/1", charged "30/6", charged "1/1"
    [0, 0, 0, 0],
    [1, 60, 30, 1],
    [29, 60, 30, 29],
    [30, 60, 30, 30],
    [31, 60, 36, 31],
    [59, 60, 60, 59],
    [60, 60, 60, 60],
    [61, 61, 66, 61],
    [3600, 3600, 3600, 3600],
  ];

  it.each(boundaries)('%i s: 60/1 charges %i s, 30/6 %i s, 1/1 %i s', (seconds, c601, c306, c11) => {
    for (const [rateTiers, charged] of [
      [sixtyOne('0.60'), c601],
      [thirtySix('0.60'), c306],
      [perSecond('0.60'), c11],
    ] as const) {
      const result = price(seconds, rateTiers);
      expect(result.billableSeconds).toBe(seconds);
      expect(result.chargedSeconds).toBe(charged);
      expect(result.amount.toFixed(4)).toBe(new Decimal(charged).div(100).toFixed(4));
      expect(result.breakdown.roundedTotal).toBe(result.amount.toFixed(4));
    }
  });

  it('lists the part of the call in each tier, with its exact amount', () => {
    expect(price(61, thirtySix('0.60')).breakdown.tiers).toEqual([
      {
        fromSecond: 0,
        toSecond: 30,
        incrementSeconds: 30,
        chargedSeconds: 30,
        pricePerMinute: '0.6',
        amount: '0.3',
      },
      {
        fromSecond: 30,
        toSecond: 61,
        incrementSeconds: 6,
        chargedSeconds: 36,
        pricePerMinute: '0.6',
        amount: '0.36',
      },
    ]);
    expect(price(0, sixtyOne('0.60')).breakdown.tiers).toEqual([]);
  });
});

describe('priceCall with tiers at different prices', () => {
  // First minute 0.30 indivisible, then 0.10 per minute by the second until 10 minutes, then 0.05 by 30 s.
  const rateTiers = tiers([0, '0.30', 60], [60, '0.10', 1], [600, '0.05', 30]);

  it('prices each tier at its own price and increment, and sums before rounding', () => {
    const result = price(601, rateTiers, { rounding: { decimals: 2, mode: 'half-up' } });
    expect(result.chargedSeconds).toBe(60 + 540 + 30);
    expect(result.breakdown.tiers.map((tier) => [tier.toSecond, tier.chargedSeconds, tier.amount])).toEqual([
      [60, 60, '0.3'],
      [600, 540, '0.9'],
      [601, 30, '0.025'],
    ]);
    expect(result.breakdown.unroundedTotal).toBe('1.225');
    expect(result.amount.toFixed()).toBe('1.23');
    expect(result.breakdown.roundedTotal).toBe('1.23');
  });

  it('does not open a tier the call does not reach', () => {
    expect(price(60, rateTiers).breakdown.tiers).toHaveLength(1);
    expect(price(60, rateTiers).amount.toFixed()).toBe('0.3');
  });

  it('keeps 40 significant digits of a non-terminating total and rounds it once', () => {
    const result = price(61, rateTiers, { rounding: { decimals: 2, mode: 'up' } });
    expect(result.breakdown.tiers[1]?.amount).toBe('0.001666666666666666666666666666666666666667');
    expect(result.breakdown.unroundedTotal).toBe('0.3016666666666666666666666666666666666667');
    expect(result.breakdown.roundedTotal).toBe('0.31');
  });
});

describe('priceCall connect fee', () => {
  const options = { connectFee: '0.15', rounding: { decimals: 4, mode: 'half-up' } } as const;

  it('is charged once on an answered call with billable seconds', () => {
    const oneSecond = price(1, sixtyOne('0.60'), options);
    expect(oneSecond.amount.toFixed()).toBe('0.75');
    expect(oneSecond.breakdown.connectFee).toBe('0.15');
    expect(price(3600, sixtyOne('0.60'), options).amount.toFixed()).toBe('36.15');
  });

  it('is not charged on a 0-second call by default', () => {
    const zero = price(0, sixtyOne('0.60'), options);
    expect(zero.amount.toFixed()).toBe('0');
    expect(zero.chargedSeconds).toBe(0);
    expect(zero.breakdown.connectFee).toBe('0');
    expect(zero.breakdown.roundedTotal).toBe('0.0000');
  });

  it('is charged on a 0-second call when configured', () => {
    const tariff = singleRateTariff(sixtyOne('0.60'), options);
    const input = { billableSeconds: 0, number: FRENCH_MOBILE, startTime: AT };
    const zero = priced(priceCall(input, tariff, pricingOptions({ connectFeeOnZeroSeconds: true })));
    expect(zero.amount.toFixed()).toBe('0.15');
    expect(zero.breakdown.connectFee).toBe('0.15');
    expect(priced(priceCall(input, tariff)).amount.toFixed()).toBe('0');
  });
});

describe('priceCall rounding, once per call on the total', () => {
  // 1 second at 7.50 per minute is 0.125 exactly; at 8.10 it is 0.135; at 7.506 it is 0.1251.
  const cases: readonly (readonly [string, RoundingRule['mode'], string])[] = [
    ['7.50', 'up', '0.13'],
    ['7.50', 'down', '0.12'],
    ['7.50', 'half-up', '0.13'],
    ['7.50', 'half-even', '0.12'],
    ['8.10', 'half-even', '0.14'],
    ['8.10', 'half-up', '0.14'],
    ['7.506', 'down', '0.12'],
    ['7.506', 'up', '0.13'],
    ['7.506', 'half-even', '0.13'],
    ['7.494', 'half-up', '0.12'],
  ];

  it.each(cases)('%s per minute, 1 s, %s -> %s', (perMinute, mode, expected) => {
    const result = price(1, perSecond(perMinute), { rounding: { decimals: 2, mode } });
    expect(result.amount.toFixed()).toBe(expected);
    expect(result.breakdown.rounding).toEqual({ decimals: 2, mode });
  });

  it('writes the rounded total with the rule decimals', () => {
    expect(price(1, perSecond('6'), { rounding: { decimals: 3, mode: 'down' } }).breakdown.roundedTotal).toBe(
      '0.100',
    );
    expect(price(1, perSecond('6'), { rounding: { decimals: 0, mode: 'up' } }).breakdown.roundedTotal).toBe(
      '1',
    );
  });

  it('never rounds per tier: two parts of 0.125 make 0.25, not 0.26', () => {
    const result = price(2, tiers([0, '7.50', 1], [1, '7.50', 1]), {
      rounding: { decimals: 2, mode: 'half-up' },
    });
    expect(result.breakdown.tiers.map((tier) => tier.amount)).toEqual(['0.125', '0.125']);
    expect(result.amount.toFixed()).toBe('0.25');
  });
});

describe('priceCall is exact where binary floats are not', () => {
  it('0.1 connect fee + 0.2 of call rounds up to 0.30, not 0.31', () => {
    expect(0.1 + 0.2).toBeGreaterThan(0.3); // the float trap this test is about
    const result = price(1, perSecond('12'), { connectFee: '0.1', rounding: { decimals: 2, mode: 'up' } });
    expect(result.breakdown.unroundedTotal).toBe('0.3');
    expect(result.amount.toFixed()).toBe('0.3');
  });

  it('three tiers of a third of a cent each total exactly one cent, even rounding down', () => {
    // 1 s at 0.20 per minute is 0.00333... per tier; summing per-tier quotients would give 0.00999...
    const thirds = tiers([0, '0.20', 1], [1, '0.20', 1], [2, '0.20', 1]);
    for (const mode of ['down', 'up', 'half-up', 'half-even'] as const) {
      const result = price(3, thirds, { rounding: { decimals: 2, mode } });
      expect(result.breakdown.tiers.map((tier) => tier.amount)).toEqual([
        '0.003333333333333333333333333333333333333333',
        '0.003333333333333333333333333333333333333333',
        '0.003333333333333333333333333333333333333333',
      ]);
      expect(result.breakdown.unroundedTotal).toBe('0.01');
      expect(result.amount.toFixed()).toBe('0.01');
    }
  });
});

describe('priceCall evidence and input checks', () => {
  it('gives a breakdown that survives JSON unchanged', () => {
    const result = price(125, tiers([0, '0.30', 60], [60, '0.10', 1]), { connectFee: '0.05' });
    const breakdown = result.breakdown;
    expect(JSON.parse(JSON.stringify(breakdown))).toEqual(breakdown);
    expect(breakdown).toEqual({
      currency: 'EUR',
      billableSeconds: 125,
      chargedSeconds: 125,
      connectFee: '0.05',
      tiers: [
        {
          fromSecond: 0,
          toSecond: 60,
          incrementSeconds: 60,
          chargedSeconds: 60,
          pricePerMinute: '0.3',
          amount: '0.3',
        },
        {
          fromSecond: 60,
          toSecond: 125,
          incrementSeconds: 1,
          chargedSeconds: 65,
          pricePerMinute: '0.1',
          amount: '0.1083333333333333333333333333333333333333',
        },
      ],
      unroundedTotal: '0.4583333333333333333333333333333333333333',
      roundedTotal: '0.4583',
      rounding: { decimals: 4, mode: 'half-up' },
    });
  });

  it('returns equal results for the same call priced twice', () => {
    const tariff = singleRateTariff(sixtyOne('0.60'));
    const input = { billableSeconds: 95, number: FRENCH_MOBILE, startTime: AT };
    expect(priceCall(input, tariff)).toEqual(priceCall(input, tariff));
    expect(priced(priceCall(input, tariff)).amount.toFixed()).toBe('0.95');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %s billable seconds',
    (billableSeconds) => {
      const call = (): unknown =>
        priceCall(
          { billableSeconds, number: FRENCH_MOBILE, startTime: AT },
          singleRateTariff(perSecond('1')),
        );
      expect(call).toThrow(PipelineError);
      expect(call).toThrow(/billableSeconds/);
    },
  );

  it('rejects an invalid start time', () => {
    const call = (): unknown =>
      priceCall(
        { billableSeconds: 1, number: FRENCH_MOBILE, startTime: new Date(Number.NaN) },
        singleRateTariff(perSecond('1')),
      );
    expect(call).toThrow(/startTime/);
  });
});
