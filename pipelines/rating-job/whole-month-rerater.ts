import type { ClickHouseClient } from '@clickhouse/client';
import { monthStartDate } from '../clickhouse/rating-store.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import { priceCall } from '../rating/price-call.ts';
import { offPlanRating, type RatableCall, type RatedCall } from '../rating/rated-call.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { RerateRequest } from './rating-processor.ts';

interface StoredInPlanCall {
  readonly call_id: string;
  readonly softswitch: string;
  readonly customer_id: string;
  readonly start_time: string;
  readonly answer_time: string | null;
  readonly end_time: string;
  readonly duration_s: number | string;
  readonly billable_s: number | string;
  readonly callee: string;
  readonly currency: string;
  readonly rating_version: number | string;
}

/** `YYYY-MM-DD hh:mm:ss.mmm` (UTC, as ClickHouse prints DateTime64(3, 'UTC')) to an instant. */
function utcInstant(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

/**
 * The `whole-month` fair-use policy: once an account exceeds the distinct-number limit, the calls of the
 * month the plan covered until then are billed per minute too (the complementary invoice carries them).
 * Reads those calls back from `rated_calls` and prices them with the plan's tariff, as a new rating version
 * of each call so they replace the in-plan rows. Idempotent: a second pass finds no in-plan call left.
 */
export class WholeMonthRerater {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly reference: () => ReferenceData,
    private readonly classify: NumberClassifier,
  ) {}

  async rerate(request: RerateRequest): Promise<RatedCall[]> {
    const reference = this.reference();
    const context = reference.account(request.accountId);
    if (context === undefined) return [];
    const tariff = reference.tariff(context.plan.tariffId);
    const result = await this.client.query({
      query: `SELECT call_id, softswitch, customer_id, toString(start_time) AS start_time, toString(answer_time) AS answer_time,
                     toString(end_time) AS end_time, duration_s, billable_s, callee, currency, rating_version
              FROM rated_calls FINAL
              WHERE account_id = {account:String} AND month = {month:Date} AND reason = 'in-plan'
              ORDER BY start_time, call_id`,
      query_params: { account: request.accountId, month: monthStartDate(request.month) },
      format: 'JSONEachRow',
    });
    const stored = await result.json<StoredInPlanCall>();
    return stored.map((row) => {
      const call: RatableCall = {
        callId: row.call_id,
        softswitch: row.softswitch,
        accountId: request.accountId,
        startTime: utcInstant(row.start_time),
        answerTime: row.answer_time === null ? null : utcInstant(row.answer_time),
        endTime: utcInstant(row.end_time),
        durationSeconds: Number(row.duration_s),
        billableSeconds: Number(row.billable_s),
      };
      const destination = this.classify(row.callee);
      const price =
        tariff === undefined
          ? null
          : priceCall(
              {
                billableSeconds: call.billableSeconds,
                number: destination.number,
                startTime: call.startTime,
              },
              tariff,
            );
      return offPlanRating(
        call,
        destination,
        {
          customerId: row.customer_id,
          month: request.month,
          ratingVersion: Number(row.rating_version) + 1,
          currency: row.currency,
        },
        'distinct-numbers-exceeded',
        price,
      );
    });
  }
}
