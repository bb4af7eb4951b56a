import type { Decimal } from 'decimal.js';
import { PipelineError } from '../core/errors.ts';
import type { PriceBreakdown } from './price-breakdown.ts';
import { DEFAULT_PRICING_OPTIONS, type PricingOptions } from './pricing-options.ts';
import { pricersOf } from './rate-pricer.ts';
import { RatingDecimal } from './rating-decimal.ts';
import { compiledTariffVersion, tariffVersionAt, type TariffLookupFailure } from './tariff-lookup.ts';
import type { Tariff, TariffRate, TariffVersion } from './tariff.ts';

export interface PriceCallInput {
  /** Whole seconds from answer to end, as the softswitch reported them (CallRecord.billableSeconds). */
  readonly billableSeconds: number;
  /** E.164 digits with or without `+`, or a short code: matched by longest prefix against the rates. */
  readonly number: string;
  /** The call's start: it alone chooses the tariff version, for every second of the call. */
  readonly startTime: Date;
}

export interface PricedCall {
  readonly ok: true;
  /**
   * Rounded with the version's rule; a decimal.js value of the RatingDecimal constructor, made on first
   * read (a getter: JSON.stringify of a PricedCall leaves it out; breakdown.roundedTotal is its text).
   */
  readonly amount: Decimal;
  readonly currency: string;
  /** The billable seconds priced (the input, unchanged). */
  readonly billableSeconds: number;
  /** The billable seconds rounded up to the increments of each tier: the seconds actually charged. */
  readonly chargedSeconds: number;
  readonly tariffId: string;
  /** The label of the version used (TariffVersion.version). */
  readonly tariffVersion: string;
  readonly destinationId: string;
  /** The tariff prefix that matched (the longest). */
  readonly prefix: string;
  readonly breakdown: PriceBreakdown;
}

export interface PriceFailure {
  readonly ok: false;
  /**
   * 'no-tariff-version': the call started before the tariff's first version;
   * 'no-rate-for-destination': no prefix of the number has a rate in the version in force.
   */
  readonly reason: TariffLookupFailure;
  readonly tariffId: string;
}

export type PriceResult = PricedCall | PriceFailure;

/**
 * Prices one answered call with a tariff, CGRateS-like:
 * - the tariff version is the one in force at the call's start (tariff-lookup.ts);
 * - the rate is the one with the longest prefix of the number;
 * - the connect fee is charged once, when billableSeconds > 0; a 0-second answered call costs nothing
 *   unless options.connectFeeOnZeroSeconds (pricing-options.ts); do not price unanswered calls at all;
 * - the part of the call in each tier is rounded UP to the tier's increment and priced at
 *   pricePerMinute x chargedSeconds / 60 with no rounding (rate-pricer.ts);
 * - rounding happens ONCE per call, on connect fee + the sum of the tiers, with the version's rule. Never per
 *   tier: per-tier rounding would make a call's price depend on how the tiers cut it (a 61-second "60/1"
 *   call would pay two roundings) and would differ from the total of the evidence. A call's cost is the
 *   smallest line a customer can check, so it is where rounding belongs (DOMAIN.md 4: round only where a
 *   line is produced); invoices then add rounded call costs exactly.
 * Exactness: the arithmetic is exact, including the division by 60: amounts are integers of
 * 1 / (60 x 10^scale) until the one rounding (rate-pricer.ts, money-units.ts). The breakdown writes
 * unrounded values that have no finite decimal expansion (a third of a cent) with 40 significant digits,
 * as decimal.js at precision 40 would; the rounding itself is computed from the exact fraction.
 * Throws RECORD_INVALID when billableSeconds is not a whole number >= 0 or startTime is not a valid instant;
 * CONFIG_INVALID when the version in force fails tariffVersionProblems.
 */
export function priceCall(
  input: PriceCallInput,
  tariff: Tariff,
  options: PricingOptions = DEFAULT_PRICING_OPTIONS,
): PriceResult {
  const { billableSeconds, number, startTime } = input;
  if (!Number.isSafeInteger(billableSeconds) || billableSeconds < 0) {
    throw new PipelineError(
      'RECORD_INVALID',
      `billableSeconds must be a whole number >= 0, got ${billableSeconds}`,
    );
  }
  if (Number.isNaN(startTime.getTime())) {
    throw new PipelineError('RECORD_INVALID', 'startTime is not a valid instant');
  }
  const version = tariffVersionAt(tariff, startTime);
  if (version === undefined) return { ok: false, reason: 'no-tariff-version', tariffId: tariff.id };
  const rate = compiledTariffVersion(version).rateFor(number);
  if (rate === undefined) return { ok: false, reason: 'no-rate-for-destination', tariffId: tariff.id };
  const breakdown = pricersOf(version).pricerFor(rate).price(billableSeconds, options);
  return new PricedCallResult(tariff.id, version, rate, breakdown);
}

/** A PricedCall whose Decimal amount is made only when read (rating stores the text, breakdown.roundedTotal). */
class PricedCallResult implements PricedCall {
  readonly ok = true;
  readonly currency: string;
  readonly billableSeconds: number;
  readonly chargedSeconds: number;
  readonly tariffVersion: string;
  readonly destinationId: string;
  readonly prefix: string;
  #amount: Decimal | undefined;

  constructor(
    readonly tariffId: string,
    version: TariffVersion,
    rate: TariffRate,
    readonly breakdown: PriceBreakdown,
  ) {
    this.currency = version.currency;
    this.billableSeconds = breakdown.billableSeconds;
    this.chargedSeconds = breakdown.chargedSeconds;
    this.tariffVersion = version.version;
    this.destinationId = rate.destinationId;
    this.prefix = rate.prefix;
  }

  get amount(): Decimal {
    return (this.#amount ??= new RatingDecimal(this.breakdown.roundedTotal));
  }
}
