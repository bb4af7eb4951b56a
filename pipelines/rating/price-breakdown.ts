import type { RoundingRule } from './tariff.ts';

/**
 * How a price was computed, kept with every rated call as evidence for the invoice. Plain JSON data (strings
 * and numbers only, a new object per call): `JSON.stringify` gives the stored form and `JSON.parse` gives it
 * back unchanged.
 * Decimal strings are in plain notation with every digit of the value (`"0.0025"`, never `"2.5e-3"`).
 */
export interface PriceBreakdown {
  readonly currency: string;
  /** The seconds from answer to end that were priced. */
  readonly billableSeconds: number;
  /** The sum of the tiers' chargedSeconds: billableSeconds rounded up to the increments. */
  readonly chargedSeconds: number;
  /** The connect fee charged on this call: the rate's fee, or "0" when it is not charged (0-second call). */
  readonly connectFee: string;
  readonly tiers: readonly TierCharge[];
  /**
   * connectFee + sum(pricePerMinute x chargedSeconds) / 60, before rounding. Exact when the value has a finite
   * decimal expansion, otherwise its first 40 significant digits (a third of a cent is 0.00333...).
   */
  readonly unroundedTotal: string;
  /** unroundedTotal rounded with `rounding`, written with exactly `rounding.decimals` decimals: the amount. */
  readonly roundedTotal: string;
  readonly rounding: RoundingRule;
}

/** The part of a call that falls in one tier of the rate. */
export interface TierCharge {
  /** Second of the call where the tier starts. */
  readonly fromSecond: number;
  /** Second of the call where its part in this tier ends (the call's end, or where the next tier starts). */
  readonly toSecond: number;
  readonly incrementSeconds: number;
  /** toSecond - fromSecond rounded up to a whole number of increments. */
  readonly chargedSeconds: number;
  readonly pricePerMinute: string;
  /** pricePerMinute x chargedSeconds / 60, unrounded (40 significant digits when not finite in decimal). */
  readonly amount: string;
}
