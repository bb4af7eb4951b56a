import type { ClickHouseClient } from '@clickhouse/client';
import { PipelineError } from '../core/errors.ts';
import { toClickHouseError } from './errors.ts';
import { RETENTION_MONTHS_RANGE } from './options.ts';
import { monthOfStartDate, monthStartDate } from './rating-rows.ts';

/**
 * Retention of the detailed rows (rated_calls, fair_use_breaches) and the archive of monthly usage that
 * outlives them (migrations 0002-0005, DOMAIN.md 5).
 *
 * The retention is configuration (`clickhouse.retentionMonths`), but a migration is applied once and
 * takes no parameters: the migrations create the tables with the default TTL (12 months), and
 * applyRetention() brings the database to the configured value each time the pipeline starts, like a
 * reconciliation: it changes nothing when the database already matches.
 */

/** The columns of monthly_usage_live and monthly_usage_archive (without archived_at). */
const USAGE_COLUMNS = [
  'month',
  'customer_id',
  'account_id',
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
  'amount_by_reason',
  'calls_by_reason',
  'currencies',
  'breaches',
  'breaches_by_rule',
].join(', ');

const DETAILED_TABLES = ['rated_calls', 'fair_use_breaches'] as const;
type DetailedTable = (typeof DETAILED_TABLES)[number];

/** The TTL applyRetention writes: the rows of month M go when month M + months + 1 begins. */
export function detailedRowsTtl(months: number): string {
  return `month + toIntervalMonth(${months + 1})`;
}

export interface RetentionState {
  /** Full months detailed rows are kept after their month ends, as the usage views assume it. */
  readonly months: number;
  /** The retention each detailed table's TTL implements; undefined when it has no TTL of the expected form. */
  readonly ttlMonths: Readonly<Record<DetailedTable, number | undefined>>;
  /** `YYYY-MM`: the oldest month whose detailed rows are complete; older months read the archive. */
  readonly firstLiveMonth: string;
  /** `YYYY-MM`: the month whose detailed rows the TTL drops when the next month begins (server's clock). */
  readonly expiringMonth: string;
  /** `YYYY-MM`: months before it lost their rows under an earlier, shorter retention (`1970-01` if none). */
  readonly liveFrom: string;
}

export async function readRetention(client: ClickHouseClient): Promise<RetentionState> {
  const [policy] = await select(
    client,
    `SELECT retention_months, toString(live_from_month) AS live_from, toString(first_live_month) AS first_live,
            toString(expiring_month) AS expiring
     FROM detailed_retention`,
  );
  const tables = await select(
    client,
    `SELECT name, engine_full FROM system.tables
     WHERE database = currentDatabase() AND name IN ('rated_calls', 'fair_use_breaches')`,
  );
  if (policy === undefined) {
    throw new PipelineError(
      'CLICKHOUSE_QUERY_FAILED',
      'detailed_retention returned no row: run the migrations',
    );
  }
  const ttlOf = (table: DetailedTable): number | undefined => {
    const engine = tables.find((t) => t['name'] === table)?.['engine_full'];
    const match = typeof engine === 'string' ? /\bTTL month \+ toIntervalMonth\((\d+)\)/.exec(engine) : null;
    return match?.[1] === undefined ? undefined : Number(match[1]) - 1;
  };
  return {
    months: Number(policy['retention_months']),
    ttlMonths: { rated_calls: ttlOf('rated_calls'), fair_use_breaches: ttlOf('fair_use_breaches') },
    firstLiveMonth: monthOfStartDate(String(policy['first_live'])),
    expiringMonth: monthOfStartDate(String(policy['expiring'])),
    liveFrom: monthOfStartDate(String(policy['live_from'])),
  };
}

export interface RetentionResult {
  readonly months: number;
  /** True when this call changed the policy or a TTL. */
  readonly changed: boolean;
  /** `YYYY-MM` of the months this call snapshotted into the archive. */
  readonly archivedMonths: readonly string[];
}

/**
 * Makes detailed rows live `months` full months after their month ends, and keeps their usage:
 *
 * 1. snapshots into the archive every month whose rows are complete now and would not stay so under
 *    the new retention (all of them when the retention shrinks), plus the month that expires next: an
 *    embedded (chDB) deployment gets the snapshot the server's daily archiver would take, as long as
 *    it starts once in that month;
 * 2. records the policy that the usage views follow (a longer retention does not bring dropped rows
 *    back: months already dropped keep reading the archive);
 * 3. sets the TTL of rated_calls and fair_use_breaches (`ALTER TABLE ... MODIFY TTL`, which recomputes
 *    the TTL of existing parts in the background).
 *
 * Idempotent: with the database already at `months`, only step 1 runs. Run it from one process at a time,
 * at start-up (after runMigrations) and whenever the option changes.
 */
