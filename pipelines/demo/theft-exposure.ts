import type { ClickHouseClient } from '@clickhouse/client';
import { monthStartDate } from '../clickhouse/rating-store.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import type { TheftExposure } from './fraud-section.ts';
import type { DemoMonthScenario } from './month/index.ts';

/**
 * The attacker's calls (from the attacker's IP) that started at or after `suspendedAt`, and what rating
 * priced them at (rated_calls): what enforcing the suspension would have saved the customer.
 */
export async function queryTheftExposure(
  client: ClickHouseClient,
  scenario: DemoMonthScenario,
  calls: readonly CallRecord[],
  suspendedAt: Date,
): Promise<TheftExposure> {
  const { accountId, attackerIp } = scenario.credentialTheft;
  const ids = calls
    .filter((c) => c.accountId === accountId && c.sourceIp === attackerIp && c.startTime >= suspendedAt)
    .map((c) => c.callId);
  const [row] = await (
    await client.query({
      query: `SELECT count() AS calls, toString(sum(amount)) AS amount, any(currency) AS currency
              FROM rated_calls FINAL
              WHERE month = {month:Date} AND account_id = {account:String} AND call_id IN {ids:Array(String)}`,
      query_params: { month: monthStartDate(scenario.month), account: accountId, ids },
      format: 'JSONEachRow',
    })
  ).json<{ calls: string; amount: string; currency: string }>();
  return { calls: Number(row?.calls ?? 0), amount: row?.amount ?? '0', currency: row?.currency ?? '' };
}
