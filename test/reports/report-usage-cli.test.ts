import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import {
  breachRow,
  insertBreaches,
  insertRatedCalls,
  ratedCallRow,
} from '../../pipelines/clickhouse/rating-store.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { BreachEvent, FairUseRule } from '../../pipelines/fair-use/breach.ts';
import type { RatedCall } from '../../pipelines/rating/rated-call.ts';
import { parisMonthBounds, parisMonthOf, previousParisMonth } from '../../pipelines/time/paris-calendar.ts';
import { runCli } from './cli-capture.ts';

// Last month (complete, and well within the 12-month retention the TTL enforces from the server's clock),
// with one call of the current month that must not be counted.
const currentMonth = parisMonthOf(new Date());
const month = previousParisMonth(currentMonth);
const dayOf = (m: string, day: number, plusSeconds = 0): Date =>
  new Date(parisMonthBounds(m).start.getTime() + (day - 1) * 86_400_000 + 9 * 3_600_000 + plusSeconds * 1000);

type Kind = 'off-plan' | 'third-party' | 'in-plan' | 'emergency' | 'not-answered';

function call(
  callId: string,
  accountId: string,
  customerId: string,
  kind: Kind,
  billableSeconds: number,
  amount: string,
  options: { readonly at?: Date; readonly ratingVersion?: number } = {},
): RatedCall {
  const startTime = options.at ?? dayOf(month, 5);
  const answered = billableSeconds > 0;
  const free = kind === 'in-plan' || kind === 'emergency' || kind === 'not-answered';
  const reason =
    kind === 'off-plan' ? 'destination-not-in-plan' : kind === 'third-party' ? 'third-party-device' : kind;
  return {
    callId,
    softswitch: 'asterisk-1',
    accountId,
    customerId,
    month: parisMonthOf(startTime),
    startTime,
    answerTime: answered ? new Date(startTime.getTime() + 4_000) : null,
    endTime: new Date(startTime.getTime() + 4_000 + billableSeconds * 1000),
    durationSeconds: billableSeconds + 4,
    billableSeconds,
    chargedSeconds: free ? 0 : Math.ceil(billableSeconds / 60) * 60,
    callee: kind === 'emergency' ? '112' : kind === 'off-plan' ? '+442079460000' : '+33612345678',
    destinationClass:
      kind === 'emergency' ? 'emergency' : kind === 'off-plan' ? 'international' : 'national-mobile',
    destinationCountry: kind === 'emergency' ? null : kind === 'off-plan' ? 'GB' : 'FR',
    inPlan: kind === 'in-plan' || kind === 'emergency',
    reason,
    amount,
    currency: 'EUR',
    tariffId: free ? null : 'standard',
    tariffVersion: free ? null : '2026-01',
    breakdown:
      reason === 'destination-not-in-plan' || reason === 'third-party-device'
        ? { kind: 'unpriced', offPlanReason: reason, failure: 'tariff-not-found' }
        : { kind: 'free', reason },
    ratingVersion: options.ratingVersion ?? 1,
  };
}

function breach(breachId: string, accountId: string, customerId: string, rule: FairUseRule): BreachEvent {
  const at = dayOf(month, 6);
  return {
    breachId,
    accountId,
    customerId,
    rule,
    month: parisMonthOf(at),
    at,
    triggeringCallId: `${breachId}-call`,
    policy: 'rest-of-month',
    rerateMonth: false,
    evidence: { count: 4, limit: 3 },
  };
}

const root = mkdtempSync(join(tmpdir(), 'cdr-report-usage-'));
const dataPath = join(root, 'chdb');
const env = { CLICKHOUSE_DATA_PATH: dataPath, CLICKHOUSE_DATABASE: 'reports', LOG_LEVEL: 'silent' };
let client: ClickHouseClient;

