import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { readMigrationFiles, splitStatements } from '../../pipelines/clickhouse/migration-files.ts';
import { DEFAULT_MIGRATIONS_DIRECTORY, runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';

// One chDB data directory per process: this file (its own fork) owns this one. Each scenario uses its
// own database, since migrations run in the client's default database.
const root = mkdtempSync(join(tmpdir(), 'cdr-chdb-migrations-'));
const dataPath = join(root, 'chdb');
const logger = silentLogger();
const clients: ClickHouseClient[] = [];

async function clientFor(database: string): Promise<ClickHouseClient> {
  const client = await createClickHouseClient({ dataPath, database }, logger);
  clients.push(client);
  return client;
}

function migrationsDirectory(files: Record<string, string>): string {
  const directory = mkdtempSync(join(root, 'migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(directory, name), sql);
  return directory;
}

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

afterAll(async () => {
  for (const client of clients) await client.close();
  rmSync(root, { recursive: true, force: true });
});

describe('runMigrations with the project migrations', () => {
  let client: ClickHouseClient;
  beforeAll(async () => {
    mkdirSync(dataPath, { recursive: true });
    client = await clientFor('cdr');
  });

  it('applies them into a fresh database, records them, and applies nothing on a second run', async () => {
    const projectMigrations = readMigrationFiles(DEFAULT_MIGRATIONS_DIRECTORY).map((m) => m.id);
    expect(projectMigrations[0]).toBe('0001_call_records_ingest');
    const first = await runMigrations(client, { logger });
    expect(first).toEqual({ applied: projectMigrations, alreadyApplied: [] });

    const file = join(DEFAULT_MIGRATIONS_DIRECTORY, '0001_call_records_ingest.sql');
    const checksum = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(
      await rows(client, 'SELECT version, name, checksum FROM schema_migrations WHERE version = 1'),
    ).toEqual([{ version: 1, name: 'call_records_ingest', checksum }]);
    const [table] = await rows<{ engine: string; sorting_key: string; create_table_query: string }>(
      client,
      "SELECT engine, sorting_key, create_table_query FROM system.tables WHERE database = 'cdr' AND name = 'cdr_ingest'",
    );
    expect(table?.engine).toBe('MergeTree');
    expect(table?.sorting_key).toBe('kafka_topic, kafka_partition, kafka_offset');
    expect(table?.create_table_query).toContain('non_replicated_deduplication_window = 1000');

    const second = await runMigrations(client, { logger });
    expect(second).toEqual({ applied: [], alreadyApplied: projectMigrations });
    expect(await rows(client, 'SELECT count() AS c FROM schema_migrations')).toEqual([
      { c: String(projectMigrations.length) },
    ]);
  });

  it('makes cdr_ingest drop a block retried with the same insert_deduplication_token', async () => {
    const block = [0, 1, 2].map((i) => ({
      call_id: `call-${i}`,
      account_id: 'acct-1',
      caller: '+33612345678',
      callee: '+4930123456',
      start_time: '2024-05-01T10:00:00.000Z',
      answer_time: i === 0 ? null : '2024-05-01T10:00:05.250Z',
      end_time: '2024-05-01T10:01:00.000Z',
      duration_s: 60,
      billable_s: i === 0 ? 0 : 55,
      disposition: i === 0 ? 'NO_ANSWER' : 'ANSWERED',
      direction: 'OUTBOUND',
      user_agent: null,
      source_ip: '192.0.2.10',
      softswitch: 'sw-paris-1',
      sip_call_id: null,
      kafka_topic: 'cdr.call-records',
      kafka_partition: 3,
      kafka_offset: String(100 + i),
    }));
    const insert = (token: string) =>
      client.insert({
        table: 'cdr_ingest',
        values: block,
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: token },
      });
    const count = async () =>
      (await rows<{ c: string }>(client, 'SELECT count() AS c FROM cdr_ingest'))[0]?.c;

    await insert('cdr.call-records/3/100-102');
    await insert('cdr.call-records/3/100-102');
    expect(await count()).toBe('3');

    await insert('a-different-token');
    expect(await count()).toBe('6');

    expect(
      await rows(client, "SELECT start_time, answer_time FROM cdr_ingest WHERE call_id = 'call-1' LIMIT 1"),
    ).toEqual([{ start_time: '2024-05-01 10:00:00.000', answer_time: '2024-05-01 10:00:05.250' }]);
  });
});

describe('runMigrations with a migrations directory of its own', () => {
  it('reports a changed applied migration as MIGRATION_CHECKSUM_MISMATCH and applies nothing', async () => {
    const client = await clientFor('mig_checksum');
    const directory = migrationsDirectory({
      '0001_first.sql': 'CREATE TABLE IF NOT EXISTS a (n UInt8) ENGINE = MergeTree ORDER BY n;\n',
      'README.md': 'not a migration',
    });
    expect(await runMigrations(client, { directory, logger })).toEqual({
      applied: ['0001_first'],
      alreadyApplied: [],
    });

    writeFileSync(
      join(directory, '0001_first.sql'),
      'CREATE TABLE IF NOT EXISTS a (n UInt16) ENGINE = MergeTree ORDER BY n;\n',
    );
    writeFileSync(
      join(directory, '0002_second.sql'),
      'CREATE TABLE b (n UInt8) ENGINE = MergeTree ORDER BY n;\n',
    );
    const failure = runMigrations(client, { directory, logger });
    await expect(failure).rejects.toMatchObject({
      code: 'MIGRATION_CHECKSUM_MISMATCH',
      retriable: false,
      details: { mismatches: [expect.objectContaining({ migration: '0001_first' })] },
    });
    expect(
      await rows(client, "SELECT name FROM system.tables WHERE database = 'mig_checksum' ORDER BY name"),
    ).toEqual([{ name: 'a' }, { name: 'schema_migrations' }]);
  });

  it('reports a failing statement with its file and position, records nothing of it, and resumes once fixed', async () => {
    const client = await clientFor('mig_failure');
    const directory = migrationsDirectory({
      '0001_ok.sql': '-- a comment\nCREATE TABLE IF NOT EXISTS ok (n UInt8) ENGINE = MergeTree ORDER BY n;\n',
      '0002_broken.sql':
        'CREATE TABLE IF NOT EXISTS half (n UInt8) ENGINE = MergeTree ORDER BY n;\n' +
        'ALTER TABLE no_such_table ADD COLUMN x UInt8;\n',
    });
    const failure = await runMigrations(client, { directory, logger }).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 'MIGRATION_FAILED',
      retriable: false,
      details: {
        migration: '0002_broken',
        path: join(directory, '0002_broken.sql'),
        statementIndex: 1,
        statement: 'ALTER TABLE no_such_table ADD COLUMN x UInt8',
      },
    });
    expect((failure as Error).message).toContain('0002_broken failed at statement 2 of 2');
    expect(await rows(client, 'SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);

    writeFileSync(
      join(directory, '0002_broken.sql'),
      'CREATE TABLE IF NOT EXISTS half (n UInt8) ENGINE = MergeTree ORDER BY n;\n' +
        'ALTER TABLE half ADD COLUMN IF NOT EXISTS x UInt8;\n',
    );
    expect(await runMigrations(client, { directory, logger })).toEqual({
      applied: ['0002_broken'],
      alreadyApplied: ['0001_ok'],
    });
  });

  it('refuses misnamed migration files and duplicate versions', () => {
    expect(() => readMigrationFiles(migrationsDirectory({ '1_bad.sql': 'SELECT 1' }))).toThrow(
      /not named NNNN_name\.sql/,
    );
    expect(() =>
      readMigrationFiles(migrationsDirectory({ '0001_a.sql': 'SELECT 1', '0001_b.sql': 'SELECT 2' })),
    ).toThrow(/two migrations have version 1/);
  });
});

describe('splitStatements', () => {
  it('splits on ; at line end only, and drops comment-only parts', () => {
    const sql = [
      '-- header comment;',
      "CREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory;",
      '',
      '-- second',
      "INSERT INTO t VALUES ('x')  ;  ",
      '-- trailing comment only',
      '',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      "-- header comment;\nCREATE TABLE t (s String DEFAULT 'a;b') ENGINE = Memory",
      "-- second\nINSERT INTO t VALUES ('x')",
    ]);
    expect(splitStatements('SELECT 1')).toEqual(['SELECT 1']);
    expect(splitStatements('-- nothing\n\n')).toEqual([]);
  });
});
