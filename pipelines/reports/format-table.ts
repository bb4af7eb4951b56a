import { padDecimals } from './report-decimal.ts';
import { renderTextTable, type TextColumn, type TextRow } from './text-table.ts';
import type { CustomerReportRow, ReportFigures, UsageReportView } from './usage-report.ts';

/**
 * The usage report as aligned plain text for a terminal: a header (the Paris month and its bounds, the
 * currency), the figures per account with customer subtotals and a totals line, then calls and amounts
 * by rating reason and breaches by fair-use rule. Amounts are the exact decimal strings, padded with
 * zeros so that decimal points line up. Ends with a newline.
 */
export function formatUsageTable(report: UsageReportView): string {
  const lines = [...header(report), ''];
  if (report.customers.length === 0) {
    lines.push('No usage recorded for this month.');
  } else {
    lines.push(...mainTable(report), '', ...reasonSection(report), '', ...breachSection(report));
  }
  return `${lines.join('\n')}\n`;
}

function header(report: UsageReportView): string[] {
  const { period, filter, currencies } = report;
  const lines = [
    `Usage report: ${period.label} (${period.month}), Europe/Paris time`,
    `Period: ${localTime(period.startLocal)} to ${localTime(period.endLocal)} (end excluded)`,
  ];
  if (filter.customerId !== null) lines.push(`Customer: ${filter.customerId}`);
  if (filter.accountId !== null) lines.push(`Account: ${filter.accountId}`);
  lines.push(
    currencies.length === 0
      ? 'Currency: none (no rated calls)'
      : currencies.length === 1
        ? `Currency: ${currencies.join('')}, amounts excluding VAT`
        : `Currencies: ${currencies.join(', ')} (amounts of different currencies are summed together: check the tariffs), excluding VAT`,
    'Minutes: billable minutes, 2 decimals',
  );
  if (report.archivedAt !== null) {
    lines.push(
      `Source: monthly snapshot taken ${report.archivedAt.toISOString()} (the detailed rows have expired)`,
    );
  }
  return lines;
}

/** `2026-03-01T00:00:00+01:00` -> `2026-03-01 00:00 (UTC+01:00)`. */
function localTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} (UTC${iso.slice(19)})`;
}

const MAIN_COLUMNS: readonly TextColumn[] = [
  { header: 'CUSTOMER', align: 'left' },
  { header: 'ACCOUNT', align: 'left' },
  { header: 'CALLS', align: 'right' },
  { header: 'ANSWERED', align: 'right' },
  { header: 'IN-PLAN MIN', align: 'right' },
  { header: 'OFF-PLAN MIN', align: 'right' },
  { header: 'OFF-PLAN AMOUNT', align: 'right' },
  { header: 'BREACHES', align: 'right' },
];
const AMOUNT_COLUMN = 6;

function mainTable(report: UsageReportView): string[] {
  const cells = (customer: string, account: string, figures: ReportFigures): string[] => [
    customer,
    account,
    String(figures.calls),
    String(figures.answeredCalls),
    figures.inPlanMinutes,
    figures.offPlanMinutes,
    figures.offPlanAmount,
    String(figures.breaches),
  ];
  const rows: (string[] | 'rule')[] = [];
  for (const customer of report.customers) {
    for (const account of customer.accounts)
      rows.push(cells(customer.customerId, account.accountId, account));
    if (showsSubtotal(customer)) rows.push(cells(customer.customerId, allAccounts(customer), customer));
  }
  rows.push('rule', cells('TOTAL', accounts(report.totals.accountCount), report.totals));
  return renderTextTable(MAIN_COLUMNS, alignAmounts(rows, AMOUNT_COLUMN));
}

const REASON_COLUMNS: readonly TextColumn[] = [
  { header: 'CUSTOMER', align: 'left' },
  { header: 'ACCOUNT', align: 'left' },
  { header: 'REASON', align: 'left' },
  { header: 'CALLS', align: 'right' },
  { header: 'AMOUNT', align: 'right' },
];

function reasonSection(report: UsageReportView): string[] {
  if (report.totals.byReason.length === 0) return ['Calls and amounts by reason: none'];
  const rows = detailRows(report, (customer, account, figures) =>
    figures.byReason.map((line) => [customer, account, line.reason, String(line.calls), line.amount]),
  );
  return ['Calls and amounts by reason', ...renderTextTable(REASON_COLUMNS, alignAmounts(rows, 4))];
}

const BREACH_COLUMNS: readonly TextColumn[] = [
  { header: 'CUSTOMER', align: 'left' },
  { header: 'ACCOUNT', align: 'left' },
  { header: 'RULE', align: 'left' },
  { header: 'BREACHES', align: 'right' },
];

function breachSection(report: UsageReportView): string[] {
  if (report.totals.breachesByRule.length === 0) return ['Fair-use breaches: none'];
  const rows = detailRows(report, (customer, account, figures) =>
    figures.breachesByRule.map((line) => [customer, account, line.rule, String(line.breaches)]),
  );
  return ['Fair-use breaches by rule', ...renderTextTable(BREACH_COLUMNS, rows)];
}

/** Lines of each account, of each customer shown with a subtotal, then of the total. */
function detailRows(
  report: UsageReportView,
  linesOf: (customer: string, account: string, figures: ReportFigures) => string[][],
): (string[] | 'rule')[] {
  const rows: (string[] | 'rule')[] = [];
  for (const customer of report.customers) {
    for (const account of customer.accounts)
      rows.push(...linesOf(customer.customerId, account.accountId, account));
    if (showsSubtotal(customer)) rows.push(...linesOf(customer.customerId, allAccounts(customer), customer));
  }
  rows.push('rule', ...linesOf('TOTAL', accounts(report.totals.accountCount), report.totals));
  return rows;
}

/** A customer line adds nothing when it is the figures of its one account, listed just above. */
function showsSubtotal(customer: CustomerReportRow): boolean {
  return customer.accounts.length > 1 || customer.accountCount !== customer.accounts.length;
}

function allAccounts(customer: CustomerReportRow): string {
  return `all ${accounts(customer.accountCount)}`;
}

function accounts(count: number): string {
  return `${count} account${count === 1 ? '' : 's'}`;
}

function alignAmounts(rows: readonly (string[] | 'rule')[], column: number): TextRow[] {
  const amounts = padDecimals(rows.flatMap((row) => (row === 'rule' ? [] : [row[column] ?? '0'])));
  let next = 0;
  return rows.map((row) =>
    row === 'rule' ? row : row.map((cell, i) => (i === column ? (amounts[next++] ?? cell) : cell)),
  );
}
