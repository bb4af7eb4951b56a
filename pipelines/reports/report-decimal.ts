import { Decimal } from 'decimal.js';

/**
 * Decimal arithmetic of reports: totals of exact decimal strings, never JS numbers. 1000 significant
 * digits, so that no sum of Decimal(38, 6) values is ever rounded; half away from zero for display.
 */
const ReportDecimal = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_UP });

/** Exact sum of decimal strings, without exponent or trailing zeros (`"12.5"`, `"0"`), as ClickHouse prints sums. */
export function sumDecimals(values: readonly string[]): string {
  let total = new ReportDecimal(0);
  for (const value of values) total = total.plus(new ReportDecimal(value));
  return total.isZero() ? '0' : total.toFixed();
}

/** Billable seconds as minutes with 2 decimals, rounded half away from zero (`125` -> `"2.08"`). */
export function minutesOfSeconds(seconds: number): string {
  return new ReportDecimal(seconds).div(60).toFixed(2);
}

/** A decimal string shown with exactly 2 decimals (`"6.1"` -> `"6.10"`, `"0"` -> `"0.00"`), rounded half away from zero. */
export function twoDecimals(value: string): string {
  return new ReportDecimal(value).toFixed(2);
}

/**
 * Decimal strings padded with trailing zeros to the same number of decimals (at least `minimum`), so that
 * their points line up when right-aligned. Digits are only added, never dropped: `["12.3457", "0"]` ->
 * `["12.3457", "0.0000"]`.
 */
export function padDecimals(values: readonly string[], minimum = 2): string[] {
  const decimals = Math.max(minimum, ...values.map(decimalsOf));
  return values.map((value) => {
    const own = decimalsOf(value);
    if (own === decimals) return value;
    return `${value}${own === 0 ? '.' : ''}${'0'.repeat(decimals - own)}`;
  });
}

function decimalsOf(value: string): number {
  const point = value.indexOf('.');
  return point < 0 ? 0 : value.length - point - 1;
}
