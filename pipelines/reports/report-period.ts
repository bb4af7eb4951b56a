import { parisMonthBounds, parseParisMonth } from '../time/paris-calendar.ts';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A report's calendar month in Europe/Paris, with the instants where it starts and ends. */
export interface ReportPeriod {
  /** `YYYY-MM`. */
  readonly month: string;
  /** `March 2026`. */
  readonly label: string;
  readonly timeZone: 'Europe/Paris';
  /** Paris midnight on the 1st (inclusive), as a UTC instant. */
  readonly start: Date;
  /** Paris midnight on the 1st of the next month (exclusive). */
  readonly end: Date;
  /** Local start and end as ISO 8601 with the Paris offset then: `2026-03-01T00:00:00+01:00`. */
  readonly startLocal: string;
  readonly endLocal: string;
}

/** The Paris month `YYYY-MM` as a report period; throws INVALID_ARGUMENT for anything else. */
export function reportPeriod(month: string): ReportPeriod {
  const { year, month: monthNumber } = parseParisMonth(month);
  const { start, end } = parisMonthBounds(month);
  return {
    month,
    label: `${MONTH_NAMES[monthNumber - 1] ?? ''} ${year}`,
    timeZone: 'Europe/Paris',
    start,
    end,
    startLocal: localMidnight(start),
    endLocal: localMidnight(end),
  };
}

/** `2026-04-01T00:00:00+02:00` for the UTC instant of a Paris midnight on the 1st of a month. */
function localMidnight(instant: Date): string {
  // A Paris midnight is 22:00 or 23:00 UTC on the previous day: the local date is the UTC date 2 hours later.
  const local = new Date(instant.getTime() + 2 * 3_600_000);
  const localMidnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const offsetMinutes = (localMidnightAsUtc - instant.getTime()) / 60_000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hhmm = `${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
  return `${new Date(localMidnightAsUtc).toISOString().slice(0, 10)}T00:00:00${sign}${hhmm}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
