import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { REPOSITORY_ROOT } from '../support/compose-file.ts';

/**
 * The SQL of the provisioned Grafana dashboards, run against the project's own migrations in chDB
 * (ClickHouse 26.x), with the plugin's macros expanded as grafana-clickhouse-datasource documents them.
 * Catches a dashboard that names a column the schema does not have, or SQL that ClickHouse rejects.
 */
const DASHBOARDS = path.join(REPOSITORY_ROOT, 'infra/grafana/dashboards');
const FROM = Date.parse('2026-01-01T00:00:00Z') / 1000;
const TO = Date.parse('2026-01-01T01:00:00Z') / 1000;
const INTERVAL_S = 60;

/** The plugin's macros used by the dashboards, expanded for [FROM, TO] and a 60 s interval. */
function expandMacros(sql: string): string {
  const expanded = sql
    .replace(/\$__timeFilter\(([^)]+)\)/g, `$1 >= toDateTime(${FROM}) AND $1 <= toDateTime(${TO})`)
    .replace(
      /\$__timeInterval\(([^)]+)\)/g,
      `toStartOfInterval(toDateTime($1), INTERVAL ${INTERVAL_S} second)`,
    )
    .replace(/\$__interval_s\b/g, String(INTERVAL_S));
  const unknown = /\$__\w+/.exec(expanded);
  if (unknown !== null) throw new Error(`macro ${unknown[0]} is not expanded by this test: add it`);
  return expanded;
}

interface Panel {
  readonly title: string;
  readonly targets?: readonly { readonly rawSql?: string }[];
}

const panels: Panel[] = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .flatMap(
    (file) => (JSON.parse(readFileSync(path.join(DASHBOARDS, file), 'utf8')) as { panels: Panel[] }).panels,
  );

function panelSql(title: string): string {
  const sql = panels.find((panel) => panel.title === title)?.targets?.[0]?.rawSql;
  if (sql === undefined) throw new Error(`no panel "${title}" with SQL`);
  return expandMacros(sql);
}

const root = mkdtempSync(path.join(tmpdir(), 'cdr-chdb-dashboards-'));
const logger = silentLogger();
let client: ClickHouseClient;

async function rows(query: string): Promise<Record<string, unknown>[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<Record<string, unknown>>();
}

function call(
  id: string,
  start: string,
  end: string,
  disposition: string,
  partition: number,
  offset: number,
  ingestedAt: string,
): Record<string, unknown> {
  return {
    call_id: id,
    account_id: 'acct-1',
    caller: '+33100000000',
    callee: '+33600000000',
    start_time: `2026-01-01T${start}Z`,
    end_time: `2026-01-01T${end}Z`,
    duration_s: 0,
    billable_s: 0,
    disposition,
    direction: 'outbound',
    softswitch: 'sw1',
    kafka_topic: 'cdr.call-records',
    kafka_partition: partition,
    kafka_offset: offset,
    ingested_at: `2026-01-01T${ingestedAt}Z`,
  };
}

beforeAll(async () => {
  client = await createClickHouseClient({ dataPath: path.join(root, 'chdb'), database: 'cdr' }, logger);
  await runMigrations(client, { logger });
  await client.insert({
    table: 'cdr_ingest',
    format: 'JSONEachRow',
    values: [
      call('a', '00:10:05', '00:12:05', 'ANSWERED', 0, 0, '00:12:07'),
      call('a', '00:10:05', '00:12:05', 'ANSWERED', 0, 1, '00:12:08'), // redelivered
      call('b', '00:10:30', '00:11:00', 'ANSWERED', 1, 0, '00:11:04'),
      call('c', '00:10:40', '00:10:50', 'BUSY', 1, 1, '00:10:51'),
      call('d', '02:00:00', '02:00:30', 'ANSWERED', 1, 2, '02:00:31'), // outside the time range
    ],
  });
});

afterAll(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Grafana dashboard SQL over cdr.cdr_ingest', () => {
  it('has only panels whose SQL the test knows how to run', () => {
    const withSql = panels.filter((panel) => panel.targets?.some((target) => target.rawSql !== undefined));
    expect(withSql.map((panel) => panel.title).sort()).toEqual(
      ['Calls per minute by disposition', 'Ingest lag (ingested_at - end_time)', 'Rows per partition'].sort(),
    );
  });

  it('counts calls per minute by disposition, a redelivered call once', async () => {
    const result = await rows(panelSql('Calls per minute by disposition'));
    expect(result.map((row) => [row['time'], row['disposition'], Number(row['calls_per_minute'])])).toEqual([
      ['2026-01-01 00:10:00', 'ANSWERED', 2],
      ['2026-01-01 00:10:00', 'BUSY', 1],
    ]);
  });

  it('measures the lag from the end of a call to its ingestion', async () => {
    const result = await rows(panelSql('Ingest lag (ingested_at - end_time)'));
    expect(result.map((row) => [row['time'], Number(row['max'])])).toEqual([
      ['2026-01-01 00:10:00', 1],
      ['2026-01-01 00:11:00', 4],
      ['2026-01-01 00:12:00', 3],
    ]);
    expect(result.every((row) => Number(row['p50']) <= Number(row['p95']))).toBe(true);
  });

  it('counts rows and distinct calls per partition', async () => {
    const result = await rows(panelSql('Rows per partition'));
    expect(
      result.map((row) => [row['topic'], row['partition'], Number(row['rows']), Number(row['calls'])]),
    ).toEqual([
      ['cdr.call-records', 0, 2, 1],
      ['cdr.call-records', 1, 2, 2],
    ]);
  });
});
