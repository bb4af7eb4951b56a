import { describe, expect, it } from 'vitest';
import { isBusinessTime } from '../../pipelines/fraud/business-hours.ts';
import { daysFromCivil } from '../../pipelines/time/civil-days.ts';
import {
  easterSundayDays,
  frenchPublicHolidays,
  isFrenchPublicHoliday,
} from '../../pipelines/time/french-public-holidays.ts';
import { DEFAULT_RULES } from './fixtures.ts';

describe('French public holidays', () => {
  it('computes Easter Sunday (known dates)', () => {
    const known: [number, number, number][] = [
      [2019, 4, 21],
      [2024, 3, 31],
      [2025, 4, 20],
      [2026, 4, 5],
      [2027, 3, 28],
      [2038, 4, 25],
      [2285, 3, 22],
      [1818, 3, 22],
      [2011, 4, 24],
    ];
    for (const [year, month, day] of known)
      expect(easterSundayDays(year), `${year}`).toBe(daysFromCivil(year, month, day));
  });

  it('lists the eleven holidays of 2026 in date order', () => {
    expect(frenchPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "Jour de l'an" },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('tells holidays from ordinary days, Easter Sunday and Good Friday included', () => {
    expect(isFrenchPublicHoliday('2026-05-14')).toBe(true); // Ascension
    expect(isFrenchPublicHoliday('2026-04-06')).toBe(true); // Easter Monday
    expect(isFrenchPublicHoliday('2025-06-09')).toBe(true); // Whit Monday 2025
    expect(isFrenchPublicHoliday('2026-04-05')).toBe(false); // Easter Sunday: a Sunday, not a listed holiday
    expect(isFrenchPublicHoliday('2026-04-03')).toBe(false); // Good Friday: Alsace-Moselle only
    expect(isFrenchPublicHoliday('2026-05-13')).toBe(false);
    expect(isFrenchPublicHoliday('2026-12-26')).toBe(false);
    expect(() => isFrenchPublicHoliday('2026-02-30')).toThrow(/calendar date/);
    expect(() => isFrenchPublicHoliday('14/05/2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('Paris business hours (Mon-Fri 08:00-19:00, holidays closed)', () => {
  const hours = DEFAULT_RULES.outOfHoursSpike?.businessHours;
  if (hours === undefined) throw new Error('out-of-hours rule disabled');
  const open = (iso: string): boolean => isBusinessTime(new Date(iso).getTime(), hours);

  it('opens at 08:00 and closes at 19:00 Paris time, summer and winter', () => {
    // 2026-05-13 is a Wednesday (CEST, UTC+2)
    expect(open('2026-05-13T05:59:59.999Z')).toBe(false); // 07:59:59.999
    expect(open('2026-05-13T06:00:00Z')).toBe(true); // 08:00
    expect(open('2026-05-13T16:59:59Z')).toBe(true); // 18:59:59
    expect(open('2026-05-13T17:00:00Z')).toBe(false); // 19:00
    // 2026-01-14 is a Wednesday (CET, UTC+1)
    expect(open('2026-01-14T06:59:00Z')).toBe(false); // 07:59
    expect(open('2026-01-14T07:00:00Z')).toBe(true); // 08:00
    expect(open('2026-01-14T17:59:00Z')).toBe(true); // 18:59
    expect(open('2026-01-14T18:00:00Z')).toBe(false); // 19:00
  });

  it('is closed on weekends and public holidays', () => {
    expect(open('2026-05-16T10:00:00Z')).toBe(false); // Saturday
    expect(open('2026-05-17T10:00:00Z')).toBe(false); // Sunday
    expect(open('2026-05-14T10:00:00Z')).toBe(false); // Thursday, Ascension
    expect(open('2026-04-06T10:00:00Z')).toBe(false); // Monday, Easter Monday
    expect(open('2026-04-07T10:00:00Z')).toBe(true); // the Tuesday after
    expect(open('2026-05-15T10:00:00Z')).toBe(true); // the Friday after Ascension
  });

  it('reads the Paris date, not the UTC date, for holidays', () => {
    // 2026-05-14 00:30 Paris is 2026-05-13 22:30 UTC: already Ascension (and night anyway); 2026-05-13 18:30
    // Paris (16:30 UTC) is a working Wednesday.
    expect(open('2026-05-13T16:30:00Z')).toBe(true);
    expect(
      isBusinessTime(new Date('2026-05-14T06:30:00Z').getTime(), { ...hours, closedOnPublicHolidays: false }),
    ).toBe(true);
  });
});
