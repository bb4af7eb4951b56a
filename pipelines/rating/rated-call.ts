import type { CallRecord } from '../ingest/call-record.ts';
import type { Destination, DestinationClass } from '../numbering/destination.ts';
import type { PriceBreakdown } from './price-breakdown.ts';
import type { PriceResult } from './price-call.ts';
import type { TariffLookupFailure } from './tariff-lookup.ts';

/**
 * Why a call costs what it costs: exactly one per rated call, chosen by the rating job from the fair-use
 * decision. Stable codes: they are stored, reported and shown on invoices.
 */
export type RatingReason =
  /** Covered by the account's plan (an included destination class, no fair-use breach): amount 0. */
  | 'in-plan'
  /** An emergency number (15, 17, 18, 112, ...): never rated, never counted, never blocked; amount 0. */
  | 'emergency'
  /** Not answered (billable seconds 0, no answer time): nothing to bill; amount 0. */
  | 'not-answered'
  /** The destination class is not in the plan (special 08, short code, international, satellite): priced. */
  | 'destination-not-in-plan'
  /** The customer is a telecom professional (operator, call centre, ...), excluded from the plan: priced. */
  | 'telecom-professional'
  /** The account called more distinct numbers this month than the plan allows (150): priced. */
  | 'distinct-numbers-exceeded'
  /** The call is the 4th (or later) simultaneous call of the account: priced. */
  | 'concurrent-calls-exceeded'
  /** The account had more devices registered at once than allowed (3) when the call was placed: priced. */
  | 'registered-devices-exceeded'
  /** Placed from a User-Agent outside the operator's device catalogue: priced. */
  | 'third-party-device'
  /** The account has no plan in the reference data, so nothing is included: priced with a fallback tariff. */
  | 'no-plan'
  /**
   * Should have been priced (for the off-plan reason in the breakdown) but no tariff, tariff version or
   * rate applies: amount 0, to be reviewed (fix the tariff, then re-rate).
   */
  | 'no-tariff';

/** Every reason, for storage enums and reports. */
export const RATING_REASONS = [
  'in-plan',
  'emergency',
  'not-answered',
  'destination-not-in-plan',
  'telecom-professional',
  'distinct-numbers-exceeded',
  'concurrent-calls-exceeded',
  'registered-devices-exceeded',
  'third-party-device',
  'no-plan',
  'no-tariff',
] as const satisfies readonly RatingReason[];
const _everyReasonListed: Exclude<RatingReason, (typeof RATING_REASONS)[number]> extends never
  ? true
  : never = true;

/** Reasons for which a call costs nothing by rule. */
export type FreeReason = Extract<RatingReason, 'in-plan' | 'emergency' | 'not-answered'>;

/** Reasons for which a call is priced per minute. */
export type OffPlanReason = Exclude<RatingReason, FreeReason | 'no-tariff'>;

/** Reasons under which the call counts as covered (in-plan usage, not billed per minute). */
const COVERED_REASONS: ReadonlySet<RatingReason> = new Set<RatingReason>(['in-plan', 'emergency']);

/** What rating needs of a call record. */
export type RatableCall = Pick<
  CallRecord,
  | 'callId'
  | 'softswitch'
  | 'accountId'
  | 'startTime'
  | 'answerTime'
  | 'endTime'
  | 'durationSeconds'
  | 'billableSeconds'
>;

/** What the rating job knows besides the call: who, which month, which rating run. */
export interface RatingContext {
  readonly customerId: string;
  /** The call's calendar month in Europe/Paris (`2026-03`), as fair use counted it. */
  readonly month: string;
  /** Increases with each (re-)rating run: the stored row with the highest version replaces the others. */
  readonly ratingVersion: number;
  /** Currency of zero amounts (calls not priced with a tariff), e.g. `EUR`. */
  readonly currency: string;
}

/** How the amount was reached, stored as JSON with the rated call. */
export type RatingBreakdown =
  | { readonly kind: 'free'; readonly reason: FreeReason }
  | {
      readonly kind: 'priced';
      readonly offPlanReason: OffPlanReason;
      readonly destinationId: string;
      readonly prefix: string;
      readonly price: PriceBreakdown;
    }
  | {
      readonly kind: 'unpriced';
      readonly offPlanReason: OffPlanReason;
      /** 'tariff-not-found': the job had no tariff to price with (unknown tariff id, or none for 'no-plan'). */
      readonly failure: TariffLookupFailure | 'tariff-not-found';
    };

