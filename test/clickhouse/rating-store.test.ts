import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import {
  applyRetention,
  breachRow,
  insertBreaches,
  insertRatedCalls,
  queryUsage,
  ratedCallRow,
  type UsageFigures,
} from '../../pipelines/clickhouse/rating-store.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { RatedCall } from '../../pipelines/rating/rated-call.ts';
import { breach, chdbDatabases, inPlanCall, ratedCall, rows } from './rating-fixtures.ts';

const databases = chdbDatabases('rating-store');
afterAll(() => databases.closeAll());

/** A database with the migrations and a retention long enough for the fixed 2026 dates of this file. */
async function database(name: string): Promise<ClickHouseClient> {
  const client = await databases.open(name);
  await applyRetention(client, 600);
  return client;
}

const ratedAt = (n: number): Date => new Date(Date.UTC(2026, 3, 1, 0, 0, n));
const store = (client: ClickHouseClient, calls: readonly RatedCall[], at = ratedAt(0), token?: string) =>
  insertRatedCalls(
    client,
    calls.map((call) => ratedCallRow(call, at)),
    token === undefined ? {} : { deduplicationToken: token },
  );

describe('migrations 0002-0005', () => {
  /** What migrations 0001-0005 create; later migrations add tables of their own, checked by their tests. */
  const RATING_OBJECTS = [
    'cdr_ingest',
    'detailed_retention',
    'fair_use_breaches',
    'monthly_customer_usage',
    'monthly_usage',
    'monthly_usage_archive',
    'monthly_usage_archiver',
    'monthly_usage_live',
    'rated_calls',
    'retention_policy',
  ];

  it('create the rating tables and views, and a second run applies nothing', async () => {
    const client = await databases.open('rating_migrations');
    const tables = await rows(
      client,
      `SELECT name, engine, sorting_key, partition_key FROM system.tables
       WHERE database = currentDatabase() AND name IN (${RATING_OBJECTS.map((n) => `'${n}'`).join(', ')})
       ORDER BY name`,
    );
    expect(tables).toEqual([
      {
        name: 'cdr_ingest',
        engine: 'MergeTree',
        sorting_key: 'kafka_topic, kafka_partition, kafka_offset',
        partition_key: 'toYYYYMM(start_time)',
      },
      { name: 'detailed_retention', engine: 'View', sorting_key: '', partition_key: '' },
      {
        name: 'fair_use_breaches',
        engine: 'ReplacingMergeTree',
        sorting_key: 'account_id, breach_id',
        partition_key: 'toYYYYMM(month)',
      },
      { name: 'monthly_customer_usage', engine: 'View', sorting_key: '', partition_key: '' },
      { name: 'monthly_usage', engine: 'View', sorting_key: '', partition_key: '' },
      {
        name: 'monthly_usage_archive',
        engine: 'ReplacingMergeTree',
        sorting_key: 'month, customer_id, account_id',
        partition_key: '',
      },
      { name: 'monthly_usage_archiver', engine: 'MaterializedView', sorting_key: '', partition_key: '' },
      { name: 'monthly_usage_live', engine: 'View', sorting_key: '', partition_key: '' },
      {
        name: 'rated_calls',
        engine: 'ReplacingMergeTree',
        sorting_key: 'account_id, softswitch, call_id',
        partition_key: 'toYYYYMM(month)',
      },
      { name: 'retention_policy', engine: 'ReplacingMergeTree', sorting_key: 'scope', partition_key: '' },
    ]);
    const again = await runMigrations(client, { logger: silentLogger() });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(
      expect.arrayContaining([
        '0001_call_records_ingest',
        '0002_rated_calls',
        '0003_fair_use_breaches',
        '0004_monthly_usage',
        '0005_monthly_usage_archiver',
      ]),
    );
    expect(await rows(client, 'SELECT count() AS n FROM retention_policy')).toEqual([{ n: '1' }]);
  });
});

