import {
  MS_PER_DAY,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  weekdayOfDays,
} from '../../time/civil-days.ts';
import { parisLocalMidnight, parisMonthBoundsMs, parseParisMonth } from '../../time/paris-calendar.ts';
import {
  CEST_OFFSET_MS,
  CET_OFFSET_MS,
  parisOffsetMs,
  summerTimeEndMs,
  summerTimeStartMs,
} from '../../time/paris-offset.ts';
import { frenchPublicHolidays } from '../../time/french-public-holidays.ts';

/** One Europe/Paris calendar day of the demo month. */
export interface DemoDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Day of the month, 1-31. */
  readonly day: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
  /** Day number of the local date (days since 1970-01-01). */
  readonly localDays: number;
  /** A French public holiday (jour férié): offices are closed. */
  readonly holiday: boolean;
}

/** The switch to or from summer time, when the month has one (last Sunday of March / October). */
export interface DstChange {
  readonly kind: 'summer-time-starts' | 'summer-time-ends';
  readonly date: string;
  /** The UTC instant of the switch (01:00 UTC). */
  readonly instantMs: number;
}

export interface DemoCalendar {
  readonly month: string;
  /** Paris midnight on the 1st (inclusive) and on the 1st of the next month (exclusive), epoch ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly days: readonly DemoDay[];
  readonly dstChange: DstChange | undefined;
  /** The 15th: the second tariff version takes effect at 00:00 Paris that day. */
  readonly tariffChangeDate: string;
  readonly tariffChangeMs: number;
}

/** The Paris calendar of `month` (`YYYY-MM`): its days, bounds, DST change and mid-month tariff change. */
export function demoCalendar(month: string): DemoCalendar {
  const { year, month: monthNumber } = parseParisMonth(month);
  const { startMs, endMs } = parisMonthBoundsMs(month);
  const holidays = new Set(frenchPublicHolidays(year).map((holiday) => holiday.date));
  const days: DemoDay[] = [];
  for (let day = 1; day <= daysInMonth(year, monthNumber); day++) {
    const localDays = daysFromCivil(year, monthNumber, day);
    const date = `${month}-${String(day).padStart(2, '0')}`;
    days.push({ date, day, weekday: weekdayOfDays(localDays), localDays, holiday: holidays.has(date) });
  }
  const tariffChangeDate = `${month}-15`;
  return {
    month,
    startMs,
    endMs,
    days,
    dstChange: dstChangeOf(year, monthNumber),
    tariffChangeDate,
    tariffChangeMs: parisLocalMidnight(tariffChangeDate).getTime(),
  };
}

function dstChangeOf(year: number, month: number): DstChange | undefined {
  if (month !== 3 && month !== 10) return undefined;
  const instantMs = month === 3 ? summerTimeStartMs(year) : summerTimeEndMs(year);
  const { day } = civilFromDays(Math.floor(instantMs / MS_PER_DAY));
  return {
    kind: month === 3 ? 'summer-time-starts' : 'summer-time-ends',
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    instantMs,
  };
}

/**
 * The UTC instant (epoch ms) of a Paris wall-clock time on `day`, `secondsOfDay` after local midnight as
 * shown on a clock. A time the clocks skip (02:30 on the last Sunday of March) is read one hour later, as a
 * phone would show it; a time lived twice (02:30 on the last Sunday of October) is its first occurrence.
 */
export function wallClockMs(day: DemoDay, secondsOfDay: number): number {
  const localMs = day.localDays * MS_PER_DAY + secondsOfDay * 1000;
  if (parisOffsetMs(localMs - CEST_OFFSET_MS) === CEST_OFFSET_MS) return localMs - CEST_OFFSET_MS;
  return localMs - CET_OFFSET_MS;
}

/** Seconds since local midnight of a wall-clock time `hh:mm[:ss]`. */
export function clock(hours: number, minutes = 0, seconds = 0): number {
  return hours * 3600 + minutes * 60 + seconds;
}
