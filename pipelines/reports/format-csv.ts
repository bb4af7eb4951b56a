import { FAIR_USE_RULES } from '../fair-use/breach.ts';
import { RATING_REASONS } from '../rating/rated-call.ts';
import type { AccountReportRow, UsageReportView } from './usage-report.ts';

/**
 * The usage report as CSV (RFC 4180): a header row, then one row per listed account with its customer id,
 * in the report's order; CRLF after every record; fields quoted when they hold a comma, a double quote, CR
 * or LF (quotes doubled). Decimal strings are written as read from ClickHouse, minutes with 2 decimals.
 *
 * The columns are fixed, so spreadsheets and scripts can rely on them: a `calls_` and an `amount_` column
 * for every rating reason and a `breaches_` column for every fair-use rule (`0` when none), then the same
 * for any reason or rule the data holds that this version does not know, sorted.
 */
export function formatUsageCsv(report: UsageReportView): string {
  const accounts = report.customers.flatMap((customer) => customer.accounts);
  const reasons = withUnknown(
    RATING_REASONS,
    accounts.flatMap((account) => account.byReason.map((line) => line.reason)),
  );
  const rules = withUnknown(
    FAIR_USE_RULES,
    accounts.flatMap((account) => account.breachesByRule.map((line) => line.rule)),
  );
  const header = [
    ...FIXED_COLUMNS,
    ...reasons.flatMap((reason) => [`calls_${columnName(reason)}`, `amount_${columnName(reason)}`]),
    ...rules.map((rule) => `breaches_${columnName(rule)}`),
  ];
  const records = accounts.map((account) => [
    ...fixedFields(report.period.month, account),
    ...reasons.flatMap((reason) => {
      const line = account.byReason.find((candidate) => candidate.reason === reason);
      return [String(line?.calls ?? 0), line?.amount ?? '0'];
    }),
    ...rules.map((rule) =>
      String(account.breachesByRule.find((candidate) => candidate.rule === rule)?.breaches ?? 0),
    ),
  ]);
  return [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}

const FIXED_COLUMNS = [
  'month',
  'customer_id',
  'account_id',
  'currency',
  'calls',
  'answered_calls',
  'in_plan_calls',
  'off_plan_calls',
  'in_plan_seconds',
  'off_plan_seconds',
  'off_plan_charged_seconds',
  'in_plan_minutes',
  'off_plan_minutes',
  'off_plan_amount',
  'breaches',
] as const;

function fixedFields(month: string, account: AccountReportRow): string[] {
  return [
    month,
    account.customerId,
    account.accountId,
    account.currencies.join(' '),
    String(account.calls),
    String(account.answeredCalls),
    String(account.inPlanCalls),
    String(account.offPlanCalls),
    String(account.inPlanSeconds),
    String(account.offPlanSeconds),
    String(account.offPlanChargedSeconds),
    account.inPlanMinutes,
    account.offPlanMinutes,
    account.offPlanAmount,
    String(account.breaches),
  ];
}

/** RFC 4180 section 2: quote a field holding a comma, a double quote, CR or LF; double its quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `destination-not-in-plan` -> `destination_not_in_plan`. */
function columnName(key: string): string {
  return key.replace(/[^A-Za-z0-9]+/g, '_');
}

function withUnknown(known: readonly string[], present: readonly string[]): string[] {
  const unknown = [...new Set(present.filter((key) => !known.includes(key)))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return [...known, ...unknown];
}
