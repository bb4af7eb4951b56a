import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse/client-factory.ts';
import { breachRow, insertBreaches, insertRatedCalls, ratedCallRow } from '../clickhouse/rating-store.ts';
import type { RatingOutputs } from './rating-processor.ts';
import type { WholeMonthRerater } from './whole-month-rerater.ts';

export interface RatingSinkTotals {
  ratedCalls: number;
  breaches: number;
  rerateRequests: number;
  /** Calls billed per minute afterwards because their month was re-rated (whole-month policy). */
  reratedCalls: number;
}

/**
 * Stores the rating processor's outputs in ClickHouse: rated calls (one row per call, the highest rating
 * version winning, so a replay replaces rather than adds) and breach events (one row per breach id).
 * `recordedAt` is the processing instant written next to them: it is the only wall-clock value stored.
 */
export class RatingSink {
  readonly totals: RatingSinkTotals = { ratedCalls: 0, breaches: 0, rerateRequests: 0, reratedCalls: 0 };

  constructor(
    private readonly client: ClickHouseClient,
    /** Applies the whole-month policy's re-rating requests; without it they are only counted. */
    private readonly rerater?: WholeMonthRerater,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async write(outputs: RatingOutputs): Promise<void> {
    const recordedAt = this.now();
    try {
      if (outputs.ratedCalls.length > 0) {
        await insertRatedCalls(
          this.client,
          outputs.ratedCalls.map((call) => ratedCallRow(call, recordedAt)),
        );
      }
      if (outputs.breaches.length > 0) {
        await insertBreaches(
          this.client,
          outputs.breaches.map((breach) => breachRow(breach, recordedAt)),
        );
      }
      // After the triggering call is stored: the re-rating reads the month's in-plan calls back.
      for (const request of outputs.rerates) {
        if (this.rerater === undefined) break;
        const rerated = await this.rerater.rerate(request);
        if (rerated.length > 0) {
          await insertRatedCalls(
            this.client,
            rerated.map((call) => ratedCallRow(call, recordedAt)),
          );
        }
        this.totals.reratedCalls += rerated.length;
      }
    } catch (error) {
      throw toClickHouseError(error);
    }
    this.totals.ratedCalls += outputs.ratedCalls.length;
    this.totals.breaches += outputs.breaches.length;
    this.totals.rerateRequests += outputs.rerates.length;
  }
}
