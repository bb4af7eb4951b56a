import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { chdbBinding } from '../../pipelines/clickhouse/chdb-binding.ts';
import { createClickHouseClient, toClickHouseError } from '../../pipelines/clickhouse/client-factory.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';

// One chDB data directory per process: this file (its own fork) owns these two.
const root = mkdtempSync(join(tmpdir(), 'cdr-chdb-factory-'));
const pathA = join(root, 'a');
const pathB = join(root, 'b');
const logger = silentLogger();

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  const result = await client.query({ query, format: 'JSONEachRow' });
  return result.json<T>();
}

describe('createClickHouseClient in chDB mode', () => {
  it('keeps the settings of a query to that query (a deduplication token must not stick to later inserts)', async () => {
    const client = await createClickHouseClient({ dataPath: pathA, database: 'scoped' }, logger);
    try {
      await client.command({
        query:
          'CREATE TABLE calls (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100',
      });
      await client.insert({
        table: 'calls',
        values: [{ id: 1 }],
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: 'batch-1' },
      });
      // chDB applies settings as session-wide SETs: without scoping, this insert would carry token batch-1 and be dropped.
      await client.insert({ table: 'calls', values: [{ id: 2 }], format: 'JSONEachRow' });
      expect(await rows(client, 'SELECT id FROM calls ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
      expect(await rows(client, "SELECT getSetting('insert_deduplication_token') AS token")).toEqual([
        { token: '' },
      ]);
      expect(await rows(client, "SELECT getSetting('output_format_json_quote_decimals') AS quoted")).toEqual([
        { quoted: true },
      ]);
    } finally {
      await client.close();
    }
  });

  it('creates the database, makes it the default, and reads Decimals and 64-bit integers back exactly', async () => {
    const client = await createClickHouseClient({ dataPath: pathA, database: 'billing' }, logger);
    try {
      expect(await rows(client, 'SELECT currentDatabase() AS db')).toEqual([{ db: 'billing' }]);
      await client.command({
        query: 'CREATE TABLE money (id UInt64, amount Decimal(18, 6)) ENGINE = MergeTree ORDER BY id',
      });
      await client.insert({
        table: 'money',
        values: [
          { id: '18446744073709551615', amount: '12345678901.123456' },
          { id: '1', amount: '-0.000001' },
        ],
        format: 'JSONEachRow',
      });
      const stored = await rows<{ id: unknown; amount: unknown }>(
        client,
        'SELECT id, amount FROM billing.money ORDER BY id',
      );
      expect(stored).toEqual([
        { id: '1', amount: '-0.000001' },
        { id: '18446744073709551615', amount: '12345678901.123456' },
      ]);
      // Without the factory's settings chDB prints a JSON number, which JSON.parse rounds.
      const unquoted = await client.query({
        query: "SELECT toDecimal64('12345678901.123456', 6) AS amount",
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_decimals: 0 },
      });
      const [lossy] = await unquoted.json<{ amount: unknown }>();
      expect(typeof lossy?.amount).toBe('number');
      expect(String(lossy?.amount)).not.toBe('12345678901.123456');
    } finally {
      await client.close();
    }
    expect(chdbBinding()).toBeUndefined();
  });

  it('shares the data directory between clients of the same path and releases it when the last closes', async () => {
    const first = await createClickHouseClient({ dataPath: pathA }, logger);
    const second = await createClickHouseClient({ dataPath: pathA }, logger);
    expect(chdbBinding()).toEqual({ path: pathA, holders: 2 });

    await first.command({ query: 'CREATE TABLE shared (n UInt32) ENGINE = MergeTree ORDER BY n' });
    await first.insert({ table: 'shared', values: [{ n: 7 }], format: 'JSONEachRow' });
    expect(await rows(second, 'SELECT n FROM shared')).toEqual([{ n: 7 }]);

    await first.close();
    await first.close(); // closing twice releases once
    expect(chdbBinding()).toEqual({ path: pathA, holders: 1 });
    expect(await rows(second, 'SELECT count() AS c FROM cdr.shared')).toEqual([{ c: '1' }]);

    const other = createClickHouseClient({ dataPath: pathB }, logger);
    await expect(other).rejects.toMatchObject({ code: 'CHDB_PATH_IN_USE', retriable: false });
    await expect(other).rejects.toThrow(/one data directory per process/);

    await second.close();
    expect(chdbBinding()).toBeUndefined();

    // Released: now another directory may be opened, and it does not hold the first one's data.
    const third = await createClickHouseClient({ dataPath: pathB }, logger);
    try {
      expect(await rows(third, "SELECT count() AS c FROM system.tables WHERE name = 'shared'")).toEqual([
        { c: '0' },
      ]);
    } finally {
      await third.close();
    }
  });

  it('turns SQL errors into non-retriable CLICKHOUSE_QUERY_FAILED', async () => {
    const client = await createClickHouseClient({ dataPath: pathB }, logger);
    try {
      const failure = await client.query({ query: 'SELECT * FROM no_such_table' }).catch(toClickHouseError);
      expect(failure).toBeInstanceOf(PipelineError);
      expect(failure).toMatchObject({
        code: 'CLICKHOUSE_QUERY_FAILED',
        retriable: false,
        details: { clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE' },
      });
    } finally {
      await client.close();
    }
  });

  it('refuses unknown options and invalid database names', async () => {
    await expect(
      createClickHouseClient({ dataPath: pathB, databse: 'x' } as never, logger),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    await expect(
      createClickHouseClient({ dataPath: pathB, database: 'x; DROP' }, logger),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    expect(chdbBinding()).toBeUndefined();
  });
});

describe('createClickHouseClient in server mode', () => {
  it('fails with a retriable CLICKHOUSE_UNAVAILABLE when nothing listens', async () => {
    const failure = createClickHouseClient({ url: 'http://127.0.0.1:1', requestTimeoutMs: 2000 }, logger);
    await expect(failure).rejects.toMatchObject({
      code: 'CLICKHOUSE_UNAVAILABLE',
      retriable: true,
      details: { networkCode: 'ECONNREFUSED' },
    });
  });
});
