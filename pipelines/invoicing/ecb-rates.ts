import type { Decimal } from 'decimal.js';
import { PipelineError } from '../core/errors.ts';

/** One ECB main refinancing operations rate and the day it takes effect (a calendar date). */
export interface EcbRate {
  readonly effectiveFrom: string;
  /** Annual rate in percent (`"2.15"`). */
  readonly ratePercent: Decimal;
}

/** A dated table of ECB rates, sorted by effective date, one rate per date. */
export class EcbRateTable {
  readonly rates: readonly EcbRate[];

  constructor(rates: readonly EcbRate[]) {
    const sorted = [...rates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]?.effectiveFrom === sorted[i - 1]?.effectiveFrom) {
        throw new PipelineError(
          'BILLING_DATA_INVALID',
          `two ECB rates take effect on ${sorted[i]?.effectiveFrom ?? ''}`,
        );
      }
    }
    this.rates = sorted;
  }

  /**
   * The rate in force on `date`: the latest rate whose effective date is on or before it (CGV 10.1, "le
   * taux ... pour ses opérations de refinancement les plus récentes"). Fails when the table starts later.
   */
  rateOn(date: string): EcbRate {
    let found: EcbRate | undefined;
    for (const rate of this.rates) {
      if (rate.effectiveFrom <= date) found = rate;
      else break;
    }
    if (found === undefined) {
      throw new PipelineError(
        'BILLING_DATA_INVALID',
        `no ECB rate in force on ${date}: the table starts on ${this.rates[0]?.effectiveFrom ?? '(empty)'}`,
      );
    }
    return found;
  }
}
