import type { ClickHouseClient } from '@clickhouse/client';
import { PipelineError } from '../core/errors.ts';
import { toClickHouseError } from './errors.ts';
import { monthOfStartDate, monthStartDate } from './rating-rows.ts';

/**
 * Monthly usage per account and per customer, read from the views of migration 0004.
 *
 * Why read-time aggregation over `rated_calls FINAL` (`monthly_usage_live`), and not an incremental
 * materialized view: an insert-triggered view sees only the inserted block, never the row a replay or a
 * re-rating replaces, so it counts a replayed call twice (or must keep one argMax state per call, which is
 * a second copy of the detailed rows, with their retention problem). A refreshable materialized view of
 * the FINAL aggregation (chDB 26.7 runs them, APPEND included) is correct only as of its last refresh:
 * `cdr-pipeline report usage` right after an import, or an invoice right after a correction, would read
 * stale figures. Reading with FINAL is exact the moment an insert returns, and costs one month's partition
 * (one key range with an account filter). The refreshable view is used where staleness does not matter:
 * snapshotting the month that expires next into `monthly_usage_archive` (migration 0005), which the
 * `monthly_usage` view reads once a month's detailed rows are gone.
 */
export interface UsageQuery {
  /** `YYYY-MM`, a Europe/Paris calendar month. */
  readonly month: string;
  readonly customerId?: string;
  readonly accountId?: string;
}

/** What is counted for an account or a customer in a month. Decimals are exact strings as ClickHouse prints them. */
export interface UsageFigures {
  /** Every rated call (answered or not, emergency included). */
  readonly calls: number;
  /** Calls with billable seconds. */
  readonly answeredCalls: number;
  /** Calls covered at no charge (in plan, emergency). */
  readonly inPlanCalls: number;
  /** Answered calls not covered: billed per minute (or waiting for a tariff, reason no-tariff). */
  readonly offPlanCalls: number;
  readonly inPlanSeconds: number;
  readonly offPlanSeconds: number;
  /** Off-plan seconds after the tariffs' billing increments. */
  readonly offPlanChargedSeconds: number;
  /** Billable seconds / 60, rounded half away from zero to 2 decimals (`"1.52"`; `"0"`). */
  readonly inPlanMinutes: string;
  readonly offPlanMinutes: string;
  /** Exact sum of the off-plan amounts, excluding VAT (`"12.345678"`, `"0"`). */
  readonly offPlanAmount: string;
  /** The currencies of the month's calls; one in a normal deployment. Amounts are summed across them. */
  readonly currencies: readonly string[];
  /** Sum of amounts by rating reason. */
  readonly amountByReason: Readonly<Record<string, string>>;
  readonly callsByReason: Readonly<Record<string, number>>;
  /** Distinct fair-use breaches (by breach id). */
  readonly breaches: number;
  readonly breachesByRule: Readonly<Record<string, number>>;
  /** 'live': aggregated from the detailed rows now; 'archive': the month's last snapshot (rows expired). */
  readonly source: 'live' | 'archive';
  readonly archivedAt: Date | null;
}

export interface AccountUsage extends UsageFigures {
  readonly month: string;
  readonly customerId: string;
  readonly accountId: string;
}

export interface CustomerUsage extends UsageFigures {
  readonly month: string;
  readonly customerId: string;
  /** Accounts of the customer with calls or breaches this month. */
  readonly accounts: number;
}

export interface UsageReport {
  readonly month: string;
  /** The accounts matching the query, by customer id then account id. */
  readonly accounts: readonly AccountUsage[];
  /**
   * The whole-month totals of every customer owning one of `accounts` (all of the customer's accounts,
   * even when the query named one account), by customer id.
   */
  readonly customers: readonly CustomerUsage[];
}

const FIGURE_COLUMNS = `calls, answered_calls, in_plan_calls, off_plan_calls, in_plan_seconds, off_plan_seconds,
  off_plan_charged_seconds, in_plan_minutes, off_plan_minutes, off_plan_amount, currencies, amount_by_reason,
  calls_by_reason, breaches, breaches_by_rule, source, archived_at`;

/**
 * Reads one month's usage: every account matching the filters, and their customers' totals. Counts each
 * call once with its latest rating, whatever was replayed or re-rated. Fails with INVALID_ARGUMENT for a
 * month that is not `YYYY-MM`, CLICKHOUSE_UNAVAILABLE (retriable) or CLICKHOUSE_QUERY_FAILED.
 */
