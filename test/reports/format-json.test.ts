import { describe, expect, it } from 'vitest';
import { formatUsageJson } from '../../pipelines/reports/format-json.ts';
import { buildUsageReport } from '../../pipelines/reports/usage-report.ts';
import { account, customer, sampleUsage } from './usage-fixtures.ts';

const FIGURE_KEYS = [
  'calls',
  'answeredCalls',
  'inPlanCalls',
  'offPlanCalls',
  'inPlanSeconds',
  'offPlanSeconds',
  'offPlanChargedSeconds',
  'inPlanMinutes',
  'offPlanMinutes',
  'offPlanAmount',
  'currencies',
  'byReason',
  'breaches',
  'breachesByRule',
];

interface Document {
  readonly totals: Record<string, unknown>;
  readonly customers: readonly (Record<string, unknown> & { accounts: Record<string, unknown>[] })[];
}

describe('formatUsageJson', () => {
  it('writes the report with a fixed key order, ending with a newline', () => {
    const text = formatUsageJson(buildUsageReport(sampleUsage()));
    expect(text.endsWith('}\n')).toBe(true);
    const document = JSON.parse(text) as Document & Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'report',
      'month',
      'label',
      'timeZone',
      'period',
      'filter',
      'currencies',
      'archivedAt',
      'totals',
      'customers',
    ]);
    expect(document).toMatchObject({
      report: 'usage',
      month: '2026-03',
      label: 'March 2026',
      timeZone: 'Europe/Paris',
      period: { start: '2026-03-01T00:00:00+01:00', end: '2026-04-01T00:00:00+02:00' },
      filter: { customerId: null, accountId: null },
      currencies: ['EUR'],
      archivedAt: null,
    });
    expect(Object.keys(document.totals)).toEqual(['accounts', ...FIGURE_KEYS]);
    expect(Object.keys(document.customers[0] ?? {})).toEqual([
      'customerId',
      'accountCount',
      ...FIGURE_KEYS,
      'accounts',
    ]);
    expect(Object.keys(document.customers[0]?.accounts[0] ?? {})).toEqual(['accountId', ...FIGURE_KEYS]);
  });

  it('keeps decimals as strings: amounts as read, minutes with 2 decimals; reasons and rules in canonical order', () => {
    const document = JSON.parse(formatUsageJson(buildUsageReport(sampleUsage()))) as Document;
    expect(document.customers[0]?.accounts[0]).toMatchObject({
      accountId: 'acme-1',
      calls: 4,
      inPlanMinutes: '1.52',
      offPlanMinutes: '2.08',
      offPlanAmount: '12.3457',
      byReason: {
        'in-plan': { calls: 2, amount: '0' },
        'not-answered': { calls: 1, amount: '0' },
        'destination-not-in-plan': { calls: 1, amount: '12.3457' },
      },
      breachesByRule: { 'concurrent-calls': 1 },
    });
    expect(document.totals).toMatchObject({ accounts: 3, offPlanAmount: '12.5', inPlanMinutes: '22.02' });
    expect(Object.keys(document.totals['breachesByRule'] as object)).toEqual([
      'distinct-numbers',
      'concurrent-calls',
      'third-party-device',
    ]);
    // No amount or minutes is ever a JSON number.
    expect(formatUsageJson(buildUsageReport(sampleUsage()))).not.toMatch(
      /"(amount|offPlanAmount|\w+Minutes)": \d/,
    );
  });

  it('gives the same bytes for the same data, whatever order the maps came in', () => {
    const usage = sampleUsage();
    const reordered = {
      ...usage,
      accounts: usage.accounts.map((a) => ({
        ...a,
        amountByReason: Object.fromEntries(Object.entries(a.amountByReason).reverse()),
        callsByReason: Object.fromEntries(Object.entries(a.callsByReason).reverse()),
        breachesByRule: Object.fromEntries(Object.entries(a.breachesByRule).reverse()),
      })),
    };
    expect(formatUsageJson(buildUsageReport(reordered))).toBe(formatUsageJson(buildUsageReport(usage)));
  });

  it('keeps amounts beyond 2^53 units exact, and names the filter and the archive snapshot', () => {
    const snapshot = new Date('2027-04-30T01:00:00.000Z');
    const text = formatUsageJson(
      buildUsageReport(
        {
          month: '2026-03',
          accounts: [account('c', 'a', { offPlanAmount: '2999999999999.999997', archivedAt: snapshot })],
          customers: [customer('c', 1, { offPlanAmount: '2999999999999.999997', archivedAt: snapshot })],
        },
        { customerId: 'c' },
      ),
    );
    expect(text).toContain('"offPlanAmount": "2999999999999.999997"');
    expect(JSON.parse(text)).toMatchObject({
      filter: { customerId: 'c', accountId: null },
      archivedAt: '2027-04-30T01:00:00.000Z',
    });
  });
});
