import { describe, expect, it } from 'vitest';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import { pricingOptions } from '../../pipelines/rating/pricing-options.ts';
import { RatePricer } from '../../pipelines/rating/rate-pricer.ts';
import { RatingDecimal } from '../../pipelines/rating/rating-decimal.ts';
import type { RoundingRule } from '../../pipelines/rating/tariff.ts';
import { rate, tariff, tiers, version, type TierSpec } from './tariff-fixtures.ts';

/**
 * priceCall against an independent reference: exact rationals in BigInt, increments consumed one by one from
 * the start of the call (the CGRateS way), rounding by integer division. Random rates, durations and rules.
 */

/** Every amount of the reference in units of 1 / (60 x 10^10): prices have at most 10 decimals here. */
const UNIT = 60n * 10n ** 10n;

function units(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return (BigInt(whole + fraction) * UNIT) / 10n ** BigInt(fraction.length);
}

function referenceAmount(
  seconds: number,
  specs: readonly TierSpec[],
  connectFee: string,
  rule: RoundingRule,
): { amount: string; chargedSeconds: number } {
  const increments = specs.map(([from, price, increment]) => ({
    from,
    increment,
    cost: (units(price) * BigInt(increment)) / 60n,
  }));
  let numerator = seconds > 0 ? units(connectFee) : 0n;
  let second = 0;
  let tier = 0;
  while (second < seconds) {
    while ((increments[tier + 1]?.from ?? Infinity) <= second) tier++;
    const current = increments[tier];
    if (current === undefined) throw new Error('no tier');
    numerator += current.cost;
    second += current.increment;
  }
  const total = { num: numerator, den: UNIT };
  const scale = 10n ** BigInt(rule.decimals);
  const quotient = (total.num * scale) / total.den;
  const remainder = (total.num * scale) % total.den;
  const twice = remainder * 2n;
  const roundUp =
    rule.mode === 'up'
      ? remainder > 0n
      : rule.mode === 'down'
        ? false
        : rule.mode === 'half-up'
          ? twice >= total.den
          : twice > total.den || (twice === total.den && quotient % 2n === 1n);
  const rounded = (quotient + (roundUp ? 1n : 0n)).toString().padStart(rule.decimals + 1, '0');
  const amount =
    rule.decimals === 0 ? rounded : `${rounded.slice(0, -rule.decimals)}.${rounded.slice(-rule.decimals)}`;
  return { amount, chargedSeconds: second };
}

function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDecimal(random: () => number, maxUnits: number, decimals: number): string {
  const units = Math.floor(random() * maxUnits);
  return (units / 10 ** decimals).toFixed(decimals);
}

function randomTiers(random: () => number): TierSpec[] {
  const count = 1 + Math.floor(random() * 3);
  const specs: TierSpec[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const increment = [1, 6, 30, 60][Math.floor(random() * 4)] ?? 1;
    specs.push([from, randomDecimal(random, 300_000, 5), increment]);
    from += increment * (1 + Math.floor(random() * 20));
  }
  return specs;
}

describe('priceCall matches the exact rational reference', () => {
  const modes: readonly RoundingRule['mode'][] = ['up', 'down', 'half-up', 'half-even'];

  it('on 400 random rates x 12 durations', () => {
    const random = randomGenerator(20260310);
    let compared = 0;
    for (let r = 0; r < 400; r++) {
      const specs = randomTiers(random);
      const connectFee = randomDecimal(random, 5_000, 4);
      const rule: RoundingRule = {
        decimals: Math.floor(random() * 7),
        mode: modes[Math.floor(random() * modes.length)] ?? 'up',
      };
      const t = tariff([
        version('v', '2020-01-01T00:00:00Z', [rate('33', 'FR', tiers(...specs), connectFee)], rule),
      ]);
      const durations = [0, 1, 59, 60, 61, ...Array.from({ length: 7 }, () => Math.floor(random() * 7200))];
      for (const seconds of durations) {
        const result = priceCall(
          { billableSeconds: seconds, number: '33612345678', startTime: new Date() },
          t,
        );
        if (!result.ok) throw new Error('expected a price');
        const expected = referenceAmount(seconds, specs, connectFee, rule);
        expect({ seconds, amount: result.breakdown.roundedTotal, charged: result.chargedSeconds }).toEqual({
          seconds,
          amount: expected.amount,
          charged: expected.chargedSeconds,
        });
        compared++;
      }
    }
    expect(compared).toBe(400 * 12);
  });
});

describe('priceCall beyond 2^53', () => {
  const rule: RoundingRule = { decimals: 12, mode: 'half-even' };

  it('switches from numbers to BigInts at the safe bound with the same results', () => {
    const specs: TierSpec[] = [[0, '1.5', 1]];
    const pricer = new RatePricer(rate('33', 'FR', tiers(...specs)), 'EUR', rule);
    expect(pricer.maxSecondsInNumbers).toBeGreaterThan(2000);
    expect(pricer.maxSecondsInNumbers).toBeLessThan(4000);
    const options = pricingOptions();
    for (let delta = -5; delta <= 5; delta++) {
      const seconds = pricer.maxSecondsInNumbers + delta;
      const priced = pricer.price(seconds, options);
      expect(priced.roundedTotal).toBe(referenceAmount(seconds, specs, '0', rule).amount);
      expect(priced.unroundedTotal).toBe(new RatingDecimal('1.5').times(seconds).div(60).toFixed());
    }
  });

  it('prices with BigInts only when even the connect fee is too large for numbers', () => {
    const specs: TierSpec[] = [
      [0, '98765.4321', 60],
      [60, '12345.6789', 1],
    ];
    const pricer = new RatePricer(rate('33', 'FR', tiers(...specs), '123456789.0001'), 'EUR', rule);
    expect(pricer.maxSecondsInNumbers).toBe(-1);
    for (const seconds of [0, 1, 61, 3601]) {
      const priced = pricer.price(seconds, pricingOptions());
      expect(priced.roundedTotal).toBe(referenceAmount(seconds, specs, '123456789.0001', rule).amount);
    }
  });
});
