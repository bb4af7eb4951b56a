import { daysInMonth } from '../time/civil-days.ts';
import { parisLocalMidnight } from '../time/paris-calendar.ts';

/**
 * Calendar dates of the reference files are Europe/Paris dates: a date means 00:00 Paris time that day,
 * which is 23:00 UTC the day before in winter (CET, +01:00) and 22:00 UTC in summer (CEST, +02:00).
 * The time zone arithmetic is the project's one Paris calendar (pipelines/time/paris-calendar.ts).
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/** The UTC instant of 00:00 Europe/Paris on `date` (`YYYY-MM-DD`). Throws on an invalid date. */
export function parisMidnight(date: string): Date {
  return parisLocalMidnight(date);
}

/** The date after `date` (`2026-02-28` -> `2026-03-01`). */
export function nextCalendarDate(date: string): string {
  const day = parts(date);
  if (day === undefined) throw new RangeError(`not a calendar date: ${date}`);
  return new Date(Date.UTC(day.year, day.month - 1, day.day + 1)).toISOString().slice(0, 10);
}