export async function queryUsage(client: ClickHouseClient, query: UsageQuery): Promise<UsageReport> {
  const month = monthStartDate(query.month);
  const filters = ['month = {month:Date}'];
  const params: Record<string, string> = { month };
  if (query.customerId !== undefined) {
    filters.push('customer_id = {customerId:String}');
    params['customerId'] = query.customerId;
  }
  if (query.accountId !== undefined) {
    filters.push('account_id = {accountId:String}');
    params['accountId'] = query.accountId;
  }
  const accountRows = await select(
    client,
    `SELECT month, customer_id, account_id, ${FIGURE_COLUMNS}
     FROM monthly_usage
     WHERE ${filters.join(' AND ')}
     ORDER BY customer_id, account_id`,
    params,
  );
  const accounts = accountRows.map((row) => ({
    month: monthOfStartDate(text(row, 'month')),
    customerId: text(row, 'customer_id'),
    accountId: text(row, 'account_id'),
    ...figures(row),
  }));
  const customerIds = [...new Set(accounts.map((a) => a.customerId))];
  const customerRows =
    customerIds.length === 0
      ? []
      : await select(
          client,
          `SELECT month, customer_id, accounts, ${FIGURE_COLUMNS}
           FROM monthly_customer_usage
           WHERE month = {month:Date} AND customer_id IN {customerIds:Array(String)}
           ORDER BY customer_id`,
          { month, customerIds },
        );
  const customers = customerRows.map((row) => ({
    month: monthOfStartDate(text(row, 'month')),
    customerId: text(row, 'customer_id'),
    accounts: count(row, 'accounts'),
    ...figures(row),
  }));
  return { month: query.month, accounts, customers };
}

type Row = Readonly<Record<string, unknown>>;

async function select(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<Row[]> {
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return await result.json<Row>();
  } catch (error) {
    throw toClickHouseError(error);
  }
}

function figures(row: Row): UsageFigures {
  const archivedAt = row['archived_at'];
  return {
    calls: count(row, 'calls'),
    answeredCalls: count(row, 'answered_calls'),
    inPlanCalls: count(row, 'in_plan_calls'),
    offPlanCalls: count(row, 'off_plan_calls'),
    inPlanSeconds: count(row, 'in_plan_seconds'),
    offPlanSeconds: count(row, 'off_plan_seconds'),
    offPlanChargedSeconds: count(row, 'off_plan_charged_seconds'),
    inPlanMinutes: text(row, 'in_plan_minutes'),
    offPlanMinutes: text(row, 'off_plan_minutes'),
    offPlanAmount: text(row, 'off_plan_amount'),
    currencies: textArray(row, 'currencies'),
    amountByReason: mapOf(row, 'amount_by_reason', (value, key) =>
      textValue(value, `amount_by_reason.${key}`),
    ),
    callsByReason: mapOf(row, 'calls_by_reason', (value, key) => countValue(value, `calls_by_reason.${key}`)),
    breaches: count(row, 'breaches'),
    breachesByRule: mapOf(row, 'breaches_by_rule', (value, key) =>
      countValue(value, `breaches_by_rule.${key}`),
    ),
    source: text(row, 'source') === 'archive' ? 'archive' : 'live',
    archivedAt:
      archivedAt === null || archivedAt === undefined
        ? null
        : utcInstant(textValue(archivedAt, 'archived_at')),
  };
}

function unexpected(column: string, value: unknown): PipelineError {
  return new PipelineError(
    'CLICKHOUSE_QUERY_FAILED',
    `usage column ${column}: unexpected value ${JSON.stringify(value)}`,
  );
}

function text(row: Row, column: string): string {
  return textValue(row[column], column);
}

function textValue(value: unknown, column: string): string {
  if (typeof value !== 'string') throw unexpected(column, value);
  return value;
}

/** UInt64 columns come back as strings (output_format_json_quote_64bit_integers); counts fit a JS number. */
function count(row: Row, column: string): number {
  return countValue(row[column], column);
}

function countValue(value: unknown, column: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw unexpected(column, value);
  return n;
}

function textArray(row: Row, column: string): string[] {
  const value = row[column];
  if (!Array.isArray(value)) throw unexpected(column, value);
  return value.map((item) => textValue(item, column));
}

function mapOf<V>(row: Row, column: string, convert: (value: unknown, key: string) => V): Record<string, V> {
  const value = row[column];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unexpected(column, value);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, convert(item, key)]));
}

/** `2026-03-01 22:00:00.000` (DateTime64(3, 'UTC') text) -> Date. */
function utcInstant(value: string): Date {
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw unexpected('archived_at', value);
  return date;
}
