import type { BreachEvent } from './breach.ts';

/** Why a call is or is not covered by the plan. */
export type FairUseReason =
  | 'in-plan'
  | 'emergency'
  | 'not-answered'
  | 'destination-not-in-plan'
  | 'telecom-professional'
  | 'distinct-numbers-exceeded'
  | 'concurrent-calls-exceeded'
  | 'registered-devices-exceeded'
  | 'third-party-device';

/**
 * When several reasons apply, the first in this order is the decision's `reason`; the others are listed
 * in `alsoApplies` in the same order. Rationale: emergency calls are outside everything; a call with no
 * billable second costs nothing whatever else is true; then what makes the plan irrelevant to the call
 * (the customer is not eligible, the destination is not included); then the fair-use conditions, the
 * most specific to the call first: the device it was placed from, the devices registered at its start,
 * the calls in progress at its start, and last the monthly count of distinct numbers.
 */
export const REASON_PRECEDENCE: readonly FairUseReason[] = [
  'emergency',
  'not-answered',
  'telecom-professional',
  'destination-not-in-plan',
  'third-party-device',
  'registered-devices-exceeded',
  'concurrent-calls-exceeded',
  'distinct-numbers-exceeded',
];

/**
 * How the User-Agent of the call was judged: `approved` / `third-party` by the catalogue matcher;
 * `no-user-agent` when the CDR has none (by default the condition is then not evaluated and the call stays
 * in plan, see the `nullUserAgent` option); `not-required` when the plan does not require catalogue
 * devices; `not-evaluated` when no fair-use condition was evaluated (emergency, not answered, telecom
 * professional).
 */
export type DeviceCheckOutcome =
  'approved' | 'third-party' | 'no-user-agent' | 'not-required' | 'not-evaluated';

/**
 * The fair-use decision for one call. `inPlan` is true when the call is not billed per minute: covered by
 * the plan (`in-plan`), never rated (`emergency`) or without billable seconds (`not-answered`). When false,
 * the rater prices the call with the plan's tariff, and `reason` says why the plan does not cover it.
 */
export interface FairUseDecision {
  readonly callId: string;
  /** Europe/Paris calendar month of the call's start: the month whose counters the call used. */
  readonly month: string;
  readonly inPlan: boolean;
  readonly reason: FairUseReason;
  /** Every other reason that applies, in precedence order. */
  readonly alsoApplies: readonly FairUseReason[];
  readonly deviceCheck: DeviceCheckOutcome;
  /** The catalogue device id, when the matcher recognised one. */
  readonly deviceId?: string;
  /**
   * Set on the call that breaches the distinct-number limit under the `whole-month` policy: the job must
   * re-rate the calls of `month` it already decided, with `rerateForWholeMonth`.
   */
  readonly rerateMonth: boolean;
  /** Breaches this call triggered (each emitted once per account, rule and month). */
  readonly breaches: readonly BreachEvent[];
}

const NOT_BILLED: ReadonlySet<FairUseReason> = new Set<FairUseReason>([
  'in-plan',
  'emergency',
  'not-answered',
]);

export function isNotBilledReason(reason: FairUseReason): boolean {
  return NOT_BILLED.has(reason);
}

/**
 * Under the `whole-month` policy, once the distinct-number limit is breached, every call of the month
 * that the plan covered is billed per minute (the complementary invoice carries it): an earlier decision
 * with reason `in-plan` becomes `distinct-numbers-exceeded`; every other decision stays as it was
 * (emergency calls and calls without billable seconds stay free, calls already billed stay billed).
 * The re-rated decision carries no breach: the breach belongs to the call that triggered it.
 */
export function rerateForWholeMonth(decision: FairUseDecision): FairUseDecision {
  if (decision.reason !== 'in-plan') return decision;
  return {
    ...decision,
    inPlan: false,
    reason: 'distinct-numbers-exceeded',
    rerateMonth: false,
    breaches: [],
  };
}
