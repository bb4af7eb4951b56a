import { describe, expect, it } from 'vitest';
import { formatUsageTable } from '../../pipelines/reports/format-table.ts';
import { renderTextTable } from '../../pipelines/reports/text-table.ts';
import { buildUsageReport } from '../../pipelines/reports/usage-report.ts';
import { account, customer, sampleUsage } from './usage-fixtures.ts';

const EXPECTED = `Usage report: March 2026 (2026-03), Europe/Paris time
Period: 2026-03-01 00:00 (UTC+01:00) to 2026-04-01 00:00 (UTC+02:00) (end excluded)
Currency: EUR, amounts excluding VAT
Minutes: billable minutes, 2 decimals

CUSTOMER  ACCOUNT         CALLS  ANSWERED  IN-PLAN MIN  OFF-PLAN MIN  OFF-PLAN AMOUNT  BREACHES
--------  --------------  -----  --------  -----------  ------------  ---------------  --------
acme      acme-1              4         3         1.52          2.08          12.3457         1
acme      acme-2              2         2         0.50          1.00           0.1543         2
acme      all 2 accounts      6         5         2.02          3.08          12.5000         3
bistro    bistro-1            1         1        20.00          0.00           0.0000         0
--------  --------------  -----  --------  -----------  ------------  ---------------  --------
TOTAL     3 accounts          7         6        22.02          3.08          12.5000         3

Calls and amounts by reason
CUSTOMER  ACCOUNT         REASON                   CALLS   AMOUNT
--------  --------------  -----------------------  -----  -------
acme      acme-1          in-plan                      2   0.0000
acme      acme-1          not-answered                 1   0.0000
acme      acme-1          destination-not-in-plan      1  12.3457
acme      acme-2          in-plan                      1   0.0000
acme      acme-2          third-party-device           1   0.1543
acme      all 2 accounts  in-plan                      3   0.0000
acme      all 2 accounts  not-answered                 1   0.0000
acme      all 2 accounts  destination-not-in-plan      1  12.3457
acme      all 2 accounts  third-party-device           1   0.1543
bistro    bistro-1        in-plan                      1   0.0000
--------  --------------  -----------------------  -----  -------
TOTAL     3 accounts      in-plan                      4   0.0000
TOTAL     3 accounts      not-answered                 1   0.0000
TOTAL     3 accounts      destination-not-in-plan      1  12.3457
TOTAL     3 accounts      third-party-device           1   0.1543

Fair-use breaches by rule
CUSTOMER  ACCOUNT         RULE                BREACHES
--------  --------------  ------------------  --------
acme      acme-1          concurrent-calls           1
acme      acme-2          distinct-numbers           1
acme      acme-2          third-party-device         1
acme      all 2 accounts  distinct-numbers           1
acme      all 2 accounts  concurrent-calls           1
acme      all 2 accounts  third-party-device         1
--------  --------------  ------------------  --------
TOTAL     3 accounts      distinct-numbers           1
TOTAL     3 accounts      concurrent-calls           1
TOTAL     3 accounts      third-party-device         1
`;

describe('formatUsageTable', () => {
  it('prints the header, the aligned figures with subtotals and totals, reasons and breaches', () => {
    expect(formatUsageTable(buildUsageReport(sampleUsage()))).toBe(EXPECTED);
  });

  it('right-aligns every numeric column: each line of a table ends its cells at the same columns', () => {
    const lines = formatUsageTable(buildUsageReport(sampleUsage())).split('\n');
    const table = lines.slice(lines.indexOf('') + 1, lines.indexOf('', lines.indexOf('') + 1));
    expect(table).toHaveLength(8);
    const widths = new Set(table.map((line) => line.length));
    expect(widths).toEqual(new Set([table[0]?.length]));
    // The decimal points of the amounts are in one column.
    const points = table
      .slice(2)
      .filter((line) => !line.startsWith('-'))
      .map((line) => line.lastIndexOf('.'));
    expect(new Set(points).size).toBe(1);
  });

  it('shows no subtotal for a customer with one account, and one for an account filter', () => {
    const usage = sampleUsage();
    const byAccount = buildUsageReport(
      { ...usage, accounts: usage.accounts.slice(1, 2), customers: usage.customers.slice(0, 1) },
      { accountId: 'acme-2' },
    );
    const text = formatUsageTable(byAccount);
    expect(text).toContain('\nAccount: acme-2\n');
    expect(text).toContain(
      'acme      all 2 accounts      6         5         2.02          3.08          12.5000         3\n',
    );
    expect(text).toContain(
      'TOTAL     1 account           2         2         0.50          1.00           0.1543         2\n',
    );
    expect(formatUsageTable(buildUsageReport(sampleUsage()))).not.toContain('all 1 account');
  });

  it('says when nothing was recorded, and names the filter', () => {
    const text = formatUsageTable(
      buildUsageReport({ month: '2025-10', accounts: [], customers: [] }, { customerId: 'nobody' }),
    );
    expect(text).toBe(
      [
        'Usage report: October 2025 (2025-10), Europe/Paris time',
        'Period: 2025-10-01 00:00 (UTC+02:00) to 2025-11-01 00:00 (UTC+01:00) (end excluded)',
        'Customer: nobody',
        'Currency: none (no rated calls)',
        'Minutes: billable minutes, 2 decimals',
        '',
        'No usage recorded for this month.',
        '',
      ].join('\n'),
    );
  });

  it('warns about mixed currencies and archived figures, and says when there were no breaches', () => {
    const snapshot = new Date('2027-04-30T01:00:00.000Z');
    const text = formatUsageTable(
      buildUsageReport({
        month: '2026-03',
        accounts: [account('c', 'a', { calls: 1, currencies: ['EUR', 'USD'], archivedAt: snapshot })],
        customers: [customer('c', 1, { calls: 1, currencies: ['EUR', 'USD'], archivedAt: snapshot })],
      }),
    );
    expect(text).toContain('Currencies: EUR, USD (amounts of different currencies are summed together');
    expect(text).toContain(
      'Source: monthly snapshot taken 2027-04-30T01:00:00.000Z (the detailed rows have expired)',
    );
    expect(text).toContain('\nCalls and amounts by reason: none\n');
    expect(text).toContain('\nFair-use breaches: none\n');
  });

  it('escapes control characters coming from the data', () => {
    const text = formatUsageTable(
      buildUsageReport({
        month: '2026-03',
        accounts: [account('c\u001b[31m', 'a\nb', { calls: 1 })],
        customers: [customer('c\u001b[31m', 1, { calls: 1 })],
      }),
    );
    expect(text).not.toContain('\u001b');
    expect(text).toContain('c\\x1b[31m  a\\x0ab');
  });
});

describe('renderTextTable', () => {
  it('pads by characters (a combining accent is no column), and leaves no trailing spaces', () => {
    const lines = renderTextTable(
      [
        { header: 'NAME', align: 'left' },
        { header: 'N', align: 'right' },
        { header: 'NOTE', align: 'left' },
      ],
      [['Zoe\u0301 Li', '1', ''], 'rule', ['x', '100', 'end']],
    );
    expect(lines).toEqual([
      'NAME      N  NOTE',
      '------  ---  ----',
      'Zoe\u0301 Li    1',
      '------  ---  ----',
      'x       100  end',
    ]);
  });
});
