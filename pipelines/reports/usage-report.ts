import type { UsageFigures, UsageReport } from '../clickhouse/usage-queries.ts';
import { FAIR_USE_RULES } from '../fair-use/breach.ts';
import { RATING_REASONS } from '../rating/rated-call.ts';
import { minutesOfSeconds, sumDecimals, twoDecimals } from './report-decimal.ts';
import { reportPeriod, type ReportPeriod } from './report-period.ts';

/** Calls and amount (exact decimal string) under one rating reason. */
export interface ReasonUsage {
  readonly reason: string;
  readonly calls: number;
  readonly amount: string;
}

export interface RuleBreaches {
  readonly rule: string;
  readonly breaches: number;
}

/**
 * What a report shows for an account, a customer or the total: the usage figures as queried, with the
 * per-reason and per-rule maps turned into ordered lists (reasons in the order of RATING_REASONS, rules in
 * the order of FAIR_USE_RULES, unknown ones last, sorted; minutes with exactly 2 decimals).
 */
export type ReportFigures = Omit<
  UsageFigures,
  'amountByReason' | 'callsByReason' | 'breachesByRule' | 'source' | 'archivedAt'
> & {
  readonly byReason: readonly ReasonUsage[];
  readonly breachesByRule: readonly RuleBreaches[];
};

export type AccountReportRow = ReportFigures & {
  readonly customerId: string;
  readonly accountId: string;
};

export interface CustomerReportRow extends ReportFigures {
  readonly customerId: string;
  /** The customer's accounts with usage this month (the figures cover them all). */
  readonly accountCount: number;
  /** The customer's accounts the report lists (one, with an account filter), by account id. */
  readonly accounts: readonly AccountReportRow[];
}

export interface UsageReportFilter {
  readonly customerId?: string;
  readonly accountId?: string;
}

export interface UsageReportView {
  readonly period: ReportPeriod;
  readonly filter: { readonly customerId: string | null; readonly accountId: string | null };
  /** Currencies of every figure shown; one in a normal deployment, none without calls. */
  readonly currencies: readonly string[];
  /** Set when some figures come from the archive (detailed rows expired): the latest snapshot time. */
  readonly archivedAt: Date | null;
  /** By customer id. */
  readonly customers: readonly CustomerReportRow[];
  /** Sums of the listed accounts (not of the customers' other accounts). */
  readonly totals: ReportFigures & { readonly accountCount: number };
}

/**
 * Turns queryUsage's result into report rows: each customer with its listed accounts and its whole-month
 * figures, and the total of the listed accounts. Pure; decimals stay exact strings (totals are summed
 * with decimal.js, minutes of totals come from the summed seconds, as ClickHouse computes them).
 */
export function buildUsageReport(usage: UsageReport, filter: UsageReportFilter = {}): UsageReportView {
  const accountRows = usage.accounts.map((account): AccountReportRow => ({
    customerId: account.customerId,
    accountId: account.accountId,
    ...reportFigures(account),
  }));
  const customerIds = [...new Set(accountRows.map((row) => row.customerId))].sort(compareText);
  const customers = customerIds.map((customerId): CustomerReportRow => {
    const accounts = accountRows
      .filter((row) => row.customerId === customerId)
      .sort((a, b) => compareText(a.accountId, b.accountId));
    const usageOfCustomer = usage.customers.find((customer) => customer.customerId === customerId);
    // The customer's totals are read by a second query; should it miss, its listed accounts stand in.
    return usageOfCustomer === undefined
      ? { customerId, accountCount: accounts.length, accounts, ...totalOf(accounts) }
      : { customerId, accountCount: usageOfCustomer.accounts, accounts, ...reportFigures(usageOfCustomer) };
  });
  const archived = [...usage.accounts, ...usage.customers]
    .map((figures) => figures.archivedAt)
    .filter((at): at is Date => at !== null)
    .sort((a, b) => a.getTime() - b.getTime());
  return {
    period: reportPeriod(usage.month),
    filter: { customerId: filter.customerId ?? null, accountId: filter.accountId ?? null },
    currencies: unionSorted([...accountRows, ...customers].map((row) => row.currencies)),
    archivedAt: archived.at(-1) ?? null,
    customers,
    totals: { accountCount: accountRows.length, ...totalOf(accountRows) },
  };
}

