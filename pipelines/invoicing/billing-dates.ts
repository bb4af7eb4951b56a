import { civilFromDays, daysFromCivil, daysInMonth } from '../time/civil-days.ts';
import { isParisMonth, nextParisMonth, parseParisMonth, previousParisMonth } from '../time/paris-calendar.ts';
import { PipelineError } from '../core/errors.ts';

/**
 * Arithmetic on Europe/Paris calendar dates `YYYY-MM-DD` and months `YYYY-MM` for billing (days between
 * dates, a date plus days). Months come from the project's Paris calendar (pipelines/time); this only
 * counts civil days, so it has no time zone: a billing date is a Paris calendar date.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export { nextParisMonth as nextMonth, previousParisMonth as previousMonth };

export function isBillingDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(match[1]), month);
}

function dayNumber(date: string): number {
  if (!isBillingDate(date)) {
    throw new PipelineError('INVALID_ARGUMENT', `not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

function dateOfDayNumber(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `2026-03-01` + 10 -> `2026-03-11`. */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Days from `from` to `to` (`to - from`; 0 for the same day, negative when `to` is before). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The month (`YYYY-MM`) of a date. */
export function monthOfDate(date: string): string {
  dayNumber(date);
  return date.slice(0, 7);
}

export function firstDayOfMonth(month: string): string {
  parseParisMonth(month);
  return `${month}-01`;
}

export function lastDayOfMonth(month: string): string {
  const { year, month: m } = parseParisMonth(month);
  return `${month}-${String(daysInMonth(year, m)).padStart(2, '0')}`;
}

/** `date` plus `months` calendar months, the day clamped to the month's length (`2026-01-31` + 1 -> `2026-02-28`). */
export function addMonthsToDate(date: string, months: number): string {
  dayNumber(date);
  const { year, month } = parseParisMonth(date.slice(0, 7));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(y, m));
  return dateOfDayNumber(daysFromCivil(y, m, day));
}

/** Months from `from` to `to` (`to - from`, `2026-01` -> `2026-03` is 2). */
export function monthsBetween(from: string, to: string): number {
  const a = parseParisMonth(from);
  const b = parseParisMonth(to);
  return b.year * 12 + b.month - (a.year * 12 + a.month);
}

export function isBillingMonth(text: string): boolean {
  return isParisMonth(text);
}