describe('money read back exactly', () => {
  let client: ClickHouseClient;
  beforeAll(async () => {
    client = await database('rating_money');
  });

  it('sums micro-amounts and totals beyond 2^53 units to the last digit', async () => {
    const micro = [1, 2, 3].map((i) =>
      ratedCall({ callId: `micro-${i}`, accountId: 'acct-micro', amount: '0.000001' }),
    );
    const large = [1, 2, 3].map((i) =>
      ratedCall({ callId: `large-${i}`, accountId: 'acct-large', amount: '999999999999.999999' }),
    );
    await store(client, [...micro, ...large]);

    const report = await queryUsage(client, { month: '2026-03' });
    expect(report.accounts.map((a) => [a.accountId, a.offPlanAmount, a.amountByReason])).toEqual([
      ['acct-large', '2999999999999.999997', { 'destination-not-in-plan': '2999999999999.999997' }],
      ['acct-micro', '0.000003', { 'destination-not-in-plan': '0.000003' }],
    ]);
    expect(report.customers).toHaveLength(1);
    expect(report.customers[0]).toMatchObject({
      customerId: 'cust-1',
      accounts: 2,
      calls: 6,
      offPlanAmount: '3000000000000',
      offPlanSeconds: 366,
      offPlanMinutes: '6.1',
      currencies: ['EUR'],
    });
    // 3 x 61 s = 183 s = 3.05 minutes; 0.000001 summed in binary floating point would give 0.0000030000000000000004.
    expect(report.accounts[1]).toMatchObject({
      offPlanSeconds: 183,
      offPlanMinutes: '3.05',
      offPlanChargedSeconds: 183,
    });
  });
});

describe('replays and re-ratings', () => {
  it('count every call once, with its latest rating, before and after background merges', async () => {
    const client = await database('rating_replays');
    // No background merge until the end: the replaced rows stay on disk, and only FINAL hides them.
    await client.command({ query: 'SYSTEM STOP MERGES rated_calls' });
    const original = [
      ratedCall({ callId: 'r-1', amount: '0.10', ratingVersion: 1 }),
      ratedCall({ callId: 'r-2', amount: '0.20', ratingVersion: 1 }),
      inPlanCall({ callId: 'r-3', ratingVersion: 1 }),
    ];
    await store(client, original, ratedAt(1));
    // The same calls replayed in another block by a later rating run.
    await store(
      client,
      original.map((call) => ({ ...call, ratingVersion: 2 })),
      ratedAt(2),
    );
    // r-2 re-rated: the device turned out to be third-party, and the price was corrected.
    const corrected = ratedCall({
      callId: 'r-2',
      amount: '0.25',
      reason: 'third-party-device',
      ratingVersion: 3,
    });
    await store(client, [corrected], ratedAt(3));
    // A late replay of the older rating arrives after the correction: it must not win.
    await store(client, [{ ...original[1], ratingVersion: 2 } as RatedCall], ratedAt(4));

    const expected: UsageFigures = {
      calls: 3,
      answeredCalls: 3,
      inPlanCalls: 1,
      offPlanCalls: 2,
      inPlanSeconds: 61,
      offPlanSeconds: 122,
      offPlanChargedSeconds: 122,
      inPlanMinutes: '1.02',
      offPlanMinutes: '2.03',
      offPlanAmount: '0.35',
      amountByReason: { 'destination-not-in-plan': '0.1', 'in-plan': '0', 'third-party-device': '0.25' },
      callsByReason: { 'destination-not-in-plan': 1, 'in-plan': 1, 'third-party-device': 1 },
      currencies: ['EUR'],
      breaches: 0,
      breachesByRule: {},
      source: 'live',
      archivedAt: null,
    };
    expect(await rows(client, 'SELECT count() AS n FROM rated_calls')).toEqual([{ n: '8' }]);
    const before = await queryUsage(client, { month: '2026-03' });
    expect(before.accounts).toEqual([
      { month: '2026-03', customerId: 'cust-1', accountId: 'acct-1', ...expected },
    ]);

    await client.command({ query: 'SYSTEM START MERGES rated_calls' });
    await client.command({ query: 'OPTIMIZE TABLE rated_calls FINAL' });
    expect(await rows(client, 'SELECT count() AS n FROM rated_calls')).toEqual([{ n: '3' }]);
    expect(await queryUsage(client, { month: '2026-03' })).toEqual(before);
    expect(
      await rows(
        client,
        "SELECT amount, reason, rating_version FROM rated_calls FINAL WHERE call_id = 'r-2'",
      ),
    ).toEqual([{ amount: '0.25', reason: 'third-party-device', rating_version: '3' }]);
  });

  it('move a call to its new customer when a re-rating changes the customer', async () => {
    const client = await database('rating_customer_change');
    await store(client, [ratedCall({ callId: 'm-1', customerId: 'cust-old', ratingVersion: 1 })]);
    await store(client, [ratedCall({ callId: 'm-1', customerId: 'cust-new', ratingVersion: 2 })]);
    const old = await queryUsage(client, { month: '2026-03', customerId: 'cust-old' });
    expect(old.accounts).toEqual([]);
    const moved = await queryUsage(client, { month: '2026-03', customerId: 'cust-new' });
    expect(moved.accounts.map((a) => [a.customerId, a.calls])).toEqual([['cust-new', 1]]);
  });

  it('store an insert retried with the same deduplication token once', async () => {
    const client = await database('rating_dedup_token');
    await client.command({ query: 'SYSTEM STOP MERGES rated_calls' });
    const calls = [ratedCall({ callId: 't-1' }), ratedCall({ callId: 't-2' })];
    await store(client, calls, ratedAt(1), 'cdr.calls/0/10-11/v1');
    await store(client, calls, ratedAt(1), 'cdr.calls/0/10-11/v1');
    expect(await rows(client, 'SELECT count() AS n FROM rated_calls')).toEqual([{ n: '2' }]);
    await store(client, calls, ratedAt(2), 'cdr.calls/0/10-11/v2');
    expect(await rows(client, 'SELECT count() AS n FROM rated_calls')).toEqual([{ n: '4' }]);
    expect((await queryUsage(client, { month: '2026-03' })).accounts[0]?.calls).toBe(2);
  });
});

