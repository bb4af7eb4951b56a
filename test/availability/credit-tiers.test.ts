import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  availabilityPercent,
  creditRateForMinutes,
  creditRateForPercent,
} from '../../pipelines/availability/credit-tiers.ts';
import { computeServiceMonth } from '../../pipelines/availability/service-month.ts';
import { parisMonthLengthMinutes } from '../../pipelines/time/paris-calendar.ts';
import { LATER, outage } from './fixtures.ts';

// Minute counts per DOMAIN.md 3. A 30-day month (June 2026) has 43,200 minutes: 99.5 % is exactly 216
// unavailable minutes and 97 % exactly 1,296. A 31-day month (July 2026) has 44,640: 99.5 % would be
// 223.2 minutes and 97 % 1,339.2, so 223 / 224 and 1,339 / 1,340 sit just around them. 99.85 % is
// 0.15 % of the month = 3 x minutes / 2000, never a whole number for a calendar month (28-31 days, DST
// months +-60): it is checked exactly on the tier functions, and around it with 64 / 65 minutes (30 days)
// and 66 / 67 minutes (31 days).
const JUNE = '2026-06';
const JULY = '2026-07';

function rateOf(month: string, unavailable: number): string {
  return creditRateForMinutes(parisMonthLengthMinutes(month), unavailable).toString();
}

describe('credit tiers at and around the boundaries', () => {
  it('uses the calendar month lengths the examples assume', () => {
    expect(parisMonthLengthMinutes(JUNE)).toBe(43_200);
    expect(parisMonthLengthMinutes(JULY)).toBe(44_640);
  });

  it('exactly 99.85 % earns no credit, anything below earns 5 %', () => {
    expect(creditRateForPercent(new Decimal('99.85')).toString()).toBe('0');
    expect(creditRateForPercent(new Decimal('99.849999')).toString()).toBe('0.05');
    expect(creditRateForPercent(new Decimal('100')).toString()).toBe('0');
    // 30 of 20,000 minutes is exactly 99.85 %.
    expect(availabilityPercent(20_000, 30).toString()).toBe('99.85');
    expect(creditRateForMinutes(20_000, 30).toString()).toBe('0');
    expect(creditRateForMinutes(20_000, 31).toString()).toBe('0.05');
  });

  it('around 99.85 % in 30- and 31-day months', () => {
    expect(availabilityPercent(43_200, 64).toString()).toBe('99.851851');
    expect(rateOf(JUNE, 64)).toBe('0');
    expect(availabilityPercent(43_200, 65).toString()).toBe('99.849537');
    expect(rateOf(JUNE, 65)).toBe('0.05');
    expect(availabilityPercent(44_640, 66).toString()).toBe('99.85215');
    expect(rateOf(JULY, 66)).toBe('0');
    expect(availabilityPercent(44_640, 67).toString()).toBe('99.84991');
    expect(rateOf(JULY, 67)).toBe('0.05');
  });

  it('exactly 99.5 % earns 5 %, just below 10 %', () => {
    expect(availabilityPercent(43_200, 216).toString()).toBe('99.5');
    expect(rateOf(JUNE, 215)).toBe('0.05');
    expect(rateOf(JUNE, 216)).toBe('0.05');
    expect(rateOf(JUNE, 217)).toBe('0.1');
    expect(rateOf(JULY, 223)).toBe('0.05');
    expect(rateOf(JULY, 224)).toBe('0.1');
    expect(creditRateForPercent(new Decimal('99.5')).toString()).toBe('0.05');
  });

  it('exactly 97 % earns 10 %, just below 20 %', () => {
    expect(availabilityPercent(43_200, 1296).toString()).toBe('97');
    expect(rateOf(JUNE, 1295)).toBe('0.1');
    expect(rateOf(JUNE, 1296)).toBe('0.1');
    expect(rateOf(JUNE, 1297)).toBe('0.2');
    expect(rateOf(JULY, 1339)).toBe('0.1');
    expect(rateOf(JULY, 1340)).toBe('0.2');
    expect(creditRateForPercent(new Decimal('97')).toString()).toBe('0.1');
    expect(rateOf(JUNE, 43_200)).toBe('0.2');
  });

  it('the tier of the truncated percentage is the tier of the exact ratio, for every minute count of a month', () => {
    for (const month of [JUNE, JULY, '2026-02', '2026-03', '2026-10']) {
      const minutes = parisMonthLengthMinutes(month);
      for (let unavailable = 0; unavailable <= 1500; unavailable++) {
        expect(creditRateForPercent(availabilityPercent(minutes, unavailable)).toString()).toBe(
          creditRateForMinutes(minutes, unavailable).toString(),
        );
      }
    }
  });

  it('rejects minute counts outside the month', () => {
    expect(() => creditRateForMinutes(43_200, 43_201)).toThrow(/unavailableMinutes/);
    expect(() => availabilityPercent(0, 0)).toThrow(/minutesInMonth/);
  });
});

describe('boundaries through the month computation (tickets in milliseconds, minutes rounded up)', () => {
  function month(monthName: string, start: string, minutes: number, extraMs = 0) {
    return computeServiceMonth({
      month: monthName,
      customerId: 'C-1',
      service: 'hosted-telephony',
      slaEligible: true,
      tickets: [outage(start, minutes, {}, extraMs)],
      until: LATER,
    });
  }

  it('216 minutes in June is exactly 99.5 % (5 %), one more millisecond is 217 minutes (10 %)', () => {
    const exact = month(JUNE, '2026-06-10T08:00:00Z', 216);
    expect(exact.unavailableMinutes).toBe(216);
    expect(exact.availabilityPercent.toString()).toBe('99.5');
    expect(exact.creditRate.toString()).toBe('0.05');
    const over = month(JUNE, '2026-06-10T08:00:00Z', 216, 1);
    expect(over.unavailableMinutes).toBe(217);
    expect(over.creditRate.toString()).toBe('0.1');
  });

  it('1296 minutes in June is exactly 97 % (10 %); 1296 minutes and 1 ms is 20 %', () => {
    expect(month(JUNE, '2026-06-10T08:00:00Z', 1296).creditRate.toString()).toBe('0.1');
    expect(month(JUNE, '2026-06-10T08:00:00Z', 1296, 1).creditRate.toString()).toBe('0.2');
  });

  it('64 minutes in June meets the objective; 64 minutes and 1 second does not', () => {
    const met = month(JUNE, '2026-06-10T08:00:00Z', 64);
    expect(met.creditRate.toString()).toBe('0');
    expect(met.availabilityPercent.toString()).toBe('99.851851');
    expect(month(JUNE, '2026-06-10T08:00:00Z', 64, 1000).creditRate.toString()).toBe('0.05');
  });

  it('66 minutes in July meets the objective, 67 does not', () => {
    expect(month(JULY, '2026-07-10T08:00:00Z', 66).creditRate.toString()).toBe('0');
    expect(month(JULY, '2026-07-10T08:00:00Z', 67).creditRate.toString()).toBe('0.05');
  });
});
