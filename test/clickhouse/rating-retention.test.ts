import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  archiveUsageMonth,
  breachRow,
  insertBreaches,
  insertRatedCalls,
  queryUsage,
  ratedCallRow,
  readRetention,
  type UsageReport,
} from '../../pipelines/clickhouse/rating-store.ts';
import type { RatedCall } from '../../pipelines/rating/rated-call.ts';
import {
  breach,
  chdbDatabases,
  inMonth,
  inPlanCall,
  ratedCall,
  rows,
  serverMonthsAgo,
} from './rating-fixtures.ts';

// Retention is relative to the ClickHouse server's clock (the TTL compares with now()), so these tests
// use months counted back from the server's current month.
const databases = chdbDatabases('rating-retention');
afterAll(() => databases.closeAll());

const ratedAt = new Date('2026-01-01T00:00:00.000Z');
const store = (client: ClickHouseClient, calls: readonly RatedCall[]) =>
  insertRatedCalls(
    client,
    calls.map((call) => ratedCallRow(call, ratedAt)),
  );

async function ttlOf(client: ClickHouseClient, table: string): Promise<string | undefined> {
  const [row] = await rows<{ engine_full: string }>(
    client,
    'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    { table },
  );
  return /\bTTL (.+?) SETTINGS/.exec(row?.engine_full ?? '')?.[1];
}

/** Drops expired parts now instead of waiting for a background merge. */
async function applyTtlNow(client: ClickHouseClient): Promise<void> {
  for (const table of ['rated_calls', 'fair_use_breaches']) {
    await client.command({
      query: `OPTIMIZE TABLE ${table} FINAL`,
      clickhouse_settings: { mutations_sync: '2' },
    });
  }
}

const withoutProvenance = (report: UsageReport) => ({
  accounts: report.accounts.map(({ source: _s, archivedAt: _a, ...figures }) => figures),
  customers: report.customers.map(({ source: _s, archivedAt: _a, ...figures }) => figures),
});