describe('months in Paris time', () => {
  it('refuses a row whose month is not the Paris month of its start, across DST and month ends', async () => {
    const client = await database('rating_month_check');
    // 2026-03-31T22:30Z is 00:30 on 1 April in Paris (summer time, UTC+2); 2026-10-31T23:30Z is
    // 00:30 on 1 November (winter time, UTC+1).
    const april = ratedCall({ callId: 'dst-1', startTime: new Date('2026-03-31T22:30:00Z') });
    const november = ratedCall({ callId: 'dst-2', startTime: new Date('2026-10-31T23:30:00Z') });
    expect([april.month, november.month]).toEqual(['2026-04', '2026-11']);
    await store(client, [april, november]);
    await expect(store(client, [{ ...april, callId: 'dst-3', month: '2026-03' }])).rejects.toMatchObject({
      code: 'CLICKHOUSE_QUERY_FAILED',
      message: expect.stringContaining('month_is_paris_month_of_start') as unknown,
    });
    await expect(
      insertBreaches(client, [
        breachRow(breach({ breachId: 'b', at: april.startTime, month: '2026-03' }), ratedAt(0)),
      ]),
    ).rejects.toMatchObject({ code: 'CLICKHOUSE_QUERY_FAILED' });
    expect((await queryUsage(client, { month: '2026-04' })).accounts.map((a) => a.calls)).toEqual([1]);
    expect((await queryUsage(client, { month: '2026-03' })).accounts).toEqual([]);
  });
});

