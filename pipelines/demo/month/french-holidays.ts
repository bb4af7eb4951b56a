import { civilFromDays, daysFromCivil } from '../../time/civil-days.ts';

/**
 * French public holidays (jours fériés, Code du travail L3133-1) of a year as `YYYY-MM-DD`: the fixed ones
 * and those that follow Easter (Easter Monday, Ascension Thursday, Whit Monday). Alsace-Moselle's two extra
 * days are left out.
 */
export function frenchPublicHolidays(year: number): ReadonlySet<string> {
  const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map(
    (monthDay) => `${pad(year, 4)}-${monthDay}`,
  );
  const easter = easterSundayDays(year);
  const moving = [1, 39, 50].map((offset) => {
    const date = civilFromDays(easter + offset);
    return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
  });
  return new Set([...fixed, ...moving]);
}

/** Day number of Easter Sunday (Gregorian computus, the "anonymous" algorithm of Meeus). */
function easterSundayDays(year: number): number {
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

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
