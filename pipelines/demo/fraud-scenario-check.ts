import type { ClickHouseClient } from '@clickhouse/client';
import { monthStartDate } from '../clickhouse/rating-store.ts';
import type { AccountCommandKind } from '../fraud/fraud-alert.ts';
import { judgeFraud, type FraudJudgement, type ObservedFraud } from './fraud-expectations.ts';
import type { DemoMonthScenario } from './month/index.ts';

/** Alerts of calls ending just after the month (a call that crosses midnight) belong to it too. */
const AFTER_MONTH_MS = 86_400_000;

async function rows<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}

/**
 * What the audit trail holds for the month (alerts by detection time, automatic commands by effective time,
 * read with FINAL) and the month's emergency calls from rated_calls, as the fraud check needs them.
 */
export async function readObservedFraud(
  client: ClickHouseClient,
  scenario: DemoMonthScenario,
  emergencyCallsSkipped?: number,
): Promise<ObservedFraud> {
  const range = {
    from: scenario.monthStart.getTime(),
    to: scenario.monthEnd.getTime() + AFTER_MONTH_MS,
  };
  const [commands, alerts, emergency] = await Promise.all([
    rows<{ account_id: string; kind: AccountCommandKind; rule: string; at: string }>(
      client,
      `SELECT account_id, kind, rule, toUnixTimestamp64Milli(effective_at) AS at FROM account_commands FINAL
       WHERE kind IN ('suspend', 'restrict-unlimited') AND alert_id IS NOT NULL
         AND toUnixTimestamp64Milli(effective_at) >= {from:Int64} AND toUnixTimestamp64Milli(effective_at) < {to:Int64}`,
      range,
    ),
    rows<{ rule: string; severity: string; account_ids: string[]; at: string; sample_ids: string[] }>(
      client,
      `SELECT rule, severity, account_ids, toUnixTimestamp64Milli(detected_at) AS at,
              arrayMap(s -> JSONExtractString(s, 'id'), JSONExtractArrayRaw(samples)) AS sample_ids
       FROM fraud_alerts FINAL
       WHERE toUnixTimestamp64Milli(detected_at) >= {from:Int64} AND toUnixTimestamp64Milli(detected_at) < {to:Int64}`,
      range,
    ),
    rows<{ call_id: string }>(
      client,
      `SELECT call_id FROM rated_calls FINAL WHERE month = {month:Date} AND destination_class = 'emergency'`,
      { month: monthStartDate(scenario.month) },
    ),
  ]);
  return {
    commands: commands.map((c) => ({
      accountId: c.account_id,
      kind: c.kind,
      rule: c.rule,
      effectiveAt: new Date(Number(c.at)),
    })),
    alerts: alerts.map((a) => ({
      rule: a.rule,
      severity: a.severity,
      accountIds: a.account_ids,
      detectedAt: new Date(Number(a.at)),
      sampleIds: a.sample_ids,
    })),
    emergencyCallIds: new Set(emergency.map((e) => e.call_id)),
    ...(emergencyCallsSkipped === undefined ? {} : { emergencyCallsSkipped }),
  };
}

/** The fraud part of the scenario check, from what ClickHouse holds. */
export async function checkFraudScenario(
  client: ClickHouseClient,
  scenario: DemoMonthScenario,
  emergencyCallsSkipped?: number,
): Promise<FraudJudgement> {
  return judgeFraud(scenario, await readObservedFraud(client, scenario, emergencyCallsSkipped));
}
