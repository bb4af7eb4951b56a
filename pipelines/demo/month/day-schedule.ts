import { parisLocalMidnight } from '../../time/paris-calendar.ts';
import { clock, wallClockMs, type DemoCalendar, type DemoDay } from './demo-calendar.ts';
import type { DemoRandom } from './demo-random.ts';
import type { DemoAccount, WorkSchedule } from './population-types.ts';

/** Relative call volume per local hour 0-23. */
export type HourProfile = readonly number[];

// prettier-ignore
export const OFFICE_HOURS: HourProfile =
  [0, 0, 0, 0, 0, 0, 0, 0, 1.2, 3, 4, 4, 2, 1, 3, 4, 4, 3, 1.5, 0, 0, 0, 0, 0];
// prettier-ignore
export const SATURDAY_HOURS: HourProfile =
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
// prettier-ignore
export const CALL_CENTRE_HOURS: HourProfile =
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 4, 3, 2, 3, 4, 4, 4, 4, 3, 0, 0, 0, 0];
/** A hotel reception from 06:00 to 23:00 (the night porter's calls are placed one by one). */
// prettier-ignore
export const RECEPTION_HOURS: HourProfile =
  [0, 0, 0, 0, 0, 0, 0.5, 1.5, 3, 3, 2.5, 2, 1.5, 1.5, 2, 2, 2, 2.5, 3, 2, 1.5, 1, 0.5, 0];

/** The account is in service from 00:00 Paris on activeFrom to the end of activeTo, clipped to the month. */
export function activeRangeMs(
  account: DemoAccount,
  calendar: DemoCalendar,
): { fromMs: number; untilMs: number } {
  const fromMs = Math.max(calendar.startMs, parisLocalMidnight(account.activeFrom).getTime());
  let untilMs = calendar.endMs;
  if (account.activeTo !== undefined) {
    const next = calendar.days.find((d) => d.date > (account.activeTo ?? ''));
    if (next !== undefined) untilMs = Math.min(untilMs, wallClockMs(next, 0));
  }
  return { fromMs, untilMs };
}

/** Days the account's customer works, within the account's service period. */
export function workingDays(account: DemoAccount, calendar: DemoCalendar): DemoDay[] {
  const { fromMs, untilMs } = activeRangeMs(account, calendar);
  return calendar.days.filter(
    (day) =>
      isWorkingDay(day, account.customer.schedule) &&
      wallClockMs(day, clock(12)) >= fromMs &&
      wallClockMs(day, clock(12)) < untilMs,
  );
}

export function isWorkingDay(day: DemoDay, schedule: WorkSchedule): boolean {
  if (schedule === 'every-day') return true;
  if (day.holiday || day.weekday === 0) return false;
  return day.weekday !== 6 || schedule === 'weekdays-and-saturday';
}

/** How many calls a day brings, around `mean`. */
export function dailyCount(random: DemoRandom, mean: number): number {
  return Math.round(mean * random.between(0.5, 1.5));
}

export interface Placement {
  /** Calls (or episodes of calls) are placed one after the other: never before this instant. */
  readonly notBeforeMs: number;
  /** Nothing starts after this local time of the day. */
  readonly closeSeconds: number;
  /** Pause between the end of one and the start of the next. */
  readonly gapSeconds: readonly [number, number];
}

/**
 * Start instants for units of work (calls, or episodes of overlapping calls) of the given durations on
 * `day`: times drawn from the hour profile, sorted, then pushed later where needed so that each unit starts
 * after the previous one ended. Units that would start after closing time are dropped (the result is then
 * shorter than `durations`).
 */
export function placeSequentially(
  random: DemoRandom,
  day: DemoDay,
  durations: readonly number[],
  profile: HourProfile,
  placement: Placement,
): number[] {
  const wanted = durations.map(() => secondOfProfile(random, profile)).sort((a, b) => a - b);
  const closeMs = wallClockMs(day, placement.closeSeconds);
  const starts: number[] = [];
  let freeFromMs = placement.notBeforeMs;
  for (let i = 0; i < durations.length; i++) {
    const startMs = Math.max(wallClockMs(day, wanted[i] ?? 0), freeFromMs);
    if (startMs > closeMs) break;
    starts.push(startMs);
    const [minGap, maxGap] = placement.gapSeconds;
    freeFromMs = startMs + ((durations[i] ?? 0) + random.integer(minGap, maxGap)) * 1000;
  }
  return starts;
}

/** A second of the day drawn from the profile: an hour by weight, then uniformly within it. */
function secondOfProfile(random: DemoRandom, profile: HourProfile): number {
  let hours = weightedHours.get(profile);
  if (hours === undefined) {
    hours = profile.map((weight, hour) => [hour, weight] as const);
    weightedHours.set(profile, hours);
  }
  return random.weighted(hours) * 3600 + random.integer(0, 3599);
}

const weightedHours = new WeakMap<HourProfile, readonly (readonly [number, number])[]>();
