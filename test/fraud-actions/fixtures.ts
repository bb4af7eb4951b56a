import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { FraudAlert } from '../../pipelines/fraud/fraud-alert.ts';

export const T0 = new Date('2026-03-10T10:00:00.000Z');
export const minutes = (n: number, from: Date = T0): Date => new Date(from.getTime() + n * 60_000);

/** An alert, overridable field by field; by default a critical IRSF burst of acc-1 detected at T0. */
export function alert(overrides: Partial<FraudAlert> & Pick<FraudAlert, 'alertId'>): FraudAlert {
  const detectedAt = overrides.detectedAt ?? T0;
  return {
    rule: 'irsf-burst',
    severity: 'critical',
    accountIds: ['acc-1'],
    key: 'account:acc-1',
    windowStart: new Date(detectedAt.getTime() - 10 * 60_000),
    windowEnd: detectedAt,
    detectedAt,
    reason: '12 calls to high-risk destinations in 10 min, 41.20 EUR',
    counts: { calls: 12, minutes: 37, cost: '41.20' },
    samples: [
      {
        kind: 'call',
        id: 'call-7',
        at: new Date(detectedAt.getTime() - 60_000),
        summary: '+88216****** 42 s 3.10 EUR',
      },
      {
        kind: 'registration',
        id: 'reg-3',
        at: new Date(detectedAt.getTime() - 600_000),
        summary: 'REGISTERED from 203.0.113.7',
      },
    ],
    ...overrides,
  };
}

/**
 * chDB (or the run's ClickHouse server) for one test file: each scenario gets its own database with the
 * project's migrations applied. libchdb binds one data directory per process.
 */
export function auditDatabases(prefix: string): {
  readonly dataPath: string;
  readonly open: (database: string) => Promise<ClickHouseClient>;
  readonly closeAll: () => Promise<void>;
} {
  const root = mkdtempSync(join(tmpdir(), `cdr-fraud-${prefix}-`));
  const dataPath = join(root, 'chdb');
  const clients: ClickHouseClient[] = [];
  return {
    dataPath,
    async open(database) {
      const client = await createClickHouseClient({ dataPath, database }, silentLogger());
      clients.push(client);
      await runMigrations(client, { logger: silentLogger() });
      return client;
    },
    async closeAll() {
      for (const client of clients.splice(0)) await client.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function rows<T = Record<string, unknown>>(
  client: ClickHouseClient,
  query: string,
  query_params: Record<string, unknown> = {},
): Promise<T[]> {
  return (await client.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
}