describe('queryUsage filters', () => {
  let client: ClickHouseClient;
  beforeAll(async () => {
    client = await database('rating_filters');
    const march = new Date('2026-03-05T09:00:00Z');
    const april = new Date('2026-04-05T09:00:00Z');
    await store(client, [
      ratedCall({
        callId: 'f-1',
        customerId: 'cust-a',
        accountId: 'acct-a1',
        startTime: march,
        amount: '1.5',
      }),
      ratedCall({
        callId: 'f-2',
        customerId: 'cust-a',
        accountId: 'acct-a2',
        startTime: march,
        amount: '2.25',
      }),
      ratedCall({ callId: 'f-3', customerId: 'cust-b', accountId: 'acct-b1', startTime: march, amount: '4' }),
      ratedCall({ callId: 'f-4', customerId: 'cust-a', accountId: 'acct-a1', startTime: april, amount: '8' }),
    ]);
  });

  it('selects one month, then one customer, then one account with its customer total', async () => {
    const month = await queryUsage(client, { month: '2026-03' });
    expect(month.accounts.map((a) => [a.customerId, a.accountId, a.offPlanAmount])).toEqual([
      ['cust-a', 'acct-a1', '1.5'],
      ['cust-a', 'acct-a2', '2.25'],
      ['cust-b', 'acct-b1', '4'],
    ]);
    expect(month.customers.map((c) => [c.customerId, c.accounts, c.offPlanAmount])).toEqual([
      ['cust-a', 2, '3.75'],
      ['cust-b', 1, '4'],
    ]);

    const customer = await queryUsage(client, { month: '2026-03', customerId: 'cust-a' });
    expect(customer.accounts.map((a) => a.accountId)).toEqual(['acct-a1', 'acct-a2']);
    expect(customer.customers.map((c) => c.customerId)).toEqual(['cust-a']);

    const account = await queryUsage(client, { month: '2026-04', accountId: 'acct-a1' });
    expect(account.accounts.map((a) => [a.month, a.accountId, a.offPlanAmount])).toEqual([
      ['2026-04', 'acct-a1', '8'],
    ]);
    expect(account.customers.map((c) => [c.customerId, c.offPlanAmount])).toEqual([['cust-a', '8']]);

    const wholeCustomer = await queryUsage(client, { month: '2026-03', accountId: 'acct-a2' });
    expect(wholeCustomer.customers.map((c) => [c.accounts, c.offPlanAmount])).toEqual([[2, '3.75']]);

    expect(await queryUsage(client, { month: '2026-05' })).toEqual({
      month: '2026-05',
      accounts: [],
      customers: [],
    });
    expect(
      await queryUsage(client, { month: '2026-03', customerId: 'cust-b', accountId: 'acct-a1' }),
    ).toMatchObject({
      accounts: [],
    });
    await expect(queryUsage(client, { month: 'March' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('fair-use breaches', () => {
  it('stores a breach recorded again once, and counts distinct breaches per account and customer', async () => {
    const client = await database('rating_breaches');
    await store(client, [ratedCall({ callId: 'b-call', accountId: 'acct-1' })]);
    const concurrent = breach({ breachId: 'breach-1', accountId: 'acct-1' });
    for (const second of [1, 2, 3]) await insertBreaches(client, [breachRow(concurrent, ratedAt(second))]);
    await insertBreaches(client, [
      breachRow(breach({ breachId: 'breach-2', accountId: 'acct-1', rule: 'distinct-numbers' }), ratedAt(4)),
      breachRow(
        breach({
          breachId: 'breach-3',
          accountId: 'acct-2',
          rule: 'registered-devices',
          triggeringEventId: 'reg-1',
        }),
        ratedAt(4),
      ),
    ]);

    expect(
      await rows(client, 'SELECT breach_id, recorded_at FROM fair_use_breaches FINAL ORDER BY breach_id'),
    ).toEqual([
      { breach_id: 'breach-1', recorded_at: '2026-04-01 00:00:03.000' },
      { breach_id: 'breach-2', recorded_at: '2026-04-01 00:00:04.000' },
      { breach_id: 'breach-3', recorded_at: '2026-04-01 00:00:04.000' },
    ]);
    const report = await queryUsage(client, { month: '2026-03' });
    expect(report.accounts.map((a) => [a.accountId, a.calls, a.breaches, a.breachesByRule])).toEqual([
      ['acct-1', 1, 2, { 'concurrent-calls': 1, 'distinct-numbers': 1 }],
      ['acct-2', 0, 1, { 'registered-devices': 1 }],
    ]);
    expect(report.customers.map((c) => [c.accounts, c.calls, c.breaches])).toEqual([[2, 1, 3]]);
  });
});