/** A call as the rating job stores it (one row per callId; the highest ratingVersion wins). */
export interface RatedCall {
  readonly callId: string;
  readonly softswitch: string;
  readonly accountId: string;
  readonly customerId: string;
  /** `YYYY-MM`, the calendar month of startTime in Europe/Paris. */
  readonly month: string;
  readonly startTime: Date;
  readonly answerTime: Date | null;
  readonly endTime: Date;
  readonly durationSeconds: number;
  readonly billableSeconds: number;
  /** Seconds billed per minute after increments; 0 when the call is not priced. */
  readonly chargedSeconds: number;
  /** The normalised callee: E.164 with `+`, or the short code as dialled (Destination.number). */
  readonly callee: string;
  readonly destinationClass: DestinationClass;
  /** ISO 3166-1 alpha-2, null when unknown (short codes). */
  readonly destinationCountry: string | null;
  /** True when the call is covered at no charge by the plan or by law (reasons 'in-plan' and 'emergency'). */
  readonly inPlan: boolean;
  readonly reason: RatingReason;
  /** Excluding VAT, as a decimal string: the rounded price with the tariff's decimals (`"0.1500"`), or `"0"`. */
  readonly amount: string;
  readonly currency: string;
  /** Null when the call was not priced with a tariff. */
  readonly tariffId: string | null;
  readonly tariffVersion: string | null;
  readonly breakdown: RatingBreakdown;
  readonly ratingVersion: number;
}

/**
 * A call that costs nothing: covered by the plan ('in-plan', the default), an emergency call, or not
 * answered. A call to an emergency number is always rated 'emergency', whatever reason is given.
 */
export function inPlanRating(
  call: RatableCall,
  destination: Destination,
  context: RatingContext,
  reason: FreeReason = 'in-plan',
): RatedCall {
  const freeReason: FreeReason = destination.class === 'emergency' ? 'emergency' : reason;
  return ratedCall(call, destination, context, {
    reason: freeReason,
    chargedSeconds: 0,
    amount: '0',
    currency: context.currency,
    tariffId: null,
    tariffVersion: null,
    breakdown: { kind: 'free', reason: freeReason },
  });
}

/**
 * A call billed per minute for `reason`, with the result of priceCall, or null when the job had no tariff
 * to price with. A failed price gives reason 'no-tariff' and amount 0, keeping the off-plan reason and the
 * failure in the breakdown. Emergency numbers are never priced: such a call is rated 'emergency' instead.
 */
export function offPlanRating(
  call: RatableCall,
  destination: Destination,
  context: RatingContext,
  reason: OffPlanReason,
  price: PriceResult | null,
): RatedCall {
  if (destination.class === 'emergency') return inPlanRating(call, destination, context, 'emergency');
  if (price === null || !price.ok) {
    return ratedCall(call, destination, context, {
      reason: 'no-tariff',
      chargedSeconds: 0,
      amount: '0',
      currency: context.currency,
      tariffId: price === null ? null : price.tariffId,
      tariffVersion: null,
      breakdown: {
        kind: 'unpriced',
        offPlanReason: reason,
        failure: price === null ? 'tariff-not-found' : price.reason,
      },
    });
  }
  return ratedCall(call, destination, context, {
    reason,
    chargedSeconds: price.chargedSeconds,
    amount: price.breakdown.roundedTotal,
    currency: price.currency,
    tariffId: price.tariffId,
    tariffVersion: price.tariffVersion,
    breakdown: {
      kind: 'priced',
      offPlanReason: reason,
      destinationId: price.destinationId,
      prefix: price.prefix,
      price: price.breakdown,
    },
  });
}

type Outcome = Pick<
  RatedCall,
  'reason' | 'chargedSeconds' | 'amount' | 'currency' | 'tariffId' | 'tariffVersion' | 'breakdown'
>;

function ratedCall(
  call: RatableCall,
  destination: Destination,
  context: RatingContext,
  outcome: Outcome,
): RatedCall {
  return {
    callId: call.callId,
    softswitch: call.softswitch,
    accountId: call.accountId,
    customerId: context.customerId,
    month: context.month,
    startTime: call.startTime,
    answerTime: call.answerTime,
    endTime: call.endTime,
    durationSeconds: call.durationSeconds,
    billableSeconds: call.billableSeconds,
    chargedSeconds: outcome.chargedSeconds,
    callee: destination.number,
    destinationClass: destination.class,
    destinationCountry: destination.country ?? null,
    inPlan: COVERED_REASONS.has(outcome.reason),
    reason: outcome.reason,
    amount: outcome.amount,
    currency: outcome.currency,
    tariffId: outcome.tariffId,
    tariffVersion: outcome.tariffVersion,
    breakdown: outcome.breakdown,
    ratingVersion: context.ratingVersion,
  };
}
