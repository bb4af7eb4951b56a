import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { toClickHouseError } from './errors.ts';
import type { BreachRow, RatedCallRow } from './rating-rows.ts';

export type { BreachRow, RatedCallRow } from './rating-rows.ts';
export { breachRow, monthStartDate, ratedCallRow } from './rating-rows.ts';
export {
  queryUsage,
  type AccountUsage,
  type CustomerUsage,
  type UsageFigures,
  type UsageQuery,
  type UsageReport,
} from './usage-queries.ts';
export {
  applyRetention,
  archiveUsageMonth,
  readRetention,
  type ArchiveResult,
  type RetentionResult,
  type RetentionState,
} from './usage-retention.ts';

export interface InsertSettings {
  /**
   * Sent as `insert_deduplication_token`: an insert retried with the same token (after a timeout whose
   * first attempt was in fact written) is stored once. It must identify the content, e.g. the Kafka
   * range and the rating version (`cdr.calls/3/1200-1299/v7`): a different block sent with a token
   * already used is dropped too.
   */
  readonly deduplicationToken?: string;
}

/** The table names, for queries and tests. */
export const RATED_CALLS_TABLE = 'rated_calls';
export const BREACHES_TABLE = 'fair_use_breaches';

/**
 * Stores rated calls (see ratedCallRow). A call rated again (replay, re-rating) replaces its previous row:
 * the one with the highest rating_version counts (read with FINAL, as monthly_usage does). Resolves once
 * ClickHouse acknowledged the insert; fails with CLICKHOUSE_UNAVAILABLE (retriable) or
 * CLICKHOUSE_QUERY_FAILED, e.g. a row whose month is not the Paris month of its start time.
 */
export async function insertRatedCalls(
  client: ClickHouseClient,
  rows: readonly RatedCallRow[],
  settings: InsertSettings = {},
): Promise<void> {
  await insertRows(client, RATED_CALLS_TABLE, rows, settings);
}

/** Stores breach events (see breachRow); one breach_id is stored once, whatever the replays. */
export async function insertBreaches(
  client: ClickHouseClient,
  rows: readonly BreachRow[],
  settings: InsertSettings = {},
): Promise<void> {
  await insertRows(client, BREACHES_TABLE, rows, settings);
}

async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly (RatedCallRow | BreachRow)[],
  settings: InsertSettings,
): Promise<void> {
  if (rows.length === 0) return;
  const clickhouse_settings: ClickHouseSettings = {
    // ReplacingMergeTree collapses replaced rows within each inserted block by default; FINAL does that
    // anyway, and skipping it made inserts 5-8 times faster on chDB 26.7.
    optimize_on_insert: 0,
    ...(settings.deduplicationToken === undefined
      ? {}
      : { insert_deduplication_token: settings.deduplicationToken }),
  };
  try {
    await client.insert({ table, values: rows, format: 'JSONEachRow', clickhouse_settings });
  } catch (error) {
    throw toClickHouseError(error);
  }
}
