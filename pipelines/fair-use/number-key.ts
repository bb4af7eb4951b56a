/**
 * A dialled number as one double, so that the distinct-number set stores 8 bytes per number. The digits
 * are read behind a sentinel `1` (so leading zeros survive) and the sign says whether the number had a
 * leading `+`: `+33612345678` -> 133612345678, short code `3631` -> -13631. Up to 15 digits fit exactly
 * (1 + 15 digits < 2^53), which covers every E.164 number. Anything else returns NaN and is kept as text.
 */
export const MAX_ENCODED_DIGITS = 15;

export function encodeNumberKey(number: string): number {
  const plus = number.charCodeAt(0) === 43; // '+'
  const first = plus ? 1 : 0;
  const digits = number.length - first;
  if (digits < 1 || digits > MAX_ENCODED_DIGITS) return Number.NaN;
  let value = 1;
  for (let i = first; i < number.length; i++) {
    const digit = number.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return plus ? value : -value;
}

/** The number text back from its key: `decodeNumberKey(encodeNumberKey(n)) === n` for every encodable n. */
export function decodeNumberKey(key: number): string {
  const digits = String(Math.abs(key)).slice(1);
  return key > 0 ? `+${digits}` : digits;
}

/** Whether a value read back from a snapshot is a key `encodeNumberKey` can produce. */
export function isNumberKey(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
  const text = String(Math.abs(value));
  return text.length >= 2 && text.length <= MAX_ENCODED_DIGITS + 1 && text.startsWith('1');
}
