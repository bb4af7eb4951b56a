import type { ClickHouseClient } from '@clickhouse/client';
import type { ServiceAvailability } from '../availability/service-availability.ts';
import { toClickHouseError } from '../clickhouse/errors.ts';
import { monthStartDate } from '../clickhouse/rating-rows.ts';
import { money } from './billing-decimal.ts';
import type { MonthlyBilled } from './termination-fee.ts';
import {
  FAIR_USE_REASON_RULES,
  type BreachReference,
  type FairUseCall,
  type UsageAmount,
} from './usage-inputs.ts';

/**
 * What invoicing reads from ClickHouse besides its own tables: rated calls and breaches (FINAL: every
 * call once, with its latest rating), SLA availability (FINAL: the latest computation), and, from its own
 * current documents, the amounts billed per month.
 */
async function select<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return await result.json<T>();
  } catch (error) {
    throw toClickHouseError(error);
  }
}

/** `2026-03-10 09:00:00.000` (UTC text) -> Date. */
function utc(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/** Priced calls of `month` per customer, account and reason (every reason not covered by the plan). */
export async function queryUsageAmounts(client: ClickHouseClient, month: string): Promise<UsageAmount[]> {
  const rows = await select<{
    customer_id: string;
    account_id: string;
    reason: string;
    calls: string | number;
    charged_s: string | number;
    amount: string;
  }>(
    client,
    `SELECT customer_id, account_id, toString(reason) AS reason, count() AS calls,
            sum(toUInt64(charged_s)) AS charged_s, toString(sum(toDecimal128(amount, 6))) AS amount
     FROM rated_calls FINAL
     WHERE month = {month:Date} AND NOT in_plan
     GROUP BY customer_id, account_id, reason
     ORDER BY customer_id, account_id, reason`,
    { month: monthStartDate(month) },
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    accountId: r.account_id,
    reason: r.reason,
    calls: Number(r.calls),
    chargedSeconds: Number(r.charged_s),
    amount: money(r.amount),
  }));
}

/** Calls of `month` billed per minute because of a fair-use breach. */
export async function queryFairUseCalls(client: ClickHouseClient, month: string): Promise<FairUseCall[]> {
  const rows = await select<{
    call_id: string;
    customer_id: string;
    account_id: string;
    reason: string;
    start_time: string;
    callee: string;
    billable_s: string | number;
    charged_s: string | number;
    amount: string;
  }>(
    client,
    `SELECT call_id, customer_id, account_id, toString(reason) AS reason, toString(start_time) AS start_time,
            callee, billable_s, charged_s, toString(amount) AS amount
     FROM rated_calls FINAL
     WHERE month = {month:Date} AND reason IN {reasons:Array(String)}
     ORDER BY customer_id, account_id, start_time, call_id`,
    { month: monthStartDate(month), reasons: Object.keys(FAIR_USE_REASON_RULES) },
  );
  return rows.map((r) => ({
    callId: r.call_id,
    customerId: r.customer_id,
    accountId: r.account_id,
    reason: r.reason,
    startTime: utc(r.start_time),
    callee: r.callee,
    billableSeconds: Number(r.billable_s),
    chargedSeconds: Number(r.charged_s),
    amount: money(r.amount),
  }));
}

function evidenceNumber(evidence: string, key: 'count' | 'limit'): number | null {
  try {
    const parsed = JSON.parse(evidence) as Record<string, unknown>;
    const value = parsed[key];
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

/** Fair-use breaches of `month`. */
export async function queryBreaches(client: ClickHouseClient, month: string): Promise<BreachReference[]> {
  const rows = await select<{
    breach_id: string;
    customer_id: string;
    account_id: string;
    rule: string;
    at: string;
    rerate_month: boolean | number;
    evidence: string;
  }>(
    client,
    `SELECT breach_id, customer_id, account_id, toString(rule) AS rule, toString(at) AS at, rerate_month, evidence
     FROM fair_use_breaches FINAL
     WHERE month = {month:Date}
     ORDER BY customer_id, account_id, at, breach_id`,
    { month: monthStartDate(month) },
  );
  return rows.map((r) => ({
    breachId: r.breach_id,
    customerId: r.customer_id,
    accountId: r.account_id,
    rule: r.rule,
    at: utc(r.at),
    rerateMonth: r.rerate_month === true || r.rerate_month === 1,
    count: evidenceNumber(r.evidence, 'count'),
    limit: evidenceNumber(r.evidence, 'limit'),
  }));
}

/** Availability and credit rates of `month` (migration 0006). */
export async function querySlaAvailability(
  client: ClickHouseClient,
  month: string,
): Promise<ServiceAvailability[]> {
  const rows = await select<{
    customer_id: string;
    service: string;
    minutes_in_month: string | number;
    unavailable_minutes: string | number;
    excused_minutes: string | number;
    availability_percent: string;
    sla_eligible: boolean | number;
    credit_rate: string;
    tickets: string[];
  }>(
    client,
    `SELECT customer_id, toString(service) AS service, minutes_in_month, unavailable_minutes, excused_minutes,
            toString(availability_percent) AS availability_percent, sla_eligible,
            toString(credit_rate) AS credit_rate, tickets
     FROM sla_availability FINAL
     WHERE month = {month:Date}
     ORDER BY customer_id, service`,
    { month: monthStartDate(month) },
  );
  return rows.map((r) => ({
    month,
    customerId: r.customer_id,
    service: r.service,
    minutesInMonth: Number(r.minutes_in_month),
    unavailableMinutes: Number(r.unavailable_minutes),
    excusedMinutes: Number(r.excused_minutes),
    availabilityPercent: money(r.availability_percent),
    slaEligible: r.sla_eligible === true || r.sla_eligible === 1,
    creditRate: money(r.credit_rate),
    tickets: r.tickets,
  }));
}

/** Line kinds that count as "abonnements et consommations" for early-termination fees. */
export const TERMINATION_BASE_KINDS = ['subscription', 'recurring-service', 'usage', 'fair-use'] as const;

/** Per invoice month, what the customer's current documents billed in subscriptions and usage. */
export async function queryMonthlyBilled(
  client: ClickHouseClient,
  customerId: string,
): Promise<MonthlyBilled[]> {
  const rows = await select<{ month: string; amount: string }>(
    client,
    `SELECT toString(month) AS month, toString(sum(amount)) AS amount
     FROM invoice_lines_current
     WHERE customer_id = {customerId:String} AND kind IN {kinds:Array(String)}
     GROUP BY month
     ORDER BY month`,
    { customerId, kinds: [...TERMINATION_BASE_KINDS] },
  );
  return rows.map((r) => ({ month: r.month.slice(0, 7), amount: money(r.amount) }));
}
