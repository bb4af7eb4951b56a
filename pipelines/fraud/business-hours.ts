import { MS_PER_DAY, MS_PER_MINUTE, civilFromDays, weekdayOfDays } from '../time/civil-days.ts';
import { isFrenchPublicHolidayDays } from '../time/french-public-holidays.ts';
import { parisOffsetMs } from '../time/paris-offset.ts';
import type { BusinessHours } from './fraud-rules.ts';

/**
 * Whether an instant falls within business hours, Paris local time (the project's Paris offset rule;
 * French public holidays from pipelines/time/french-public-holidays.ts). Open on `days` in
 * [from, to), closed on public holidays when configured. Integer arithmetic only.
 */
export function isBusinessTime(epochMs: number, hours: BusinessHours): boolean {
  const local = epochMs + parisOffsetMs(epochMs);
  const days = Math.floor(local / MS_PER_DAY);
  if (!hours.days.includes(weekdayOfDays(days))) return false;
  const minute = Math.floor((local - days * MS_PER_DAY) / MS_PER_MINUTE);
  if (minute < hours.fromMinute || minute >= hours.toMinute) return false;
  return !(hours.closedOnPublicHolidays && isFrenchPublicHolidayDays(days, civilFromDays(days).year));
}