beforeAll(async () => {
  client = await createClickHouseClient({ dataPath, database: 'reports' }, silentLogger());
  await runMigrations(client, { logger: silentLogger() });
  const ratedAt = new Date();
  const calls = [
    // Rated first at 99, then re-rated (version 2) at 12.3457: only the latest rating counts.
    call('a1-1', 'acct-a1', 'cust-a', 'off-plan', 125, '99', { ratingVersion: 1 }),
    call('a1-1', 'acct-a1', 'cust-a', 'off-plan', 125, '12.3457', { ratingVersion: 2 }),
    call('a1-2', 'acct-a1', 'cust-a', 'in-plan', 91, '0'),
    call('a1-3', 'acct-a1', 'cust-a', 'not-answered', 0, '0'),
    call('a2-1', 'acct-a2', 'cust-a', 'third-party', 60, '0.1543'),
    call('a2-2', 'acct-a2', 'cust-a', 'in-plan', 30, '0'),
    call('b1-1', 'acct-b1', 'cust-b', 'in-plan', 1200, '0'),
    call('b1-2', 'acct-b1', 'cust-b', 'emergency', 30, '0'),
    // This month: not in last month's report.
    call('a1-now', 'acct-a1', 'cust-a', 'off-plan', 60, '5', { at: dayOf(currentMonth, 1) }),
  ];
  await insertRatedCalls(
    client,
    calls.map((c) => ratedCallRow(c, ratedAt)),
  );
  await insertBreaches(client, [
    breachRow(breach('breach-1', 'acct-a1', 'cust-a', 'concurrent-calls'), ratedAt),
    breachRow(breach('breach-2', 'acct-a2', 'cust-a', 'third-party-device'), ratedAt),
    // Replayed: stored once.
    breachRow(breach('breach-2', 'acct-a2', 'cust-a', 'third-party-device'), ratedAt),
  ]);
}, 60_000);

