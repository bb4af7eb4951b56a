import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { money } from '../../pipelines/invoicing/billing-decimal.ts';
import type { Dispute, Payment } from '../../pipelines/invoicing/billing-data.ts';
import { EcbRateTable } from '../../pipelines/invoicing/ecb-rates.ts';
import { readEcbRates } from '../../pipelines/invoicing/ecb-rates-file.ts';
import { lateInterest } from '../../pipelines/invoicing/late-interest.ts';
import { ProblemList } from '../../pipelines/reference/problems.ts';

const RATES = new EcbRateTable([
  { effectiveFrom: '2025-04-23', ratePercent: money('2.40') },
  { effectiveFrom: '2025-06-11', ratePercent: money('2.15') },
]);

const base = {
  invoiceId: 'F-202505-C-1',
  amountDue: money('1200.00'),
  dueDate: '2025-06-01',
  payments: [] as Payment[],
  disputes: [] as Dispute[],
  rates: RATES,
};

describe('late-payment interest (CGV 10)', () => {
  it('splits the period across a change of the ECB rate: each day at the rate then in force + 10 points', () => {
    const result = lateInterest({ ...base, paidOn: '2025-06-20' });
    expect(
      result.periods.map((p) => [p.from, p.to, p.days, p.annualRatePercent.toFixed(), p.base.toFixed(2)]),
    ).toEqual([
      ['2025-06-02', '2025-06-10', 9, '12.4', '1200.00'],
      ['2025-06-11', '2025-06-20', 10, '12.15', '1200.00'],
    ]);
    // 1200 x (0.124 x 9 + 0.1215 x 10) / 365 = 2797.2 / 365 = 7.66356...
    expect(result.exactInterest.toDecimalPlaces(8).toFixed()).toBe('7.66356164');
    expect(result.interest.toFixed(2)).toBe('7.66');
    // Not the latest rate applied to the whole period (7.59) nor the first one (7.75).
  });

  it('counts from the day after the due date to the payment day inclusive; none when paid on the due date', () => {
    expect(lateInterest({ ...base, paidOn: '2025-06-01' }).interest.toFixed(2)).toBe('0.00');
    expect(lateInterest({ ...base, paidOn: '2025-05-28' }).periods).toEqual([]);
    const oneDay = lateInterest({ ...base, paidOn: '2025-06-02' });
    expect(oneDay.periods.map((p) => p.days)).toEqual([1]);
    // 1200 x 0.124 / 365 = 0.40767...
    expect(oneDay.interest.toFixed(2)).toBe('0.41');
  });

  it('does not charge interest on an amount disputed in good faith; the undisputed rest stays due', () => {
    const disputes: Dispute[] = [
      { invoiceId: base.invoiceId, amount: money('200.00'), raisedOn: '2025-05-25', goodFaith: true },
    ];
    const result = lateInterest({ ...base, paidOn: '2025-06-20', disputes });
    expect(result.excludedDisputed.toFixed(2)).toBe('200.00');
    expect(result.periods.map((p) => p.base.toFixed(2))).toEqual(['1000.00', '1000.00']);
    // 1000 x (0.124 x 9 + 0.1215 x 10) / 365 = 2331 / 365 = 6.3863...
    expect(result.interest.toFixed(2)).toBe('6.39');
  });

  it('excludes nothing for a dispute not in good faith, raised after the due date, or about another invoice', () => {
    const full = lateInterest({ ...base, paidOn: '2025-06-20' }).interest.toFixed(2);
    for (const dispute of [
      { invoiceId: base.invoiceId, amount: money('200'), raisedOn: '2025-05-25', goodFaith: false },
      { invoiceId: base.invoiceId, amount: money('200'), raisedOn: '2025-06-05', goodFaith: true },
      { invoiceId: 'F-other', amount: money('200'), raisedOn: '2025-05-25', goodFaith: true },
    ]) {
      expect(lateInterest({ ...base, paidOn: '2025-06-20', disputes: [dispute] }).interest.toFixed(2)).toBe(
        full,
      );
    }
  });

  it('charges the agreed amount of a resolved dispute from the day after resolution + 5 days', () => {
    const disputes: Dispute[] = [
      {
        invoiceId: base.invoiceId,
        amount: money('200.00'),
        raisedOn: '2025-05-25',
        goodFaith: true,
        resolvedOn: '2025-06-10',
        agreedAmount: money('150.00'),
      },
    ];
    const result = lateInterest({ ...base, paidOn: '2025-06-20', disputes });
    expect(result.periods.map((p) => [p.from, p.to, p.base.toFixed(2)])).toEqual([
      ['2025-06-02', '2025-06-10', '1000.00'],
      ['2025-06-11', '2025-06-15', '1000.00'],
      ['2025-06-16', '2025-06-20', '1150.00'],
    ]);
  });

  it('lowers the base after a partial payment (the payment day itself still bears interest)', () => {
    const payments: Payment[] = [{ invoiceId: base.invoiceId, date: '2025-06-05', amount: money('700.00') }];
    const result = lateInterest({ ...base, paidOn: '2025-06-08', payments });
    expect(result.periods.map((p) => [p.from, p.to, p.base.toFixed(2)])).toEqual([
      ['2025-06-02', '2025-06-05', '1200.00'],
      ['2025-06-06', '2025-06-08', '500.00'],
    ]);
  });

  it('refuses a day before the first rate of the table', () => {
    expect(() => RATES.rateOn('2025-01-01')).toThrow(/no ECB rate in force on 2025-01-01/);
    expect(RATES.rateOn('2025-06-10').ratePercent.toFixed(2)).toBe('2.40');
    expect(RATES.rateOn('2025-06-11').ratePercent.toFixed(2)).toBe('2.15');
  });

  it('reads the shipped ECB table: sorted, valid, 2.15 % since 2025-06-11', () => {
    const problems = new ProblemList();
    const rates = readEcbRates(
      readFileSync('infra/billing/ecb-main-refinancing-rates.csv', 'utf8'),
      problems.inFile('ecb.csv'),
    );
    expect(problems.all()).toEqual([]);
    const table = new EcbRateTable(rates);
    expect(table.rateOn('2023-09-20').ratePercent.toFixed(2)).toBe('4.50');
    expect(table.rateOn('2024-06-11').ratePercent.toFixed(2)).toBe('4.50');
    expect(table.rateOn('2024-06-12').ratePercent.toFixed(2)).toBe('4.25');
    expect(table.rateOn('2026-11-26').ratePercent.toFixed(2)).toBe('2.15');
  });

  it('reports a malformed ECB table with its line and column', () => {
    const problems = new ProblemList();
    readEcbRates(
      'effective_from,rate_percent\n2025-06-11,2.15\n2025-06-11,2.00\n2025-13-01,x\n',
      problems.inFile('e.csv'),
    );
    expect(problems.all().map((p) => `${p.line ?? ''}:${p.field ?? ''}`)).toEqual([
      '3:effective_from',
      '4:effective_from',
      '4:rate_percent',
    ]);
  });
});
