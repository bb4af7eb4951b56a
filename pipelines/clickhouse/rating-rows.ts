import { PipelineError } from '../core/errors.ts';
import type { BreachEvent } from '../fair-use/breach.ts';
import { clickHouseDateTime64 } from '../ingest/call-record.ts';
import type { RatedCall } from '../rating/rated-call.ts';

/**
 * The rows of `rated_calls` and `fair_use_breaches` (migrations 0002, 0003) as they are inserted with
 * JSONEachRow: decimals as strings (never JSON numbers), instants as `YYYY-MM-DD hh:mm:ss.mmm` in UTC,
 * months as the Date of their 1st day, absent values as '' (LowCardinality columns) or null (Nullable).
 * Pure mapping and validation; the adapter that inserts them is rating-store.ts.
 */
export interface RatedCallRow {
  readonly call_id: string;
  readonly softswitch: string;
  readonly account_id: string;
  readonly customer_id: string;
  /** `YYYY-MM-01`: the 1st of the call's Europe/Paris month. */
  readonly month: string;
  readonly start_time: string;
  readonly answer_time: string | null;
  readonly end_time: string;
  readonly duration_s: number;
  readonly billable_s: number;
  readonly charged_s: number;
  readonly callee: string;
  readonly destination_class: string;
  /** '' when unknown. */
  readonly destination_country: string;
  readonly in_plan: boolean;
  readonly reason: string;
  /** Decimal(18, 6) as a string: at most 12 integer digits and 6 decimals. */
  readonly amount: string;
  readonly currency: string;
  /** '' when the call was not priced with a tariff. */
  readonly tariff_id: string;
  readonly tariff_version: string;
  /** JSON text. */
  readonly breakdown: string;
  readonly rating_version: number;
  readonly rated_at: string;
}

export interface BreachRow {
  readonly breach_id: string;
  readonly account_id: string;
  readonly customer_id: string;
  readonly rule: string;
  /** `YYYY-MM-01`: the 1st of the Europe/Paris month of `at`. */
  readonly month: string;
  readonly at: string;
  readonly triggering_call_id: string | null;
  readonly triggering_event_id: string | null;
  readonly policy: string;
  readonly rerate_month: boolean;
  /** JSON text. */
  readonly evidence: string;
  readonly recorded_at: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_START_DATE = /^(\d{4})-(0[1-9]|1[0-2])-01$/;
/** What Decimal(18, 6) holds exactly: more decimals would be truncated by ClickHouse, so they are refused. */
const DECIMAL_18_6 = /^-?\d{1,12}(\.\d{1,6})?$/;
const UINT32_MAX = 4_294_967_295;

/** `2026-03` -> `2026-03-01`, the Date ClickHouse stores for the month. */
export function monthStartDate(month: string): string {
  if (!MONTH.test(month)) {
    throw new PipelineError('INVALID_ARGUMENT', `month must be YYYY-MM, got ${JSON.stringify(month)}`);
  }
  return `${month}-01`;
}

/** `2026-03-01` (a month column read back) -> `2026-03`. */
export function monthOfStartDate(date: string): string {
  const match = MONTH_START_DATE.exec(date);
  if (match === null) {
    throw new PipelineError(
      'CLICKHOUSE_QUERY_FAILED',
      `expected the 1st of a month, got ${JSON.stringify(date)}`,
    );
  }
  return date.slice(0, 7);
}

/**
 * A rated call as a `rated_calls` row. `ratedAt` is when this rating was produced (the job's clock):
 * bookkeeping only, the row that wins is the one with the highest `ratingVersion`.
 *
 * Fails with RECORD_INVALID, naming the call id (never the callee), when the row could not be stored
 * exactly: an amount with more than 6 decimals or 12 integer digits, a month not `YYYY-MM`, counts that
 * are not UInt32, a rating version that is not a non-negative safe integer, an invalid date.
 */
export function ratedCallRow(call: RatedCall, ratedAt: Date): RatedCallRow {
  const problem = (what: string): PipelineError =>
    new PipelineError('RECORD_INVALID', `rated call ${call.callId} cannot be stored: ${what}`, {
      details: { callId: call.callId, softswitch: call.softswitch, accountId: call.accountId },
    });
  if (!MONTH.test(call.month)) throw problem(`month must be YYYY-MM, got ${JSON.stringify(call.month)}`);
  if (!DECIMAL_18_6.test(call.amount)) {
    throw problem(`amount ${JSON.stringify(call.amount)} does not fit Decimal(18, 6)`);
  }
  if (!Number.isSafeInteger(call.ratingVersion) || call.ratingVersion < 0) {
    throw problem(`ratingVersion must be a non-negative integer, got ${call.ratingVersion}`);
  }
  for (const [name, value] of [
    ['durationSeconds', call.durationSeconds],
    ['billableSeconds', call.billableSeconds],
    ['chargedSeconds', call.chargedSeconds],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
      throw problem(`${name} must be an integer in [0, ${UINT32_MAX}], got ${value}`);
    }
  }
  return {
    call_id: call.callId,
    softswitch: call.softswitch,
    account_id: call.accountId,
    customer_id: call.customerId,
    month: `${call.month}-01`,
    start_time: instant(call.startTime, 'startTime', problem),
    answer_time: call.answerTime === null ? null : instant(call.answerTime, 'answerTime', problem),
    end_time: instant(call.endTime, 'endTime', problem),
    duration_s: call.durationSeconds,
    billable_s: call.billableSeconds,
    charged_s: call.chargedSeconds,
    callee: call.callee,
    destination_class: call.destinationClass,
    destination_country: call.destinationCountry ?? '',
    in_plan: call.inPlan,
    reason: call.reason,
    amount: call.amount,
    currency: call.currency,
    tariff_id: call.tariffId ?? '',
    tariff_version: call.tariffVersion ?? '',
    breakdown: JSON.stringify(call.breakdown),
    rating_version: call.ratingVersion,
    rated_at: instant(ratedAt, 'ratedAt', problem),
  };
}

/** A breach event as a `fair_use_breaches` row; `recordedAt` is when it is stored (the latest recording wins). */
export function breachRow(event: BreachEvent, recordedAt: Date): BreachRow {
  const problem = (what: string): PipelineError =>
    new PipelineError('RECORD_INVALID', `breach ${event.breachId} cannot be stored: ${what}`, {
      details: { breachId: event.breachId, accountId: event.accountId, rule: event.rule },
    });
  if (!MONTH.test(event.month)) throw problem(`month must be YYYY-MM, got ${JSON.stringify(event.month)}`);
  return {
    breach_id: event.breachId,
    account_id: event.accountId,
    customer_id: event.customerId,
    rule: event.rule,
    month: `${event.month}-01`,
    at: instant(event.at, 'at', problem),
    triggering_call_id: event.triggeringCallId ?? null,
    triggering_event_id: event.triggeringEventId ?? null,
    policy: event.policy,
    rerate_month: event.rerateMonth,
    evidence: JSON.stringify(event.evidence),
    recorded_at: instant(recordedAt, 'recordedAt', problem),
  };
}

function instant(value: Date, name: string, problem: (what: string) => PipelineError): string {
  if (Number.isNaN(value.getTime())) throw problem(`${name} is not a valid date`);
  return clickHouseDateTime64(value);
}
