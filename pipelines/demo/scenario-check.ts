import type { ClickHouseClient } from '@clickhouse/client';
import { monthStartDate } from '../clickhouse/rating-store.ts';
import { checkFraudScenario } from './fraud-scenario-check.ts';
import type { DemoMonthScenario } from './month/index.ts';

export interface ScenarioCheck {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

export interface ScenarioCheckOptions {
  /** Emergency calls the fraud detector saw and skipped (its stats): checked against the rated ones. */
  readonly emergencyCallsSkippedByFraud?: number;
}

/**
 * Compares what the pipeline stored with what the generated month is known to contain: the fair-use rules
 * each scenario account breaches (and no breach on any other account), the tariff version of the calls
 * either side of the mid-month price change, and the fraud audit trail (fraud-expectations.ts: the credential
 * theft suspended in time, no command for any other account, no emergency call counted).
 */
export async function checkScenario(
  client: ClickHouseClient,
  scenario: DemoMonthScenario,
  options: ScenarioCheckOptions = {},
): Promise<ScenarioCheck> {
  const month = monthStartDate(scenario.month);
  const breaches = await (
    await client.query({
      query: `SELECT account_id, groupUniqArray(rule) AS rules FROM fair_use_breaches FINAL
              WHERE month = {month:Date} GROUP BY account_id`,
      query_params: { month },
      format: 'JSONEachRow',
    })
  ).json<{ account_id: string; rules: string[] }>();
  const found = new Map(breaches.map((b) => [b.account_id, [...b.rules].sort()]));
  const lines = ['Scenario check (expected outcomes of the generated month):'];
  let ok = true;
  const expected = new Set<string>();
  for (const expectation of scenario.expectations) {
    expected.add(expectation.accountId);
    const want = [...new Set(expectation.expectedBreaches)].sort();
    const got = found.get(expectation.accountId) ?? [];
    const match = want.join(',') === got.join(',');
    ok &&= match;
    lines.push(
      `  ${match ? 'ok  ' : 'FAIL'} ${expectation.accountId.padEnd(22)} ${expectation.role.padEnd(40)} breaches: ${got.length === 0 ? 'none' : got.join(', ')}` +
        (match ? '' : ` (expected ${want.length === 0 ? 'none' : want.join(', ')})`),
    );
  }
  for (const expectation of scenario.expectations.filter(
    (e) => e.role === 'distinct-numbers-over-limit-whole-month',
  )) {
    const [row] = await (
      await client.query({
        query: `SELECT countIf(reason = 'in-plan') AS in_plan, countIf(reason = 'distinct-numbers-exceeded') AS billed
                FROM rated_calls FINAL WHERE month = {month:Date} AND account_id = {account:String}`,
        query_params: { month, account: expectation.accountId },
        format: 'JSONEachRow',
      })
    ).json<{ in_plan: string; billed: string }>();
    const rerated = Number(row?.in_plan) === 0 && Number(row?.billed) > 0;
    ok &&= rerated;
    lines.push(
      `  ${rerated ? 'ok  ' : 'FAIL'} ${expectation.accountId.padEnd(22)} whole-month policy: ${row?.billed ?? 0} calls billed per minute, ${row?.in_plan ?? 0} left in plan`,
    );
  }
  const unexpected = [...found.keys()].filter((account) => !expected.has(account));
  if (unexpected.length > 0) {
    ok = false;
    lines.push(`  FAIL breaches on accounts with ordinary traffic: ${unexpected.join(', ')}`);
  }
  const { tariffId, firstVersion, secondVersion, effectiveFrom } = scenario.tariffChange;
  const versions = await (
    await client.query({
      query: `SELECT tariff_version AS version, count() AS calls,
                     toUnixTimestamp64Milli(min(start_time)) AS first, toUnixTimestamp64Milli(max(start_time)) AS last
              FROM rated_calls FINAL WHERE month = {month:Date} AND tariff_id = {tariffId:String} GROUP BY version`,
      query_params: { month, tariffId },
      format: 'JSONEachRow',
    })
  ).json<{ version: string; calls: string; first: string; last: string }>();
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const before = byVersion.get(firstVersion);
  const after = byVersion.get(secondVersion);
  const switchAt = effectiveFrom.getTime();
  const tariffOk =
    before !== undefined &&
    after !== undefined &&
    Number(before.last) < switchAt &&
    Number(after.first) >= switchAt;
  ok &&= tariffOk;
  lines.push(
    `  ${tariffOk ? 'ok  ' : 'FAIL'} tariff ${tariffId}: ${before?.calls ?? 0} calls priced with ${firstVersion} before ` +
      `${effectiveFrom.toISOString()}, ${after?.calls ?? 0} with ${secondVersion} from then on`,
  );
  const fraud = await checkFraudScenario(client, scenario, options.emergencyCallsSkippedByFraud);
  ok &&= fraud.ok;
  lines.push(...fraud.lines);
  lines.push(ok ? 'All expected outcomes found.' : 'Some expected outcomes were NOT found.');
  return { ok, lines };
}
