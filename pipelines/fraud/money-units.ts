/**
 * Amounts in fraud state are whole millionths of the currency unit held in JS numbers: sums are exact
 * integer additions (no float rounding, no allocation per call) up to 9 x 10^9 currency units. Call
 * prices come rounded by their tariff (4 decimals in practice); a tariff rounding to more than 6 decimals
 * would be summed rounded UP to the millionth (a conservative over-estimate for thresholds).
 */
export const MONEY_SCALE = 6;
const FACTOR = 1_000_000;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `"12.3456"` -> 12345600. Returns undefined for text that is not a plain decimal. */
export function parseMoneyUnits(text: string): number | undefined {
  const match = DECIMAL.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  let units = Number(whole) * FACTOR + Number(fraction.slice(0, MONEY_SCALE).padEnd(MONEY_SCALE, '0'));
  if (/[1-9]/.test(fraction.slice(MONEY_SCALE))) units += 1;
  if (!Number.isSafeInteger(units)) return undefined;
  return sign === '-' ? -units : units;
}

/** A number of currency units (a customer override written as a YAML number) to millionths. */
export function moneyUnitsOfNumber(value: number): number {
  return Math.round(value * FACTOR);
}

/** 12345600 -> `"12.3456"`, 5000000 -> `"5.00"`: exact, at least 2 decimals, no trailing zeros beyond. */
export function formatMoneyUnits(units: number): string {
  const negative = units < 0;
  const absolute = Math.abs(units);
  const whole = Math.floor(absolute / FACTOR);
  let fraction = String(absolute - whole * FACTOR).padStart(MONEY_SCALE, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
