import { Decimal } from 'decimal.js';
import { PipelineError } from '../core/errors.ts';

/**
 * The credit table of the contract (CP "Engagements de niveau de service", DOMAIN.md 3), on the monthly
 * amount invoiced for the failing service:
 *   A >= 99.85 %          no credit (the objective is met; exactly 99.85 % meets it)
 *   99.85 % > A >= 99.5 % 5 %
 *   99.5 % > A >= 97 %    10 %
 *   A < 97 %              20 %
 * Boundaries belong to the better tier ("de 99,85 à 99,5 %": 99.5 % exactly earns 5 %, 97 % exactly 10 %).
 */
const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_DOWN });

export const AVAILABILITY_OBJECTIVE_PERCENT = new Decimal('99.85');

export interface CreditTier {
  /** The tier applies from this availability (inclusive) up to the previous tier's lower bound (exclusive). */
  readonly fromPercent: Decimal;
  readonly rate: Decimal;
}

/** Tiers by decreasing lower bound; an availability below every bound earns the last rate. */
export const CREDIT_TIERS: readonly CreditTier[] = [
  { fromPercent: AVAILABILITY_OBJECTIVE_PERCENT, rate: new Decimal(0) },
  { fromPercent: new Decimal('99.5'), rate: new Decimal('0.05') },
  { fromPercent: new Decimal('97'), rate: new Decimal('0.10') },
];
export const LOWEST_TIER_RATE = new Decimal('0.20');

/** Decimals kept of the availability percentage (the `sla_availability.availability_percent` column). */
export const PERCENT_DECIMALS = 6;

/**
 * (minutesInMonth - unavailableMinutes) / minutesInMonth x 100, truncated (toward zero) to 6 decimals.
 * Truncation never moves a value up across a tier boundary (the boundaries have 2 decimals), so the
 * tier of the shown value is the tier of the exact ratio (see creditRateForMinutes).
 */
export function availabilityPercent(minutesInMonth: number, unavailableMinutes: number): Decimal {
  checkMinutes(minutesInMonth, unavailableMinutes);
  const exact = new Exact(minutesInMonth - unavailableMinutes).times(100).div(minutesInMonth);
  return new Decimal(exact.toDecimalPlaces(PERCENT_DECIMALS, Decimal.ROUND_DOWN));
}

/** The credit rate for an availability percentage. */
export function creditRateForPercent(percent: Decimal): Decimal {
  for (const tier of CREDIT_TIERS) if (percent.gte(tier.fromPercent)) return tier.rate;
  return LOWEST_TIER_RATE;
}

/**
 * The credit rate for whole minutes, decided on the exact ratio without any division:
 * A >= T  <=>  (minutesInMonth - unavailableMinutes) x 100 >= T x minutesInMonth.
 */
export function creditRateForMinutes(minutesInMonth: number, unavailableMinutes: number): Decimal {
  checkMinutes(minutesInMonth, unavailableMinutes);
  const available = new Exact(minutesInMonth - unavailableMinutes).times(100);
  for (const tier of CREDIT_TIERS) {
    if (available.gte(new Exact(tier.fromPercent).times(minutesInMonth))) return tier.rate;
  }
  return LOWEST_TIER_RATE;
}

function checkMinutes(minutesInMonth: number, unavailableMinutes: number): void {
  if (!Number.isSafeInteger(minutesInMonth) || minutesInMonth <= 0)
    throw new PipelineError(
      'INVALID_ARGUMENT',
      `minutesInMonth must be a positive integer, got ${minutesInMonth}`,
    );
  if (
    !Number.isSafeInteger(unavailableMinutes) ||
    unavailableMinutes < 0 ||
    unavailableMinutes > minutesInMonth
  )
    throw new PipelineError(
      'INVALID_ARGUMENT',
      `unavailableMinutes must be an integer in 0..${minutesInMonth}, got ${unavailableMinutes}`,
    );
}