function reportFigures(figures: UsageFigures): ReportFigures {
  const reasons = new Set([...Object.keys(figures.amountByReason), ...Object.keys(figures.callsByReason)]);
  return {
    calls: figures.calls,
    answeredCalls: figures.answeredCalls,
    inPlanCalls: figures.inPlanCalls,
    offPlanCalls: figures.offPlanCalls,
    inPlanSeconds: figures.inPlanSeconds,
    offPlanSeconds: figures.offPlanSeconds,
    offPlanChargedSeconds: figures.offPlanChargedSeconds,
    inPlanMinutes: twoDecimals(figures.inPlanMinutes),
    offPlanMinutes: twoDecimals(figures.offPlanMinutes),
    offPlanAmount: figures.offPlanAmount,
    currencies: [...figures.currencies].sort(compareText),
    byReason: inOrder([...reasons], RATING_REASONS)
      .map((reason) => ({
        reason,
        calls: figures.callsByReason[reason] ?? 0,
        amount: figures.amountByReason[reason] ?? '0',
      }))
      .filter((line) => line.calls > 0 || sumDecimals([line.amount]) !== '0'),
    breaches: figures.breaches,
    breachesByRule: inOrder(Object.keys(figures.breachesByRule), FAIR_USE_RULES)
      .map((rule) => ({ rule, breaches: figures.breachesByRule[rule] ?? 0 }))
      .filter((line) => line.breaches > 0),
  };
}

/** The sum of rows: counts added, amounts summed exactly, minutes from the summed seconds. */
function totalOf(rows: readonly ReportFigures[]): ReportFigures {
  const count = (pick: (row: ReportFigures) => number): number =>
    rows.reduce((sum, row) => sum + pick(row), 0);
  const inPlanSeconds = count((row) => row.inPlanSeconds);
  const offPlanSeconds = count((row) => row.offPlanSeconds);
  const reasons = inOrder(
    [...new Set(rows.flatMap((row) => row.byReason.map((line) => line.reason)))],
    RATING_REASONS,
  );
  const rules = inOrder(
    [...new Set(rows.flatMap((row) => row.breachesByRule.map((line) => line.rule)))],
    FAIR_USE_RULES,
  );
  return {
    calls: count((row) => row.calls),
    answeredCalls: count((row) => row.answeredCalls),
    inPlanCalls: count((row) => row.inPlanCalls),
    offPlanCalls: count((row) => row.offPlanCalls),
    inPlanSeconds,
    offPlanSeconds,
    offPlanChargedSeconds: count((row) => row.offPlanChargedSeconds),
    inPlanMinutes: minutesOfSeconds(inPlanSeconds),
    offPlanMinutes: minutesOfSeconds(offPlanSeconds),
    offPlanAmount: sumDecimals(rows.map((row) => row.offPlanAmount)),
    currencies: unionSorted(rows.map((row) => row.currencies)),
    byReason: reasons.map((reason) => {
      const lines = rows.flatMap((row) => row.byReason.filter((line) => line.reason === reason));
      return {
        reason,
        calls: lines.reduce((sum, line) => sum + line.calls, 0),
        amount: sumDecimals(lines.map((line) => line.amount)),
      };
    }),
    breaches: count((row) => row.breaches),
    breachesByRule: rules.map((rule) => ({
      rule,
      breaches: rows
        .flatMap((row) => row.breachesByRule.filter((line) => line.rule === rule))
        .reduce((sum, line) => sum + line.breaches, 0),
    })),
  };
}

/** Known keys in their canonical order, then unknown keys sorted. */
function inOrder(keys: readonly string[], canonical: readonly string[]): string[] {
  const present = new Set(keys);
  const known = canonical.filter((key) => present.has(key));
  const unknown = keys.filter((key) => !canonical.includes(key)).sort(compareText);
  return [...known, ...unknown];
}

function unionSorted(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort(compareText);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
