import { Decimal } from 'decimal.js';

/**
 * The Decimal constructor of invoicing: 60 significant digits (no sum or interest product of this module
 * is ever rounded by the arithmetic itself) and half-up rounding, used only where a rule says to round.
 * Values are `Decimal` instances for typing; test them with `Decimal.isDecimal`, not `instanceof`.
 */
export const BillingDecimal = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

export type Money = Decimal;

export const ZERO: Decimal = new BillingDecimal(0);

/** Exact decimal from a decimal string (`"29.90"`, `"-1.5"`), a number of the integer kind, or a Decimal. */
export function money(value: Decimal.Value): Decimal {
  return new BillingDecimal(value);
}

/**
 * Rounds to the cent, half-up: a half cent goes away from zero (`0.125` -> `0.13`, `-0.125` -> `-0.13`).
 * Credits are computed on positive amounts then negated, so they round like the amounts they credit.
 */
export function roundToCents(value: Decimal): Decimal {
  return new BillingDecimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total: Decimal = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** `12.3` -> `"12.30"`: exactly two decimals (the value must already be in cents, or it is rounded half-up). */
export function cents(value: Decimal): string {
  return roundToCents(value).toFixed(2);
}

/** A decimal string without exponent (`"0.000123"`, `"29.9"`). */
export function plain(value: Decimal): string {
  return value.toFixed();
}
