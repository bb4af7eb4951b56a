import { wallClockMs } from './wall-clock.ts';

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * An ISO 8601 / RFC 3339 date-time that carries its UTC offset (`2025-10-26T02:30:00+02:00`,
 * `...Z`, `+0100`, a space instead of `T`, fractions of a second): the instant in ms, or undefined.
 * A date-time without offset is refused: it does not name an instant.
 */
export function parseIsoInstant(text: string): number | undefined {
  const match = ISO_WITH_OFFSET.exec(text.trim());
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  const millisecond = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const wall = wallClockMs(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? '0'),
    millisecond,
  );
  if (wall === undefined || offset === undefined) return undefined;
  const offsetMs = offsetMillis(offset);
  return offsetMs === undefined ? undefined : wall - offsetMs;
}

function offsetMillis(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 18 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** Seconds since 1970-01-01T00:00:00Z, whole or with up to 9 decimals: the instant in ms (truncated), or undefined. */
export function parseEpochSeconds(text: string): number | undefined {
  const match = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (match === null) return undefined;
  const [, whole, fraction] = match;
  return Number(whole) * 1000 + (fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3)));
}

/** Whole milliseconds since 1970-01-01T00:00:00Z, or undefined. */
export function parseEpochMillis(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : undefined;
}
