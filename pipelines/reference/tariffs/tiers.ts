import type { Decimal } from 'decimal.js';
import type { RateTier } from '../../rating/tariff.ts';

/**
 * `first/next` increments (`60/1`, `30/6`, `1/1`) at one price: the first `first` seconds are billed as
 * one block, then by blocks of `next`. Equal increments give a single tier.
 */
export function tiersFromIncrements(pricePerMinute: Decimal, first: number, next: number): RateTier[] {
  if (first === next) return [{ fromSecond: 0, pricePerMinute, incrementSeconds: first }];
  return [
    { fromSecond: 0, pricePerMinute, incrementSeconds: first },
    { fromSecond: first, pricePerMinute, incrementSeconds: next },
  ];
}

/**
 * Why the tiers cannot be billed unambiguously, or undefined: at least one tier, the first at second 0,
 * starts strictly increasing whole seconds, increments positive whole seconds, prices non-negative, and
 * each tier starting on a whole number of the previous tier's increments (so a block never straddles two
 * tiers).
 */
export function tierProblem(tiers: readonly RateTier[]): string | undefined {
  const first = tiers[0];
  if (first === undefined) return 'a rate needs at least one tier';
  if (first.fromSecond !== 0) return `the first tier must start at 0s, not ${first.fromSecond}s`;
  for (let i = 0; i < tiers.length; i += 1) {
    const tier = tiers[i];
    if (tier === undefined) continue;
    if (!Number.isSafeInteger(tier.incrementSeconds) || tier.incrementSeconds <= 0) {
      return `increment must be a positive whole number of seconds, got ${tier.incrementSeconds}`;
    }
    if (tier.pricePerMinute.isNegative())
      return `price must not be negative, got ${tier.pricePerMinute.toFixed()}`;
    const previous = tiers[i - 1];
    if (previous === undefined) continue;
    if (!Number.isSafeInteger(tier.fromSecond) || tier.fromSecond <= previous.fromSecond) {
      return `tier starts must be whole seconds in increasing order (${previous.fromSecond}s then ${tier.fromSecond}s)`;
    }
    if ((tier.fromSecond - previous.fromSecond) % previous.incrementSeconds !== 0) {
      return `the tier at ${tier.fromSecond}s does not fall on a ${previous.incrementSeconds}s increment of the tier at ${previous.fromSecond}s`;
    }
  }
  return undefined;
}
