import { describe, expect, it } from 'vitest';
import { money } from '../../pipelines/invoicing/billing-decimal.ts';
import { terminationFee } from '../../pipelines/invoicing/termination-fee.ts';

const billed = (entries: [string, string][]) =>
  entries.map(([month, amount]) => ({ month, amount: money(amount) }));

describe('early-termination fees', () => {
  it('averages over the months billed so far when fewer than six, and rounds the fee once', () => {
    const fee = terminationFee({
      customerId: 'C-1',
      orderDate: '2026-01-15',
      initialPeriodMonths: 13,
      terminationDate: '2026-04-20',
      billed: billed([
        ['2026-02', '59.80'],
        ['2026-03', '65.13'],
        ['2026-04', '60.01'],
        ['2026-05', '999.00'], // dated after the termination: not counted
      ]),
    });
    expect(fee.initialPeriodEnd).toBe('2027-02-14');
    expect(fee.remainingMonths).toBe(10); // 2026-05 .. 2027-02
    expect(fee.monthsAveraged).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(fee.averageMonthlyAmount.toDecimalPlaces(6).toFixed()).toBe('61.646667');
    // 184.94 / 3 x 10 = 616.4666... -> 616.47 (rounding the average first would give 616.50)
    expect(fee.fee.toFixed(2)).toBe('616.47');
  });

  it('averages over the last six months when there are more', () => {
    const fee = terminationFee({
      customerId: 'C-1',
      orderDate: '2025-01-10',
      initialPeriodMonths: 24,
      terminationDate: '2025-10-31',
      billed: billed([
        ['2025-02', '1000.00'],
        ['2025-03', '1000.00'],
        ['2025-04', '10.00'],
        ['2025-05', '20.00'],
        ['2025-06', '30.00'],
        ['2025-07', '40.00'],
        ['2025-08', '50.00'],
        ['2025-09', '60.00'],
        ['2025-10', '70.00'],
      ]),
    });
    expect(fee.monthsAveraged).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']);
    expect(fee.averageMonthlyAmount.toFixed()).toBe('45');
    expect(fee.remainingMonths).toBe(15); // 2025-11 .. 2027-01 (period ends 2027-01-09)
    expect(fee.fee.toFixed(2)).toBe('675.00');
  });

  it('owes nothing once the initial period is over', () => {
    const fee = terminationFee({
      customerId: 'C-1',
      orderDate: '2024-01-10',
      initialPeriodMonths: 12,
      terminationDate: '2025-01-09',
      billed: billed([['2024-12', '50.00']]),
    });
    expect(fee.initialPeriodEnd).toBe('2025-01-09');
    expect(fee.remainingMonths).toBe(0);
    expect(fee.fee.toFixed(2)).toBe('0.00');
  });

  it('is zero with no month billed yet, and refuses a termination before the order', () => {
    const fee = terminationFee({
      customerId: 'C',
      orderDate: '2026-03-02',
      initialPeriodMonths: 12,
      terminationDate: '2026-03-20',
      billed: [],
    });
    expect(fee.monthsAveraged).toEqual([]);
    expect(fee.remainingMonths).toBe(12); // 2026-04 .. 2027-03 (period ends 2027-03-01)
    expect(fee.fee.toFixed(2)).toBe('0.00');
    expect(() =>
      terminationFee({
        customerId: 'C',
        orderDate: '2026-03-02',
        initialPeriodMonths: 12,
        terminationDate: '2026-03-01',
        billed: [],
      }),
    ).toThrow(/before the order date/);
  });
});
