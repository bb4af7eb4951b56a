import { describe, expect, it } from 'vitest';
import { buildUsageReport } from '../../pipelines/reports/usage-report.ts';
import { account, customer, sampleUsage } from './usage-fixtures.ts';

describe('buildUsageReport', () => {
  it('groups the listed accounts under their customer, with the customer figures as read', () => {
    const report = buildUsageReport(sampleUsage());
    expect(
      report.customers.map((c) => [c.customerId, c.accountCount, c.accounts.map((a) => a.accountId)]),
    ).toEqual([
      ['acme', 2, ['acme-1', 'acme-2']],
      ['bistro', 1, ['bistro-1']],
    ]);
    expect(report.customers[0]).toMatchObject({ calls: 6, offPlanAmount: '12.5', inPlanMinutes: '2.02' });
    expect(report.filter).toEqual({ customerId: null, accountId: null });
    expect(report.period).toMatchObject({ month: '2026-03', label: 'March 2026' });
  });

  it('shows minutes with two decimals and keeps amounts as read', () => {
    const acme2 = buildUsageReport(sampleUsage()).customers[0]?.accounts[1];
    expect(acme2).toMatchObject({ inPlanMinutes: '0.50', offPlanMinutes: '1.00', offPlanAmount: '0.1543' });
  });

  it('totals the listed accounts exactly: counts, decimal amounts, minutes from the summed seconds', () => {
    const { totals } = buildUsageReport(sampleUsage());
    expect(totals).toMatchObject({
      accountCount: 3,
      calls: 7,
      answeredCalls: 6,
      inPlanSeconds: 1321,
      offPlanSeconds: 185,
      // 1321 s = 22.0166... min, 185 s = 3.0833... min
      inPlanMinutes: '22.02',
      offPlanMinutes: '3.08',
      offPlanAmount: '12.5',
      breaches: 3,
    });
    expect(totals.byReason).toEqual([
      { reason: 'in-plan', calls: 4, amount: '0' },
      { reason: 'not-answered', calls: 1, amount: '0' },
      { reason: 'destination-not-in-plan', calls: 1, amount: '12.3457' },
      { reason: 'third-party-device', calls: 1, amount: '0.1543' },
    ]);
    expect(totals.breachesByRule).toEqual([
      { rule: 'distinct-numbers', breaches: 1 },
      { rule: 'concurrent-calls', breaches: 1 },
      { rule: 'third-party-device', breaches: 1 },
    ]);
  });

  it('rounds total minutes from seconds, not by adding rounded minutes', () => {
    // 3 accounts of 1 s: each 0.02 minutes (0.01666 rounded), together 3 s = 0.05 minutes, not 0.06.
    const accounts = ['a', 'b', 'c'].map((id) =>
      account('cust', id, {
        calls: 1,
        answeredCalls: 1,
        inPlanCalls: 1,
        inPlanSeconds: 1,
        inPlanMinutes: '0.02',
      }),
    );
    const { totals } = buildUsageReport({ month: '2026-03', accounts, customers: [] });
    expect(totals.inPlanMinutes).toBe('0.05');
  });

  it('sums amounts beyond 2^53 units and with 6 decimals to the last digit', () => {
    const accounts = [
      account('c1', 'big', { offPlanAmount: '999999999999.999999' }),
      account('c2', 'big', { offPlanAmount: '999999999999.999999' }),
      account('c3', 'tiny', { offPlanAmount: '0.000002' }),
    ];
    const { totals } = buildUsageReport({ month: '2026-03', accounts, customers: [] });
    expect(totals.offPlanAmount).toBe('2000000000000');
    const three = buildUsageReport({
      month: '2026-03',
      accounts: ['x', 'y', 'z'].map((id) => account('c', id, { offPlanAmount: '0.1' })),
      customers: [],
    });
    expect(three.totals.offPlanAmount).toBe('0.3');
  });

  it('orders reasons and rules canonically, unknown ones last; drops empty ones', () => {
    const row = account('c', 'a', {
      calls: 3,
      amountByReason: { 'zz-future': '1.5', 'third-party-device': '0.2', 'in-plan': '0', emergency: '0' },
      callsByReason: { 'zz-future': 1, 'third-party-device': 1, 'in-plan': 1 },
      breachesByRule: { 'third-party-device': 1, 'registered-devices': 0, 'concurrent-calls': 2 },
    });
    const [line] = buildUsageReport({
      month: '2026-03',
      accounts: [row],
      customers: [customer('c', 1, {})],
    }).customers;
    expect(line?.accounts[0]?.byReason).toEqual([
      { reason: 'in-plan', calls: 1, amount: '0' },
      { reason: 'third-party-device', calls: 1, amount: '0.2' },
      { reason: 'zz-future', calls: 1, amount: '1.5' },
    ]);
    expect(line?.accounts[0]?.breachesByRule).toEqual([
      { rule: 'concurrent-calls', breaches: 2 },
      { rule: 'third-party-device', breaches: 1 },
    ]);
  });

  it('falls back to the listed accounts when a customer total is missing', () => {
    const usage = sampleUsage();
    const report = buildUsageReport({ ...usage, customers: usage.customers.slice(1) });
    expect(report.customers[0]).toMatchObject({
      customerId: 'acme',
      accountCount: 2,
      calls: 6,
      offPlanAmount: '12.5',
    });
  });

  it('keeps the filter, the currencies and the latest archive snapshot', () => {
    const snapshot = new Date('2027-04-30T01:00:00.000Z');
    const usage = {
      month: '2026-03',
      accounts: [account('c', 'a', { currencies: ['USD', 'EUR'], source: 'archive', archivedAt: snapshot })],
      customers: [customer('c', 3, { currencies: ['EUR', 'USD'], source: 'archive', archivedAt: snapshot })],
    };
    const report = buildUsageReport(usage, { accountId: 'a' });
    expect(report.filter).toEqual({ customerId: null, accountId: 'a' });
    expect(report.currencies).toEqual(['EUR', 'USD']);
    expect(report.archivedAt).toEqual(snapshot);
  });

  it('gives an empty report when nothing matched', () => {
    const report = buildUsageReport({ month: '2026-10', accounts: [], customers: [] });
    expect(report.customers).toEqual([]);
    expect(report.totals).toMatchObject({
      accountCount: 0,
      calls: 0,
      offPlanAmount: '0',
      inPlanMinutes: '0.00',
    });
    expect(report.currencies).toEqual([]);
  });
});
