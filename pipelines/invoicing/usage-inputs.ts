import type { Decimal } from 'decimal.js';
import type { FairUseRule } from '../fair-use/breach.ts';

/**
 * What invoicing reads of the rated calls and fair-use breaches of one month (rated_calls FINAL,
 * fair_use_breaches FINAL), as plain values, so that the billing rules stay pure.
 */

/** The priced calls of one account for one rating reason in the month: exact sums. */
export interface UsageAmount {
  readonly customerId: string;
  readonly accountId: string;
  readonly reason: string;
  readonly calls: number;
  readonly chargedSeconds: number;
  /** Exact sum of the calls' amounts, excluding VAT. */
  readonly amount: Decimal;
}

/** One call billed per minute because of a fair-use breach. */
export interface FairUseCall {
  readonly callId: string;
  readonly customerId: string;
  readonly accountId: string;
  /** The rating reason: distinct-numbers-exceeded, concurrent-calls-exceeded, ... */
  readonly reason: string;
  readonly startTime: Date;
  /** The normalised callee as stored; masked before it reaches a document. */
  readonly callee: string;
  readonly billableSeconds: number;
  readonly chargedSeconds: number;
  readonly amount: Decimal;
}

/** A stored breach, the evidence a complementary invoice line refers to. */
export interface BreachReference {
  readonly breachId: string;
  readonly customerId: string;
  readonly accountId: string;
  readonly rule: string;
  readonly at: Date;
  readonly rerateMonth: boolean;
  readonly count: number | null;
  readonly limit: number | null;
}

/** Rating reasons of calls billed per minute because of a fair-use breach, and the rule each comes from. */
export const FAIR_USE_REASON_RULES: Readonly<Record<string, FairUseRule>> = Object.freeze({
  'distinct-numbers-exceeded': 'distinct-numbers',
  'concurrent-calls-exceeded': 'concurrent-calls',
  'registered-devices-exceeded': 'registered-devices',
  'third-party-device': 'third-party-device',
});

export function isFairUseReason(reason: string): boolean {
  return Object.hasOwn(FAIR_USE_REASON_RULES, reason);
}
