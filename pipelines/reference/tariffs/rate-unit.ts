import { Decimal } from 'decimal.js';

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const COMPONENT = /(\d+)(?:\.(\d+))?(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * A CGRateS duration (Go syntax: `60s`, `1m`, `1m30s`, `0.5s`, `0s`) in nanoseconds. As in CGRateS,
 * a number without unit is nanoseconds. Returns the reason when the text is not a duration.
 */
export function parseDurationNs(text: string): bigint | string {
  const value = text.trim();
  if (/^\d+$/.test(value)) return BigInt(value);
  if (value === '') return 'expected a duration such as 60s';
  let total = 0n;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < value.length) {
    const match = COMPONENT.exec(value);
    if (match === null) return `expected a duration such as 60s, 1m or 1m30s, got ${JSON.stringify(text)}`;
    const unit = UNIT_NANOSECONDS[match[3] ?? ''] ?? 0n;
    const fraction = match[2] ?? '';
    const scaled = BigInt(`${match[1] ?? '0'}${fraction}`) * unit;
    const divisor = 10n ** BigInt(fraction.length);
    if (scaled % divisor !== 0n) return `${JSON.stringify(text)} is finer than a nanosecond`;
    total += scaled / divisor;
  }
  return total;
}

const NS_PER_SECOND = 1_000_000_000n;

/** Whole seconds of a duration, or undefined when it is not a whole number of seconds. */
export function wholeSeconds(nanoseconds: bigint): number | undefined {
  return nanoseconds % NS_PER_SECOND === 0n ? Number(nanoseconds / NS_PER_SECOND) : undefined;
}

/** `1500000000` ns -> `1.5s` */
export function formatDuration(nanoseconds: bigint): string {
  return `${new Decimal(nanoseconds.toString()).div(1e9).toFixed()}s`;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * The price per 60 seconds of `rate` per `unitNs`, computed exactly: undefined when it has no finite
 * decimal expansion (a rate of 0.01 per 7s is 0.0857142857... per minute and is refused, not rounded).
 */
export function pricePerMinute(rate: Decimal, unitNs: bigint): Decimal | undefined {
  const [integerPart = '0', fractionPart = ''] = rate.toFixed().split('.');
  let numerator = BigInt(`${integerPart}${fractionPart}`) * 60n * NS_PER_SECOND;
  let denominator = unitNs * 10n ** BigInt(fractionPart.length);
  const common = gcd(numerator, denominator);
  if (common === 0n) return new Decimal(0);
  numerator /= common;
  denominator /= common;
  let scale = 0;
  while (denominator !== 1n) {
    if (denominator % 10n === 0n) denominator /= 10n;
    else if (denominator % 2n === 0n) {
      denominator /= 2n;
      numerator *= 5n;
    } else if (denominator % 5n === 0n) {
      denominator /= 5n;
      numerator *= 2n;
    } else return undefined;
    scale += 1;
  }
  const digits = numerator.toString().padStart(scale + 1, '0');
  return new Decimal(scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}
