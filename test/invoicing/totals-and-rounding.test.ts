import { describe, expect, it } from 'vitest';
import { money, roundToCents } from '../../pipelines/invoicing/billing-decimal.ts';
import { buildMonthInvoices } from '../../pipelines/invoicing/build-month-invoices.ts';
import { dueDateOf, invoiceDateOf } from '../../pipelines/invoicing/invoice-dates.ts';
import type { LineDraft } from '../../pipelines/invoicing/invoice-model.ts';
import { documentTotals } from '../../pipelines/invoicing/invoice-totals.ts';
import { PLAN, account, customer, monthInput, text, usage } from './fixtures.ts';

function line(amount: string, vatRate = '0.20'): LineDraft {
  return {
    kind: 'one-off',
    service: 'x',
    label: 'x',
    accountId: null,
    periodStart: '2026-02-01',
    periodEnd: '2026-02-01',
    quantity: money(1),
    unit: 'forfait',
    unitPrice: money(amount),
    amount: money(amount),
    vatRate: money(vatRate),
    evidence: [],
    calls: [],
  };
}

describe('VAT and rounding', () => {
  it('rounds half-up to the cent, away from zero for negatives', () => {
    expect(roundToCents(money('0.125')).toFixed(2)).toBe('0.13');
    expect(roundToCents(money('0.124999')).toFixed(2)).toBe('0.12');
    expect(roundToCents(money('-0.125')).toFixed(2)).toBe('-0.13');
    expect(roundToCents(money('2.675')).toFixed(2)).toBe('2.68'); // 2.675 is 2.67499... as a binary float
  });

  it('computes VAT once on the total excluding VAT, not per line (the two differ here)', () => {
    const lines = [line('10.03'), line('10.03'), line('10.03')];
    const perLine = lines.reduce((t, l) => t.plus(roundToCents(l.amount.times('0.20'))), money(0));
    expect(perLine.toFixed(2)).toBe('6.03');
    const totals = documentTotals(lines);
    expect(text(totals.totalExclVat)).toBe('30.09');
    expect(text(totals.vatAmount)).toBe('6.02');
    expect(text(totals.totalInclVat)).toBe('36.11');
  });

  it('keeps one VAT subtotal per rate', () => {
    const totals = documentTotals([line('10.00'), line('5.55', '0.055'), line('3.33')]);
    expect(totals.vat.map((v) => [v.rate.toFixed(), text(v.base), text(v.vat)])).toEqual([
      ['0.055', '5.55', '0.31'],
      ['0.2', '13.33', '2.67'],
    ]);
    expect(text(totals.totalInclVat)).toBe('21.86');
  });

  it('rounds a usage line once, on the exact sum of its calls', () => {
    const result = buildMonthInvoices(
      monthInput({
        month: '2026-03',
        customers: [customer({ id: 'C-1', orderDate: '2026-03-05' })],
        usage: [
          usage('C-1', 'a', 'destination-not-in-plan', '0.004999', 1),
          usage('C-1', 'b', 'destination-not-in-plan', '1.0050', 3),
        ],
      }),
    );
    const lines = result.documents[0]?.lines ?? [];
    expect(lines.map((l) => [l.accountId, text(l.amount), l.periodStart, l.periodEnd])).toEqual([
      ['a', '0.00', '2026-02-01', '2026-02-28'],
      ['b', '1.01', '2026-02-01', '2026-02-28'],
    ]);
  });

  it('rounds a fee with more decimals half-up on its line', () => {
    const plan = { ...PLAN, monthlyFee: '19.995' };
    const result = buildMonthInvoices(
      monthInput({
        month: '2026-03',
        plans: [plan],
        customers: [customer({ id: 'C-1' })],
        accounts: [account('a', 'C-1', '2025-01-01')],
      }),
    );
    const [first] = result.documents[0]?.lines ?? [];
    expect(first?.unitPrice?.toFixed()).toBe('19.995');
    expect(text(first?.amount ?? money(0))).toBe('20.00');
  });

  it('dates the invoice the 1st of the month and makes it due 10 calendar days later', () => {
    expect(invoiceDateOf('2026-02')).toBe('2026-02-01');
    expect(dueDateOf('2026-02-01')).toBe('2026-02-11');
    expect(dueDateOf('2026-12-25')).toBe('2027-01-04');
  });
});
