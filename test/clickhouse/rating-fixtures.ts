import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { BreachEvent } from '../../pipelines/fair-use/breach.ts';
import type { RatedCall } from '../../pipelines/rating/rated-call.ts';
import { parisMonthBounds, parisMonthOf } from '../../pipelines/time/paris-calendar.ts';

/** A rated call off the plan (a London call), overridable field by field; month follows startTime. */
export function ratedCall(overrides: Partial<RatedCall> & Pick<RatedCall, 'callId'>): RatedCall {
  const startTime = overrides.startTime ?? new Date('2026-03-10T10:00:00.000Z');
  return {
    softswitch: 'asterisk-1',
    accountId: 'acct-1',
    customerId: 'cust-1',
    month: parisMonthOf(startTime),
    startTime,
    answerTime: new Date(startTime.getTime() + 5_000),
    endTime: new Date(startTime.getTime() + 66_000),
    durationSeconds: 66,
    billableSeconds: 61,
    chargedSeconds: 61,
    callee: '+442079460000',
    destinationClass: 'international',
    destinationCountry: 'GB',
    inPlan: false,
    reason: 'destination-not-in-plan',
    amount: '0.710000',
    currency: 'EUR',
    tariffId: 'standard',
    tariffVersion: '2026-01',
    breakdown: { kind: 'unpriced', offPlanReason: 'destination-not-in-plan', failure: 'tariff-not-found' },
    ratingVersion: 1,
    ...overrides,
  };
}

/** A call covered by the plan. */
export function inPlanCall(overrides: Partial<RatedCall> & Pick<RatedCall, 'callId'>): RatedCall {
  return ratedCall({
    callee: '+33612345678',
    destinationClass: 'national-mobile',
    destinationCountry: 'FR',
    inPlan: true,
    reason: 'in-plan',
    chargedSeconds: 0,
    amount: '0',
    tariffId: null,
    tariffVersion: null,
    breakdown: { kind: 'free', reason: 'in-plan' },
    ...overrides,
  });
}

export function breach(overrides: Partial<BreachEvent> & Pick<BreachEvent, 'breachId'>): BreachEvent {
  const at = overrides.at ?? new Date('2026-03-12T09:00:00.000Z');
  return {
    accountId: 'acct-1',
    customerId: 'cust-1',
    rule: 'concurrent-calls',
    month: parisMonthOf(at),
    at,
    triggeringCallId: 'call-x',
    policy: 'rest-of-month',
    rerateMonth: false,
    evidence: { count: 4, limit: 3, overlappingCallIds: ['a', 'b', 'c', 'call-x'] },
    ...overrides,
  };
}

/** An instant ten days into a Paris month (`YYYY-MM`). */
export function inMonth(month: string, plusMs = 0): Date {
  return new Date(parisMonthBounds(month).start.getTime() + 10 * 86_400_000 + plusMs);
}

/**
 * One chDB data directory per test file (libchdb binds one per process); each scenario gets its own
 * database with the project's migrations applied.
 */
export function chdbDatabases(prefix: string): {
  readonly dataPath: string;
  readonly open: (database: string) => Promise<ClickHouseClient>;
  readonly closeAll: () => Promise<void>;
} {
  const root = mkdtempSync(join(tmpdir(), `cdr-chdb-${prefix}-`));
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

/** `YYYY-MM` of the month `n` months before the ClickHouse server's current month (its clock, as the TTL). */
export async function serverMonthsAgo(client: ClickHouseClient, n: number): Promise<string> {
  const [row] = await rows<{ m: string }>(
    client,
    'SELECT toString(addMonths(toStartOfMonth(today()), -{n:Int32})) AS m',
    { n },
  );
  if (row === undefined) throw new Error('no row');
  return row.m.slice(0, 7);
}
