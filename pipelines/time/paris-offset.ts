import { MS_PER_DAY, MS_PER_HOUR, lastSundayOfMonth, monthIndexFromDays } from './civil-days.ts';

/**
 * Europe/Paris UTC offset by the EU summer-time rule (Directive 2000/84/EC, in force since 1996): CEST
 * (UTC+2) from the last Sunday of March at 01:00 UTC to the last Sunday of October at 01:00 UTC, CET
 * (UTC+1) otherwise. Instants before 1996 get the same rule, which is not historically exact (France used
 * other dates before 1996 and no summer time before 1976); the pipeline has no data that old.
 *
 * Transitions fall on the last Sunday of March / October at 02:00 / 03:00 local time, never on the first
 * of a month, so every Paris month starts at local midnight with a fixed offset: +1 h for November to
 * March, +2 h for April to October.
 */

export const CET_OFFSET_MS = MS_PER_HOUR;
export const CEST_OFFSET_MS = 2 * MS_PER_HOUR;

/** First instant (epoch ms) of summer time in `year`: last Sunday of March, 01:00 UTC. */
export function summerTimeStartMs(year: number): number {
  return lastSundayOfMonth(year, 3) * MS_PER_DAY + MS_PER_HOUR;
}

/** First instant (epoch ms) back on winter time in `year`: last Sunday of October, 01:00 UTC. */
export function summerTimeEndMs(year: number): number {
  return lastSundayOfMonth(year, 10) * MS_PER_DAY + MS_PER_HOUR;
}

/** Offset of Paris local time from UTC at the instant `epochMs`, in milliseconds (3600000 or 7200000). */
export function parisOffsetMs(epochMs: number): number {
  const utcMonthIndex = monthIndexFromDays(Math.floor(epochMs / MS_PER_DAY));
  const year = Math.floor(utcMonthIndex / 12);
  const month = utcMonthIndex - year * 12 + 1;
  if (month > 3 && month < 10) return CEST_OFFSET_MS;
  if (month === 3) return epochMs >= summerTimeStartMs(year) ? CEST_OFFSET_MS : CET_OFFSET_MS;
  if (month === 10) return epochMs < summerTimeEndMs(year) ? CEST_OFFSET_MS : CET_OFFSET_MS;
  return CET_OFFSET_MS;
}

/** Offset at local midnight on the first of a Paris month (`month` 1-12): fixed by the rule above. */
export function parisOffsetAtMonthStartMs(month: number): number {
  return month >= 4 && month <= 10 ? CEST_OFFSET_MS : CET_OFFSET_MS;
}

/**
 * Offset at local midnight of a Paris calendar day (day number of the local date). Midnight is never in
 * a transition (they happen at 02:00/03:00 local), so it is unambiguous: summer time strictly after the
 * last Sunday of March, up to and including the last Sunday of October.
 */
export function parisOffsetAtLocalMidnightMs(localDays: number, year: number): number {
  return localDays > lastSundayOfMonth(year, 3) && localDays <= lastSundayOfMonth(year, 10)
    ? CEST_OFFSET_MS
    : CET_OFFSET_MS;
}
