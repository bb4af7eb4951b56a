import type { ReportFigures, UsageReportView } from './usage-report.ts';

/**
 * The usage report as JSON, indented by 2, ending with a newline. Keys come in a fixed order (objects are
 * built field by field; reasons and rules in their canonical order), so two runs over the same data give
 * the same bytes. Decimals are strings (amounts exact as read from ClickHouse, minutes with 2 decimals);
 * counts and seconds are numbers; instants are ISO 8601.
 *
 * Shape: { report, month, label, timeZone, period { start, end }, filter { customerId, accountId },
 * currencies, archivedAt, totals { accounts, ...figures }, customers [{ customerId, accountCount,
 * ...figures, accounts [{ accountId, ...figures }] }] } where figures are calls, answeredCalls,
 * inPlanCalls, offPlanCalls, inPlanSeconds, offPlanSeconds, offPlanChargedSeconds, inPlanMinutes,
 * offPlanMinutes, offPlanAmount, currencies, byReason { reason: { calls, amount } }, breaches,
 * breachesByRule { rule: count }.
 */
export function formatUsageJson(report: UsageReportView): string {
  const document = {
    report: 'usage',
    month: report.period.month,
    label: report.period.label,
    timeZone: report.period.timeZone,
    period: { start: report.period.startLocal, end: report.period.endLocal },
    filter: { customerId: report.filter.customerId, accountId: report.filter.accountId },
    currencies: report.currencies,
    archivedAt: report.archivedAt === null ? null : report.archivedAt.toISOString(),
    totals: { accounts: report.totals.accountCount, ...figures(report.totals) },
    customers: report.customers.map((customer) => ({
      customerId: customer.customerId,
      accountCount: customer.accountCount,
      ...figures(customer),
      accounts: customer.accounts.map((account) => ({ accountId: account.accountId, ...figures(account) })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function figures(row: ReportFigures): Record<string, unknown> {
  return {
    calls: row.calls,
    answeredCalls: row.answeredCalls,
    inPlanCalls: row.inPlanCalls,
    offPlanCalls: row.offPlanCalls,
    inPlanSeconds: row.inPlanSeconds,
    offPlanSeconds: row.offPlanSeconds,
    offPlanChargedSeconds: row.offPlanChargedSeconds,
    inPlanMinutes: row.inPlanMinutes,
    offPlanMinutes: row.offPlanMinutes,
    offPlanAmount: row.offPlanAmount,
    currencies: row.currencies,
    byReason: Object.fromEntries(
      row.byReason.map((line) => [line.reason, { calls: line.calls, amount: line.amount }]),
    ),
    breaches: row.breaches,
    breachesByRule: Object.fromEntries(row.breachesByRule.map((line) => [line.rule, line.breaches])),
  };
}