export async function applyRetention(client: ClickHouseClient, months: number): Promise<RetentionResult> {
  if (
    !Number.isInteger(months) ||
    months < RETENTION_MONTHS_RANGE.min ||
    months > RETENTION_MONTHS_RANGE.max
  ) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `clickhouse.retentionMonths must be an integer in [${RETENTION_MONTHS_RANGE.min}, ${RETENTION_MONTHS_RANGE.max}], got ${months}`,
    );
  }
  const state = await readRetention(client);
  const [target] = await select(
    client,
    'SELECT toString(addMonths(toStartOfMonth(today()), -{months:Int32})) AS expiring',
    { months },
  );
  const newExpiringMonth = monthOfStartDate(String(target?.['expiring']));
  const archivedMonths: string[] = [];
  for (const month of await monthsWithDetailedRows(client, state.firstLiveMonth, newExpiringMonth)) {
    if ((await archiveUsageMonth(client, month)).archived) archivedMonths.push(month);
  }
  let changed = false;
  if (state.months !== months) {
    const liveFrom = months > state.months ? state.firstLiveMonth : state.liveFrom;
    await command(
      client,
      `INSERT INTO retention_policy (scope, months, live_from, set_at)
       SELECT 'detailed_rows', {months:UInt16}, {liveFrom:Date}, now64(3)`,
      { months, liveFrom: monthStartDate(liveFrom) },
    );
    changed = true;
  }
  for (const table of DETAILED_TABLES) {
    if (state.ttlMonths[table] !== months) {
      await command(client, `ALTER TABLE ${table} MODIFY TTL ${detailedRowsTtl(months)}`);
      changed = true;
    }
  }
  return { months, changed, archivedMonths };
}

export interface ArchiveResult {
  readonly month: string;
  /** False when the month has no complete detailed rows (expired, or no calls nor breaches). */
  readonly archived: boolean;
  /** Rows (accounts) in the month's latest snapshot. */
  readonly accounts: number;
  readonly archivedAt: Date | null;
}

/**
 * Snapshots a month's usage (`monthly_usage_live`) into `monthly_usage_archive`, the aggregates kept after
 * the detailed rows expire. Re-runnable: the latest snapshot of a month is the one read. Refused (archived
 * false) for a month whose detailed rows are no longer complete, so a good snapshot is never replaced by
 * a partial one.
 */
export async function archiveUsageMonth(client: ClickHouseClient, month: string): Promise<ArchiveResult> {
  const monthDate = monthStartDate(month);
  const state = await readRetention(client);
  const before = await latestSnapshot(client, monthDate);
  if (month < state.firstLiveMonth) return { month, archived: false, ...before };
  await command(
    client,
    `INSERT INTO monthly_usage_archive (${USAGE_COLUMNS}, archived_at)
     SELECT ${USAGE_COLUMNS}, now64(3) FROM monthly_usage_live WHERE month = {month:Date}`,
    { month: monthDate },
  );
  const after = await latestSnapshot(client, monthDate);
  const archived = after.archivedAt !== null && after.archivedAt.getTime() !== before.archivedAt?.getTime();
  return { month, archived, ...after };
}

async function latestSnapshot(
  client: ClickHouseClient,
  monthDate: string,
): Promise<{ accounts: number; archivedAt: Date | null }> {
  const [row] = await select(
    client,
    `SELECT count() AS accounts, toString(any(archived_at)) AS snapshot_at
     FROM monthly_usage_archive FINAL
     WHERE month = {month:Date}
       AND archived_at = (SELECT max(archived_at) FROM monthly_usage_archive WHERE month = {month:Date})`,
    { month: monthDate },
  );
  const accounts = Number(row?.['accounts'] ?? 0);
  const archivedAt = row?.['snapshot_at'];
  return {
    accounts,
    archivedAt:
      accounts === 0 || typeof archivedAt !== 'string' ? null : new Date(`${archivedAt.replace(' ', 'T')}Z`),
  };
}

/** `YYYY-MM` of the months in [from, to] with rated calls or breaches. */
async function monthsWithDetailedRows(client: ClickHouseClient, from: string, to: string): Promise<string[]> {
  if (from > to) return [];
  const rows = await select(
    client,
    `SELECT DISTINCT toString(month) AS month
     FROM
     (
         SELECT month FROM rated_calls WHERE month BETWEEN {from:Date} AND {to:Date}
         UNION ALL
         SELECT month FROM fair_use_breaches WHERE month BETWEEN {from:Date} AND {to:Date}
     )
     ORDER BY month`,
    { from: monthStartDate(from), to: monthStartDate(to) },
  );
  return rows.map((row) => monthOfStartDate(String(row['month'])));
}

type Row = Readonly<Record<string, unknown>>;

async function select(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<Row[]> {
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return await result.json<Row>();
  } catch (error) {
    throw toClickHouseError(error);
  }
}

async function command(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown> = {},
): Promise<void> {
  try {
    await client.command({ query, query_params: params });
  } catch (error) {
    throw toClickHouseError(error);
  }
}