describe('retention of detailed rows', () => {
  it('defaults to 12 months after the month ends, and follows clickhouse.retentionMonths', async () => {
    const client = await databases.open('retention_config');
    const twelveAgo = await serverMonthsAgo(client, 12);
    expect(await readRetention(client)).toEqual({
      months: 12,
      ttlMonths: { rated_calls: 12, fair_use_breaches: 12 },
      firstLiveMonth: twelveAgo,
      expiringMonth: twelveAgo,
      liveFrom: '1970-01',
    });
    const [create] = await rows<{ statement: string }>(client, 'SHOW CREATE TABLE rated_calls');
    expect(create?.statement).toContain('TTL month + toIntervalMonth(13)');
    expect(create?.statement).toContain('ttl_only_drop_parts = 1');

    expect(await applyRetention(client, 24)).toEqual({ months: 24, changed: true, archivedMonths: [] });
    expect(await ttlOf(client, 'rated_calls')).toBe('month + toIntervalMonth(25)');
    expect(await ttlOf(client, 'fair_use_breaches')).toBe('month + toIntervalMonth(25)');
    // Rows older than 12 months were dropped under the old TTL: those months keep reading the archive.
    expect(await readRetention(client)).toMatchObject({
      months: 24,
      ttlMonths: { rated_calls: 24, fair_use_breaches: 24 },
      expiringMonth: await serverMonthsAgo(client, 24),
      liveFrom: twelveAgo,
      firstLiveMonth: twelveAgo,
    });
    expect(await applyRetention(client, 24)).toEqual({ months: 24, changed: false, archivedMonths: [] });

    for (const months of [0, 601, 1.5]) {
      await expect(applyRetention(client, months)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    }
  });
});

describe('usage outlives the detailed rows', () => {
  let client: ClickHouseClient;
  let twoAgo: string;
  let oneAgo: string;
  let liveBefore: UsageReport;

  beforeAll(async () => {
    client = await databases.open('retention_archive');
    twoAgo = await serverMonthsAgo(client, 2);
    oneAgo = await serverMonthsAgo(client, 1);
    await store(client, [
      ratedCall({ callId: 'old-1', accountId: 'acct-1', startTime: inMonth(twoAgo), amount: '0.123456' }),
      ratedCall({
        callId: 'old-2',
        accountId: 'acct-2',
        startTime: inMonth(twoAgo),
        amount: '1000000.000001',
      }),
      inPlanCall({ callId: 'old-3', accountId: 'acct-2', startTime: inMonth(twoAgo, 60_000) }),
      ratedCall({ callId: 'recent-1', accountId: 'acct-1', startTime: inMonth(oneAgo), amount: '0.5' }),
    ]);
    await insertBreaches(client, [
      breachRow(breach({ breachId: 'old-breach', accountId: 'acct-2', at: inMonth(twoAgo) }), ratedAt),
    ]);
    liveBefore = await queryUsage(client, { month: twoAgo });
  });

  it('snapshots the months a shorter retention expires, then reads them from the archive once dropped', async () => {
    expect(liveBefore.accounts.map((a) => [a.accountId, a.offPlanAmount, a.breaches, a.source])).toEqual([
      ['acct-1', '0.123456', 0, 'live'],
      ['acct-2', '1000000.000001', 1, 'live'],
    ]);

    expect(await applyRetention(client, 1)).toEqual({
      months: 1,
      changed: true,
      archivedMonths: [twoAgo, oneAgo],
    });
    await applyTtlNow(client);
    expect(
      await rows(
        client,
        'SELECT toString(month) AS month, count() AS n FROM rated_calls GROUP BY month ORDER BY month',
      ),
    ).toEqual([{ month: `${oneAgo}-01`, n: '1' }]);
    expect(await rows(client, 'SELECT count() AS n FROM fair_use_breaches')).toEqual([{ n: '0' }]);

    const archived = await queryUsage(client, { month: twoAgo });
    expect(withoutProvenance(archived)).toEqual(withoutProvenance(liveBefore));
    expect(archived.accounts.every((a) => a.source === 'archive' && a.archivedAt instanceof Date)).toBe(true);
    expect(archived.customers[0]).toMatchObject({ source: 'archive', accounts: 2, calls: 3, breaches: 1 });
    expect((await queryUsage(client, { month: oneAgo })).accounts[0]).toMatchObject({
      source: 'live',
      calls: 1,
    });

    // An expired month cannot be archived again (its rows are gone): the snapshot stays.
    expect(await archiveUsageMonth(client, twoAgo)).toMatchObject({ archived: false, accounts: 2 });
    expect(await queryUsage(client, { month: twoAgo })).toEqual(archived);
  });

  it('takes the daily snapshot of the month that expires next, corrections included', async () => {
    // Under a 1-month retention, last month expires when this month ends.
    expect((await readRetention(client)).expiringMonth).toBe(oneAgo);
    await store(client, [
      ratedCall({
        callId: 'recent-1',
        accountId: 'acct-1',
        startTime: inMonth(oneAgo),
        amount: '0.75',
        ratingVersion: 2,
      }),
    ]);
    await client.command({ query: 'SYSTEM REFRESH VIEW monthly_usage_archiver' });
    await client.command({ query: 'SYSTEM WAIT VIEW monthly_usage_archiver' });
    const latest = await rows(
      client,
      `SELECT account_id, off_plan_amount FROM monthly_usage_archive FINAL
       WHERE month = {month:Date}
         AND archived_at = (SELECT max(archived_at) FROM monthly_usage_archive WHERE month = {month:Date})`,
      { month: `${oneAgo}-01` },
    );
    expect(latest).toEqual([{ account_id: 'acct-1', off_plan_amount: '0.75' }]);
    // The month still has its rows: reports read them, not the snapshot.
    expect((await queryUsage(client, { month: oneAgo })).accounts[0]).toMatchObject({
      source: 'live',
      offPlanAmount: '0.75',
    });
  });

  it('keeps reading the archive for dropped months when the retention grows again', async () => {
    const archived = await queryUsage(client, { month: twoAgo });
    expect(await applyRetention(client, 12)).toMatchObject({ months: 12, changed: true });
    expect(await readRetention(client)).toMatchObject({ liveFrom: oneAgo, firstLiveMonth: oneAgo });
    expect(await ttlOf(client, 'rated_calls')).toBe('month + toIntervalMonth(13)');
    expect(await queryUsage(client, { month: twoAgo })).toEqual(archived);
    expect((await queryUsage(client, { month: oneAgo })).accounts[0]).toMatchObject({ source: 'live' });
  });

  it('archives a live month on demand, the latest snapshot winning', async () => {
    const first = await archiveUsageMonth(client, oneAgo);
    expect(first).toMatchObject({ month: oneAgo, archived: true, accounts: 1 });
    const second = await archiveUsageMonth(client, oneAgo);
    expect(second.archived).toBe(true);
    expect(second.archivedAt?.getTime()).toBeGreaterThan(first.archivedAt?.getTime() ?? Infinity);
    expect(await archiveUsageMonth(client, await serverMonthsAgo(client, 13))).toEqual({
      month: await serverMonthsAgo(client, 13),
      archived: false,
      accounts: 0,
      archivedAt: null,
    });
  });
});
