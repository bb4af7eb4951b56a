import { describe, expect, it } from 'vitest';
import { sum } from '../../pipelines/invoicing/billing-decimal.ts';
import { buildMonthInvoices } from '../../pipelines/invoicing/build-month-invoices.ts';
import type { BreachReference } from '../../pipelines/invoicing/usage-inputs.ts';
import { account, customer, fairUseCall, monthInput, text, usage } from './fixtures.ts';

const breach = (
  overrides: Partial<BreachReference> & Pick<BreachReference, 'breachId' | 'rule'>,
): BreachReference => ({
  customerId: 'C-1',
  accountId: 'acc-1',
  at: new Date('2026-02-10T10:00:00Z'),
  rerateMonth: false,
  count: 4,
  limit: 3,
  ...overrides,
});

describe('complementary invoice for fair-use breaches', () => {
  // Usage of February as ClickHouse sums it: every off-plan reason, fair-use ones included.
  const february = [
    usage('C-1', 'acc-1', 'destination-not-in-plan', '3.4567', 4),
    usage('C-1', 'acc-1', 'concurrent-calls-exceeded', '0.3000', 2),
    usage('C-1', 'acc-1', 'third-party-device', '0.1000', 1),
  ];
  const calls = [
    fairUseCall('k1', 'C-1', 'acc-1', 'concurrent-calls-exceeded', '2026-02-10T10:00:00Z', '0.1500'),
    fairUseCall('k2', 'C-1', 'acc-1', 'concurrent-calls-exceeded', '2026-02-11T10:00:00Z', '0.1500'),
    fairUseCall('k3', 'C-1', 'acc-1', 'third-party-device', '2026-02-12T10:00:00Z', '0.1000'),
  ];
  const input = monthInput({
    month: '2026-03',
    customers: [customer({ id: 'C-1' })],
    accounts: [account('acc-1', 'C-1', '2025-06-01')],
    usage: february,
    fairUseCalls: calls,
    breaches: [
      breach({ breachId: 'b-concurrent', rule: 'concurrent-calls' }),
      breach({ breachId: 'b-device', rule: 'third-party-device', count: 1, limit: 0 }),
    ],
  });

  it('is a separate document listing the calls with the breach evidence, masked numbers only', () => {
    const result = buildMonthInvoices(input);
    expect(result.documents.map((d) => [d.invoiceId, d.kind])).toEqual([
      ['F-202603-C-1', 'invoice'],
      ['FC-202603-C-1', 'complementary'],
    ]);
    const complementary = result.documents[1];
    expect(
      complementary?.lines.map((l) => [
        l.kind,
        l.accountId,
        text(l.amount),
        l.quantity.toFixed(),
        l.evidence,
        l.calls.map((c) => c.callId),
      ]),
    ).toEqual([
      ['fair-use', 'acc-1', '0.30', '2', ['b-concurrent'], ['k1', 'k2']],
      ['fair-use', 'acc-1', '0.10', '1', ['b-device'], ['k3']],
    ]);
    expect(complementary?.lines[0]?.calls[0]?.maskedCallee).toBe('+336******78');
    expect(JSON.stringify(complementary)).not.toContain('+33612345678');
    expect(complementary?.dueDate).toBe('2026-03-11');
    expect(text(complementary?.totals.totalInclVat ?? sum([]))).toBe('0.48');
  });

  it('bills each call once: the fair-use calls are not on the regular usage line', () => {
    const result = buildMonthInvoices(input);
    const regular = result.documents[0];
    const usageLines = regular?.lines.filter((l) => l.kind === 'usage') ?? [];
    expect(usageLines.map((l) => [l.label.includes('hors forfait'), text(l.amount)])).toEqual([
      [true, '3.46'],
    ]);
    const billedUsage = sum(
      result.documents.flatMap((d) =>
        d.lines.filter((l) => l.kind === 'usage' || l.kind === 'fair-use').map((l) => l.amount),
      ),
    );
    // 3.4567 + 0.30 + 0.10, each line rounded: 3.46 + 0.30 + 0.10; never 3.86 + 0.40.
    expect(text(billedUsage)).toBe('3.86');
  });

  it('tells the whole-month re-rating apart: distinct-numbers calls before a rerate-month breach', () => {
    const result = buildMonthInvoices(
      monthInput({
        month: '2026-03',
        customers: [customer({ id: 'C-1' })],
        fairUseCalls: [
          fairUseCall('early', 'C-1', 'acc-1', 'distinct-numbers-exceeded', '2026-02-02T09:00:00Z', '0.0500'),
          fairUseCall('late', 'C-1', 'acc-1', 'distinct-numbers-exceeded', '2026-02-20T09:00:00Z', '0.0700'),
        ],
        breaches: [
          breach({
            breachId: 'b-distinct',
            rule: 'distinct-numbers',
            at: new Date('2026-02-20T09:00:00Z'),
            rerateMonth: true,
            count: 151,
            limit: 150,
          }),
        ],
      }),
    );
    const lines = result.documents.find((d) => d.kind === 'complementary')?.lines ?? [];
    expect(
      lines.map((l) => [
        l.label.startsWith('Refacturation du mois entier'),
        l.calls.map((c) => c.callId),
        l.evidence,
      ]),
    ).toEqual([
      [false, ['late'], ['b-distinct']],
      [true, ['early'], ['b-distinct']],
    ]);
  });

  it('produces no complementary invoice without fair-use calls', () => {
    const result = buildMonthInvoices({ ...input, fairUseCalls: [], usage: february.slice(0, 1) });
    expect(result.documents.map((d) => d.kind)).toEqual(['invoice']);
  });
});
