import { PipelineError } from '../core/errors.ts';
import { civilFromDays, daysFromCivil } from './civil-days.ts';

/**
 * French public holidays ("jours fériés", Code du travail L3133-1), nationwide list: eight fixed dates and
 * three that follow Easter. Alsace-Moselle's two extra days (Good Friday, 26 December) are not included.
 * Whit Monday is listed: it is still a public holiday even where it is the "journée de solidarité".
 */
export interface PublicHoliday {
  /** Calendar date `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: string;
}

const FIXED: readonly (readonly [month: number, day: number, name: string])[] = [
  [1, 1, "Jour de l'an"],
  [5, 1, 'Fête du Travail'],
  [5, 8, 'Victoire 1945'],
  [7, 14, 'Fête nationale'],
  [8, 15, 'Assomption'],
  [11, 1, 'Toussaint'],
  [11, 11, 'Armistice 1918'],
  [12, 25, 'Noël'],
];

/** Days after Easter Sunday. */
const FROM_EASTER: readonly (readonly [offset: number, name: string])[] = [
  [1, 'Lundi de Pâques'],
  [39, 'Ascension'],
  [50, 'Lundi de Pentecôte'],
];

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm, Meeus/Jones/Butcher), as a day number. */
export function easterSundayDays(year: number): number {
  if (!Number.isSafeInteger(year) || year < 1583) {
    throw new PipelineError(
      'INVALID_ARGUMENT',
      `Easter is computed for Gregorian years >= 1583, got ${year}`,
    );
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, day);
}

function formatDays(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function holidayDays(year: number): { days: number; name: string }[] {
  const easter = easterSundayDays(year);
  return [
    ...FIXED.map(([month, day, name]) => ({ days: daysFromCivil(year, month, day), name })),
    ...FROM_EASTER.map(([offset, name]) => ({ days: easter + offset, name })),
  ].sort((x, y) => x.days - y.days);
}

/** The eleven public holidays of `year`, in date order. */
export function frenchPublicHolidays(year: number): PublicHoliday[] {
  return holidayDays(year).map(({ days, name }) => ({ date: formatDays(days), name }));
}

// Per-year sets of holiday day numbers, built on first use (a cache of a pure function).
const byYear = new Map<number, ReadonlySet<number>>();

/** Whether the day number (days since 1970-01-01 of a local calendar date) is a public holiday. Hot path. */
export function isFrenchPublicHolidayDays(localDays: number, year: number): boolean {
  let set = byYear.get(year);
  if (set === undefined) {
    set = new Set(holidayDays(year).map((h) => h.days));
    byYear.set(year, set);
  }
  return set.has(localDays);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the calendar date `YYYY-MM-DD` is a French public holiday. */
export function isFrenchPublicHoliday(date: string): boolean {
  const match = DATE.exec(date);
  if (match === null)
    throw new PipelineError('INVALID_ARGUMENT', `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  const year = Number(match[1]);
  const days = daysFromCivil(year, Number(match[2]), Number(match[3]));
  if (formatDays(days) !== date) throw new PipelineError('INVALID_ARGUMENT', `not a calendar date: ${date}`);
  return isFrenchPublicHolidayDays(days, year);
}
