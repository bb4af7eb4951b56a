import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient, toClickHouseError } from '../../pipelines/clickhouse/client-factory.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { ClickHouseServer } from '../../infra/local/clickhouse-server.ts';

const logger = silentLogger();

async function rows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

describe('ClickHouseServer (Debian clickhouse-server 18.16)', () => {
  let server: ClickHouseServer;
  let client: ClickHouseClient;

  beforeAll(async () => {
    server = await ClickHouseServer.start();
    client = await createClickHouseClient(
      { url: server.url, database: 'legacy', legacyServer: true, requestTimeoutMs: 5_000 },
      logger,
    );
  });

  afterAll(async () => {
    await client.close();
    await server.destroy();
  });

  const insertCalls = (ids: number[]) =>
    client.insert({
      table: 'calls',
      values: ids.map((id) => ({ id, amount: 0.5 + id, at: '2024-05-01T10:00:00Z' })),
      format: 'JSONEachRow',
    });

  it('answers @clickhouse/client through the factory: database created, insert and select work', async () => {
    expect(await rows(client, 'SELECT version() AS v, currentDatabase() AS db')).toEqual([
      { v: '18.16.1', db: 'legacy' },
    ]);
    await client.command({
      query:
        'CREATE TABLE calls (id UInt64, amount Decimal(18, 6), at DateTime) ENGINE = MergeTree ORDER BY id',
    });
    await insertCalls([1, 2]);
    // 64-bit integers quoted; Decimals are JSON numbers on 18.16; best_effort parsed the ISO time.
    expect(await rows(client, 'SELECT id, amount, toString(at) AS at FROM calls ORDER BY id')).toEqual([
      { id: '1', amount: 1.5, at: '2024-05-01 10:00:00' },
      { id: '2', amount: 2.5, at: '2024-05-01 10:00:00' },
    ]);
  });

  it('fails inserts with a retriable CLICKHOUSE_UNAVAILABLE while stopped, and keeps its data across a restart', async () => {
    await server.stop();
    expect(server.running).toBe(false);

    const failure = await insertCalls([3]).then(
      () => undefined,
      (error: unknown) => toClickHouseError(error),
    );
    expect(failure).toMatchObject({ code: 'CLICKHOUSE_UNAVAILABLE', retriable: true });
    expect(failure?.details['networkCode']).toMatch(/^ECONN(REFUSED|RESET)$/);

    await server.restart();
    expect(await rows(client, 'SELECT count() AS c FROM calls')).toEqual([{ c: '2' }]);
    await insertCalls([3]);
    expect(await rows(client, 'SELECT count() AS c FROM calls')).toEqual([{ c: '3' }]);
  });

  it('keeps acknowledged inserts across a SIGKILL', async () => {
    await insertCalls([4]);
    await server.kill();
    expect(server.running).toBe(false);
    await server.restart();
    expect(
      await rows(client, 'SELECT groupArray(id) AS ids FROM (SELECT id FROM calls ORDER BY id)'),
    ).toEqual([{ ids: ['1', '2', '3', '4'] }]);
  });

  it('rejects settings 18.16 does not know, which is why legacyServer leaves them out', async () => {
    const failure = await client
      .query({ query: 'SELECT 1', clickhouse_settings: { output_format_json_quote_decimals: 1 } })
      .catch(toClickHouseError);
    expect(failure).toMatchObject({
      code: 'CLICKHOUSE_QUERY_FAILED',
      retriable: false,
      details: { clickhouseCode: 115 },
    });
  });
});

describe('ClickHouseServer lifetime', () => {
  it('reports a server that exits during start-up', async () => {
    await expect(ClickHouseServer.start({ binary: '/bin/false' })).rejects.toMatchObject({
      code: 'CLICKHOUSE_SERVER_FAILED',
      message: expect.stringContaining('exited during start-up') as unknown,
    });
  });

  it('dies with the process that started it, even when that process is SIGKILLed', async () => {
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/clickhouse-server-holder.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: holder.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      holder.once('exit', (code) => {
        reject(new Error(`holder exited with ${String(code)} before starting the server`));
      });
    });
    lines.close();
    const started = JSON.parse(first) as { pid: number; url: string; directory: string };
    expect(isAlive(started.pid)).toBe(true);

    holder.kill('SIGKILL');
    const gone = await waitUntil(() => !isAlive(started.pid), 20_000);
    rmSync(started.directory, { recursive: true, force: true });
    expect(gone).toBe(true);
  });
});

/** Running, and not a zombie waiting for a parent that does not reap (PID 1 in some containers). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}
