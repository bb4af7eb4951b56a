import { describe, expect, it } from 'vitest';
import { money } from '../../pipelines/invoicing/billing-decimal.ts';
import { buildMonthInvoices } from '../../pipelines/invoicing/build-month-invoices.ts';
import { slaCreditLines } from '../../pipelines/invoicing/sla-credits.ts';
import { account, availability, customer, monthInput, text } from './fixtures.ts';

describe('SLA credits', () => {
  const accounts = [account('a', 'C-1', '2025-01-01'), account('b', 'C-1', '2025-01-01')];
  const withRate = (rate: string, overrides = {}) =>
    buildMonthInvoices(
      monthInput({
        month: '2026-04',
        customers: [customer({ id: 'C-1' })],
        accounts,
        availability: [availability('C-1', '2026-03', rate, overrides)],
      }),
    ).documents[0];

  it('credits the rate times the amount invoiced for the service in the measured month, as a negative line', () => {
    const invoice = withRate('0.10');
    const credit = invoice?.lines.find((l) => l.kind === 'sla-credit');
    // March subscriptions: 2 x 29.90 = 59.80; 10 % = 5.98
    expect(text(credit?.amount ?? money(0))).toBe('-5.98');
    expect(credit?.periodStart).toBe('2026-03-01');
    expect(credit?.evidence).toEqual(['T-1']);
    expect(text(invoice?.totals.totalExclVat ?? money(0))).toBe('53.82');
    expect(text(invoice?.totals.vatAmount ?? money(0))).toBe('10.76');
  });

  it('caps the credit at 20 % of the service fee', () => {
    const credit = withRate('0.35')?.lines.find((l) => l.kind === 'sla-credit');
    expect(text(credit?.amount ?? money(0))).toBe('-11.96');
  });

  it('applies the rate as stored (already capped over 30 days by availability), never above 20 %', () => {
    const base = new Map([['hosted-telephony', money('59.85')]]);
    const at = (rate: string) =>
      slaCreditLines('C-1', [availability('C-1', '2026-02', rate)], base, '2026-03', '0.20').map((l) =>
        text(l.amount),
      );
    expect(at('0.05')).toEqual(['-2.99']); // 2.9925 -> 2.99
    expect(at('0.15')).toEqual(['-8.98']); // 8.9775 -> 8.98
    expect(at('0.20')).toEqual(['-11.97']); // 11.97
    expect(at('0.5')).toEqual(['-11.97']);
  });

  it('gives nothing to an ineligible customer, for a zero rate, or without an amount invoiced for the service', () => {
    expect(withRate('0.20', { slaEligible: false })?.lines.some((l) => l.kind === 'sla-credit')).toBe(false);
    expect(withRate('0')?.lines.some((l) => l.kind === 'sla-credit')).toBe(false);
    expect(withRate('0.20', { service: 'access-link' })?.lines.some((l) => l.kind === 'sla-credit')).toBe(
      false,
    );
  });

  it('applies per service: an access link credit is on the access link fee', () => {
    const result = buildMonthInvoices(
      monthInput({
        month: '2026-04',
        customers: [customer({ id: 'C-1' })],
        accounts,
        billing: {
          charges: [],
          contracts: [],
          payments: [],
          disputes: [],
          services: [
            {
              id: 's1',
              customerId: 'C-1',
              service: 'access-link',
              label: 'Lien fibre',
              monthlyAmount: money('120.00'),
              from: '2026-03-15',
            },
          ],
        },
        availability: [availability('C-1', '2026-03', '0.05', { service: 'access-link' })],
      }),
    );
    const lines = result.documents[0]?.lines ?? [];
    expect(lines.map((l) => [l.kind, l.service, text(l.amount)])).toEqual([
      ['subscription', 'hosted-telephony', '29.90'],
      ['subscription', 'hosted-telephony', '29.90'],
      ['recurring-service', 'access-link', '120.00'],
      ['sla-credit', 'access-link', '-6.00'],
    ]);
  });
});
