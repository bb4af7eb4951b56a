/**
 * Calendar dates of the reference files are Europe/Paris dates: a date means 00:00 Paris time that day,
 * which is 23:00 UTC the day before in winter (CET, +01:00) and 22:00 UTC in summer (CEST, +02:00).
 * Paris changes time at 02:00/03:00, never at midnight, so midnight always exists and is unique.
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const parisWallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function parts(text: string): { year: number; month: number; day: number } | undefined {
  const match = CALENDAR_DATE.exec(text);
  if (match === null) return undefined;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** `YYYY-MM-DD` naming a day that exists (no 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const date = parts(text);
  if (date === undefined || date.month < 1 || date.month > 12 || date.day < 1) return false;
  return date.day <= daysInMonth(date.year, date.month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Offset of Paris time from UTC at `instantMs`, in milliseconds (3_600_000 or 7_200_000). */
export function parisOffsetMs(instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of parisWallClock.formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(
    fields['year'] ?? 0,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
  return wallClockAsUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** The UTC instant of 00:00 Europe/Paris on `date` (`YYYY-MM-DD`). Throws on an invalid date. */
export function parisMidnight(date: string): Date {
  const day = parts(date);
  if (day === undefined || !isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  const wallClockMs = Date.UTC(day.year, day.month - 1, day.day);
  const first = wallClockMs - parisOffsetMs(wallClockMs);
  return new Date(wallClockMs - parisOffsetMs(first));
}

/** The date after `date` (`2026-02-28` -> `2026-03-01`). */
export function nextCalendarDate(date: string): string {
  const day = parts(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(Date.UTC(day.year, day.month - 1, day.day + 1)).toISOString().slice(0, 10);
}