afterAll(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

/** The cells of the table line starting with these cells (split on runs of spaces). */
function tableRow(text: string, ...first: string[]): string[] | undefined {
  return text
    .split('\n')
    .map((line) => line.split(/ {2,}/))
    .find((cells) => first.every((cell, i) => cells[i] === cell));
}

describe('cdr-pipeline report usage against chDB', () => {
  it('prints the table of last month: accounts, customer subtotal, totals, exact amounts', async () => {
    const run = await runCli(['report', 'usage', '--month', month], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Usage report: \\w+ \\d{4} \\(${month}\\), Europe/Paris time$`));
    expect(lines).toContain('Currency: EUR, amounts excluding VAT');
    // CALLS ANSWERED IN-PLAN-MIN OFF-PLAN-MIN OFF-PLAN-AMOUNT BREACHES
    expect(tableRow(run.stdout, 'cust-a', 'acct-a1')).toEqual([
      'cust-a',
      'acct-a1',
      '3',
      '2',
      '1.52',
      '2.08',
      '12.3457',
      '1',
    ]);
    expect(tableRow(run.stdout, 'cust-a', 'acct-a2')).toEqual([
      'cust-a',
      'acct-a2',
      '2',
      '2',
      '0.50',
      '1.00',
      '0.1543',
      '1',
    ]);
    expect(tableRow(run.stdout, 'cust-a', 'all 2 accounts')).toEqual([
      'cust-a',
      'all 2 accounts',
      '5',
      '4',
      '2.02',
      '3.08',
      '12.5000',
      '2',
    ]);
    expect(tableRow(run.stdout, 'cust-b', 'acct-b1')).toEqual([
      'cust-b',
      'acct-b1',
      '2',
      '2',
      '20.50',
      '0.00',
      '0.0000',
      '0',
    ]);
    expect(tableRow(run.stdout, 'TOTAL', '3 accounts')).toEqual([
      'TOTAL',
      '3 accounts',
      '7',
      '6',
      '22.52',
      '3.08',
      '12.5000',
      '2',
    ]);
    expect(tableRow(run.stdout, 'cust-a', 'acct-a1', 'destination-not-in-plan')).toEqual([
      'cust-a',
      'acct-a1',
      'destination-not-in-plan',
      '1',
      '12.3457',
    ]);
    expect(tableRow(run.stdout, 'cust-b', 'acct-b1', 'emergency')?.slice(3)).toEqual(['1', '0.0000']);
    const breaches = run.stdout.slice(run.stdout.indexOf('Fair-use breaches by rule'));
    expect(tableRow(breaches, 'cust-a', 'acct-a2', 'third-party-device')?.slice(3)).toEqual(['1']);
    expect(tableRow(breaches, 'TOTAL', '3 accounts', 'concurrent-calls')?.slice(3)).toEqual(['1']);
  });

  it('prints one customer as JSON with exact decimal strings', async () => {
    const run = await runCli(
      ['report', 'usage', '--month', month, '--customer', 'cust-a', '--format', 'json'],
      env,
    );
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as {
      month: string;
      filter: unknown;
      totals: Record<string, unknown>;
      customers: { customerId: string; accounts: Record<string, unknown>[] }[];
    };
    expect(document.month).toBe(month);
    expect(document.filter).toEqual({ customerId: 'cust-a', accountId: null });
    expect(document.customers.map((c) => c.customerId)).toEqual(['cust-a']);
    expect(document.customers[0]?.accounts[0]).toMatchObject({
      accountId: 'acct-a1',
      calls: 3,
      answeredCalls: 2,
      inPlanSeconds: 91,
      offPlanSeconds: 125,
      offPlanChargedSeconds: 180,
      inPlanMinutes: '1.52',
      offPlanMinutes: '2.08',
      offPlanAmount: '12.3457',
      byReason: {
        'in-plan': { calls: 1, amount: '0' },
        'not-answered': { calls: 1, amount: '0' },
        'destination-not-in-plan': { calls: 1, amount: '12.3457' },
      },
      breachesByRule: { 'concurrent-calls': 1 },
    });
    expect(document.totals).toMatchObject({ accounts: 2, offPlanAmount: '12.5', breaches: 2 });
  });

  it('prints one account as CSV, with its customer', async () => {
    const run = await runCli(
      ['report', 'usage', '--month', month, '--account', 'acct-a2', '--format', 'csv'],
      env,
    );
    expect(run.code).toBe(0);
    const records = run.stdout.split('\r\n');
    expect(records.at(-1)).toBe('');
    expect(records).toHaveLength(3);
    const header = records[0]?.split(',') ?? [];
    const row = records[1]?.split(',') ?? [];
    const field = (name: string): string | undefined => row[header.indexOf(name)];
    expect([field('month'), field('customer_id'), field('account_id')]).toEqual([month, 'cust-a', 'acct-a2']);
    expect(field('off_plan_amount')).toBe('0.1543');
    expect(field('amount_third_party_device')).toBe('0.1543');
    expect(field('breaches_third_party_device')).toBe('1');
    expect(field('in_plan_minutes')).toBe('0.50');
  });

  it('counts this month apart, and says when a month has no usage', async () => {
    const now = await runCli(['report', 'usage', '--month', currentMonth, '--format', 'json'], env);
    const document = JSON.parse(now.stdout) as { totals: Record<string, unknown> };
    expect(document.totals).toMatchObject({ accounts: 1, calls: 1, offPlanAmount: '5' });

    const empty = await runCli(['report', 'usage', '--month', previousParisMonth(month)], env);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('\nNo usage recorded for this month.\n');
  });

  it('tells to migrate when the database has no usage tables', async () => {
    const run = await runCli(['report', 'usage', '--month', month], {
      ...env,
      CLICKHOUSE_DATABASE: 'not_migrated',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'cdr-pipeline report usage: database not_migrated has no usage tables: run `cdr-pipeline db migrate` first\n',
    );
  });
});
