import type { Decimal } from 'decimal.js';
import { RatingDecimal } from './rating-decimal.ts';
import type { RoundingRule } from './tariff.ts';

/**
 * Exact money arithmetic on integers. Pricing works on amounts as integer counts of 10^-scale (the scale of a
 * rate: the most decimals of its prices and fee), so sums and products are exact, and the one division of
 * pricing (by 60 seconds) is kept as a fraction until the one rounding. Integers are JS numbers while they
 * stay below 2^53 (exact there, and fast), BigInts beyond: the caller checks the bound (rate-pricer.ts).
 */

/** The value as a count of 10^-scale: 0.0125 at scale 4 is 125n. The value must have at most `scale` decimals. */
export function toUnits(value: Decimal, scale: number): bigint {
  const text = value.toFixed(scale);
  return BigInt(scale === 0 ? text : text.replace('.', ''));
}

/**
 * numerator / denominator rounded to an integer with the mode; non-negative safe integers (their product
 * with 2 too), denominator > 0. Float division only guesses the quotient; the remainder corrects it exactly.
 */
export function roundedDivision(numerator: number, denominator: number, mode: RoundingRule['mode']): number {
  let quotient = Math.floor(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  if (remainder < 0) {
    quotient -= 1;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient += 1;
    remainder -= denominator;
  }
  if (remainder === 0) return quotient;
  const half = Math.sign(remainder * 2 - denominator);
  return roundsUp(half, quotient % 2 === 1, mode) ? quotient + 1 : quotient;
}

/** roundedDivision on BigInts, for amounts beyond 2^53. */
export function roundedDivisionBig(
  numerator: bigint,
  denominator: bigint,
  mode: RoundingRule['mode'],
): bigint {
  const quotient = numerator / denominator;
  const remainder = numerator - quotient * denominator;
  if (remainder === 0n) return quotient;
  const twice = remainder * 2n;
  const half = twice > denominator ? 1 : twice < denominator ? -1 : 0;
  return roundsUp(half, quotient % 2n === 1n, mode) ? quotient + 1n : quotient;
}

/**
 * Whether a quotient with a non-zero remainder rounds up; `half` compares the remainder with half the
 * denominator (-1 below, 0 exactly half, 1 above).
 */
function roundsUp(half: number, quotientIsOdd: boolean, mode: RoundingRule['mode']): boolean {
  switch (mode) {
    case 'up':
      return true;
    case 'down':
      return false;
    case 'half-up':
      return half >= 0;
    case 'half-even':
      return half > 0 || (half === 0 && quotientIsOdd);
  }
}

/**
 * units / 10^decimals as plain text, units >= 0: `fixedPointText(125, 4)` is `0.0125`; with trimZeros,
 * `fixedPointText(1500, 4, true)` is `0.15` and `(10000, 4, true)` is `1`.
 */
export function fixedPointText(units: number | bigint, decimals: number, trimZeros = false): string {
  if (decimals === 0) return String(units);
  if (typeof units === 'bigint' || units > Number.MAX_SAFE_INTEGER || decimals >= POWERS_OF_TEN.length) {
    return bigFixedPointText(BigInt(units), decimals, trimZeros);
  }
  const unit = POWERS_OF_TEN[decimals] ?? 1;
  let fraction = units % unit;
  const integer = (units - fraction) / unit;
  let fractionDigits = decimals;
  if (trimZeros) {
    if (fraction === 0) return String(integer);
    while (fraction % 10 === 0) {
      fraction /= 10;
      fractionDigits--;
    }
  }
  return `${integer}.${String(fraction).padStart(fractionDigits, '0')}`;
}

function bigFixedPointText(units: bigint, decimals: number, trimZeros: boolean): string {
  const unit = 10n ** BigInt(decimals);
  let fraction = units % unit;
  const integer = units / unit;
  let fractionDigits = decimals;
  if (trimZeros) {
    if (fraction === 0n) return String(integer);
    while (fraction % 10n === 0n) {
      fraction /= 10n;
      fractionDigits--;
    }
  }
  return `${integer}.${String(fraction).padStart(fractionDigits, '0')}`;
}

/** 10^0 .. 10^15, exact as doubles. */
const POWERS_OF_TEN: readonly number[] = Array.from({ length: 16 }, (_, n) => 10 ** n);
const SIGNIFICANT_DIGITS = 40;
const THREES = '3'.repeat(SIGNIFICANT_DIGITS);
const SIXES = '6'.repeat(SIGNIFICANT_DIGITS);

/** Largest units sixtiethsText handles as a number (it multiplies by 5). */
export const MAX_SAFE_SIXTIETHS = Math.floor(Number.MAX_SAFE_INTEGER / 5);

/**
 * The text of units / (60 x 10^scale), units >= 0: every digit when the quotient has a finite decimal
 * expansion, otherwise its first 40 significant digits rounded half-even, exactly as decimal.js at
 * precision 40 writes it (`0.00333...3`, `0.0016666...67`). As 60 = 2^2 x 3 x 5, units / 60 is
 * 5 x units / 3 shifted by two more decimals, and when 3 does not divide 5 x units the digits end in an
 * endless run of 3s (remainder 1) or 6s (remainder 2).
 */
export function sixtiethsText(units: number | bigint, scale: number): string {
  const decimals = scale + 2;
  let quotient: number | bigint;
  let remainder: number;
  if (typeof units === 'number' && units <= MAX_SAFE_SIXTIETHS) {
    remainder = (units * 5) % 3;
    quotient = (units * 5 - remainder) / 3;
  } else {
    const fives = BigInt(units) * 5n;
    quotient = fives / 3n;
    remainder = Number(fives - quotient * 3n);
  }
  if (remainder === 0) return fixedPointText(quotient, decimals, true);
  // quotient / 10^decimals, then the run of 3s or 6s up to 40 significant digits, the last rounded.
  const head = fixedPointText(quotient, decimals);
  const significant = digitCount(quotient);
  if (significant >= SIGNIFICANT_DIGITS) return decimalSixtiethsText(units, scale);
  const run = (remainder === 1 ? THREES : SIXES).slice(0, SIGNIFICANT_DIGITS - significant - 1);
  return `${head}${run}${remainder === 1 ? '3' : '7'}`;
}

/** Digits of a whole number >= 0, none for 0. */
function digitCount(value: number | bigint): number {
  if (typeof value === 'bigint') return value === 0n ? 0 : value.toString().length;
  let digits = 0;
  while (digits < POWERS_OF_TEN.length && value >= (POWERS_OF_TEN[digits] ?? Infinity)) digits++;
  return digits < POWERS_OF_TEN.length ? digits : String(value).length;
}

/** The same with decimal.js, for quotients of 40 digits or more (never in practice). */
function decimalSixtiethsText(units: number | bigint, scale: number): string {
  const sixty = new RatingDecimal(60).times(new RatingDecimal(10).pow(scale));
  return new RatingDecimal(units.toString()).div(sixty).toFixed();
}
