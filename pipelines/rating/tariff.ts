import type { Decimal } from 'decimal.js';

/**
 * Tariffs as compiled at load (pipelines/reference loads and validates them, from CSV). A tariff has
 * versions with effective dates; a call is rated with the version in force when it started (DOMAIN.md 4).
 * The model follows CGRateS rates: a rate has tiers starting at a second of the call, each with its price
 * per minute and billing increment, so "60/1" (first minute indivisible, then per second) is
 * [{ fromSecond: 0, incrementSeconds: 60 }, { fromSecond: 60, incrementSeconds: 1 }] at one price.
 */
export interface RateTier {
  /** Second of the call where this tier starts (0 for the first tier). */
  readonly fromSecond: number;
  /** Price per 60 seconds, excluding VAT, in the tariff's currency. */
  readonly pricePerMinute: Decimal;
  /** Seconds are billed by whole increments of this size within the tier. */
  readonly incrementSeconds: number;
}

export interface RoundingRule {
  /** Decimal places kept on a call's cost. */
  readonly decimals: number;
  readonly mode: 'up' | 'down' | 'half-up' | 'half-even';
}

export interface TariffRate {
  /** Destination id from the tariff file (`FR_MOBILE`, `GB`, ...), for the breakdown. */
  readonly destinationId: string;
  /**
   * Digits matched by longest prefix: E.164 digits without `+` (`336`, `44`), or, with `shortCode`, a French
   * short code or the start of one (`3631`, `118`).
   */
  readonly prefix: string;
  /**
   * The prefix is in the short-code space: it matches short codes only (`3631` the service number), never
   * an E.164 number with the same digits (`+3631...` in Hungary); without it, the prefix matches E.164
   * numbers only. Absent means false (files: `short:3631`, see infra/reference/README.md).
   */
  readonly shortCode?: boolean;
  /** Charged once per answered call. */
  readonly connectFee: Decimal;
  /** Sorted by fromSecond, the first at 0. */
  readonly tiers: readonly RateTier[];
}

export interface TariffVersion {
  readonly tariffId: string;
  /** A stable label of this version (e.g. `2026-11-01`), stored with every rated call. */
  readonly version: string;
  /** First instant (UTC) the version applies to, by call start time. */
  readonly effectiveFrom: Date;
  readonly currency: string;
  readonly rounding: RoundingRule;
  readonly rates: readonly TariffRate[];
}

export interface Tariff {
  readonly id: string;
  /** Sorted by effectiveFrom. */
  readonly versions: readonly TariffVersion[];
}
