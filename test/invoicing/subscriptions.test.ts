import { describe, expect, it } from 'vitest';
import { buildMonthInvoices } from '../../pipelines/invoicing/build-month-invoices.ts';
import {
  firstBilledMonth,
  isAccountInServiceDuring,
  isCustomerBilledMonth,
  subscriptionLines,
} from '../../pipelines/invoicing/subscriptions.ts';
import { money } from '../../pipelines/invoicing/billing-decimal.ts';
import { PLAN, account, customer, monthInput, text } from './fixtures.ts';

describe('hosted telephony subscriptions, billed in advance from the month after the order', () => {
  const ordered15th = customer({ id: 'C-1', orderDate: '2026-01-15' });
  const accounts = [account('a-1', 'C-1', '2026-01-15'), account('a-2', 'C-1', '2026-01-20')];

  it('an order on the 15th is billed from the next month, not the month of the order', () => {
    expect(firstBilledMonth(ordered15th)).toBe('2026-02');
    expect(subscriptionLines(ordered15th, PLAN, accounts, '2026-01', '0.20')).toEqual([]);
    const february = subscriptionLines(ordered15th, PLAN, accounts, '2026-02', '0.20');
    expect(february.map((l) => [l.accountId, text(l.amount), l.periodStart, l.periodEnd])).toEqual([
      ['a-1', '29.90', '2026-02-01', '2026-02-28'],
      ['a-2', '29.90', '2026-02-01', '2026-02-28'],
    ]);
  });

  it('an order on the 1st or the last day of a month is also billed from the next month', () => {
    expect(firstBilledMonth(customer({ id: 'x', orderDate: '2026-03-01' }))).toBe('2026-04');
    expect(firstBilledMonth(customer({ id: 'x', orderDate: '2026-12-31' }))).toBe('2027-01');
  });

  it('a month begun is due in full: a termination on the 10th bills that whole month, not the next', () => {
    const terminated = customer({ id: 'C-2', orderDate: '2025-06-01', terminationDate: '2026-03-10' });
    const lines = subscriptionLines(
      terminated,
      PLAN,
      [account('b-1', 'C-2', '2025-06-01', '2026-03-10')],
      '2026-03',
      '0.20',
    );
    expect(lines.map((l) => text(l.amount))).toEqual(['29.90']);
    expect(lines[0]?.quantity.toFixed()).toBe('1');
    expect(isCustomerBilledMonth(terminated, '2026-03')).toBe(true);
    expect(isCustomerBilledMonth(terminated, '2026-04')).toBe(false);
    expect(
      subscriptionLines(terminated, PLAN, [account('b-1', 'C-2', '2025-06-01')], '2026-04', '0.20'),
    ).toEqual([]);
  });

  it('an account in service one day of the month is billed for the month; one ended before is not', () => {
    expect(isAccountInServiceDuring(account('a', 'c', '2026-03-31'), '2026-03')).toBe(true);
    expect(isAccountInServiceDuring(account('a', 'c', '2025-01-01', '2026-03-01'), '2026-03')).toBe(true);
    expect(isAccountInServiceDuring(account('a', 'c', '2025-01-01', '2026-02-28'), '2026-03')).toBe(false);
    expect(isAccountInServiceDuring(account('a', 'c', '2026-04-01'), '2026-03')).toBe(false);
  });

  it('bills per SIP account: three accounts, three lines at the plan fee', () => {
    const result = buildMonthInvoices(
      monthInput({
        month: '2026-03',
        customers: [customer({ id: 'C-3' })],
        accounts: [
          account('z', 'C-3', '2025-07-01'),
          account('y', 'C-3', '2025-07-01'),
          account('x', 'C-3', '2026-03-20'),
        ],
      }),
    );
    const [invoice] = result.documents;
    expect(invoice?.invoiceId).toBe('F-202603-C-3');
    expect(invoice?.invoiceDate).toBe('2026-03-01');
    expect(invoice?.dueDate).toBe('2026-03-11');
    expect(invoice?.lines.map((l) => [l.lineNo, l.accountId])).toEqual([
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
    expect(text(invoice?.totals.totalExclVat ?? money(0))).toBe('89.70');
    expect(text(invoice?.totals.vatAmount ?? money(0))).toBe('17.94');
    expect(text(invoice?.totals.totalInclVat ?? money(0))).toBe('107.64');
  });
});
