import { createHash } from 'node:crypto';
import type { BreachPolicy } from '../reference/plan.ts';

/** The fair-use conditions of CP "Utilisation du Service : FORFAITS" and "Téléphones et softphone ip". */
export type FairUseRule =
  'distinct-numbers' | 'concurrent-calls' | 'registered-devices' | 'third-party-device';

export const FAIR_USE_RULES: readonly FairUseRule[] = [
  'distinct-numbers',
  'concurrent-calls',
  'registered-devices',
  'third-party-device',
];

/** A registered contact as shown in evidence: digit runs masked (a contact URI's user part may be a number). */
export interface RegisteredContactEvidence {
  readonly contact: string;
  readonly instanceId: string | null;
  readonly userAgent: string | null;
  /** Last REGISTER of this binding. */
  readonly registeredAt: Date;
  /** When the binding lapses unless refreshed. */
  readonly expiresAt: Date;
}

/**
 * What justifies the breach. Which fields are set depends on the rule:
 * - distinct-numbers: count (distinct numbers including the one that breached), limit, maskedNumbers
 *   (sorted; omitted with the `count-only` evidence option);
 * - concurrent-calls: count (simultaneous calls including the triggering one), limit, overlappingCallIds
 *   (calls still in progress when the triggering call started, then the triggering call);
 * - registered-devices: count (active bindings), limit, contacts;
 * - third-party-device: count 1, limit 0, userAgent (digit runs masked), deviceId when the catalogue
 *   recognised the family but rejected it (firmware too old, for instance).
 */
export interface BreachEvidence {
  readonly count: number;
  readonly limit: number;
  readonly maskedNumbers?: readonly string[];
  readonly overlappingCallIds?: readonly string[];
  readonly contacts?: readonly RegisteredContactEvidence[];
  readonly userAgent?: string;
  readonly deviceId?: string;
}

/**
 * A breach of a fair-use condition: an event of its own, stored and published, because it justifies an
 * invoice line (DOMAIN.md 1). Emitted once per account, rule and Paris month; for third-party devices
 * once per device (catalogue id, else User-Agent) per month.
 */
export interface BreachEvent {
  /** sha256 hex of `accountId|rule|month|trigger` (trigger: the call id or registration event id). */
  readonly breachId: string;
  readonly accountId: string;
  readonly customerId: string;
  readonly rule: FairUseRule;
  /** Europe/Paris calendar month `YYYY-MM` of `at`. */
  readonly month: string;
  /** Event time: start of the triggering call, or timestamp of the triggering registration. */
  readonly at: Date;
  readonly triggeringCallId?: string;
  readonly triggeringEventId?: string;
  /** The plan's policy when the breach happened. */
  readonly policy: BreachPolicy;
  /**
   * True for a distinct-numbers breach under the `whole-month` policy: every call of the month the plan
   * covered so far must be re-rated per minute (see `rerateForWholeMonth`).
   */
  readonly rerateMonth: boolean;
  readonly evidence: BreachEvidence;
}

/** Deterministic, so that replaying the same events gives the same id (idempotent sinks deduplicate on it). */
export function breachIdOf(accountId: string, rule: FairUseRule, month: string, triggerId: string): string {
  return createHash('sha256').update(`${accountId}|${rule}|${month}|${triggerId}`).digest('hex');
}

export interface BreachInput {
  readonly accountId: string;
  readonly customerId: string;
  readonly rule: FairUseRule;
  readonly month: string;
  readonly at: Date;
  readonly trigger: { readonly callId: string } | { readonly eventId: string };
  readonly policy: BreachPolicy;
  readonly rerateMonth: boolean;
  readonly evidence: BreachEvidence;
}

export function createBreach(input: BreachInput): BreachEvent {
  const { trigger } = input;
  const byCall = 'callId' in trigger;
  const triggerId = byCall ? trigger.callId : trigger.eventId;
  return {
    breachId: breachIdOf(input.accountId, input.rule, input.month, triggerId),
    accountId: input.accountId,
    customerId: input.customerId,
    rule: input.rule,
    month: input.month,
    at: input.at,
    ...(byCall ? { triggeringCallId: triggerId } : { triggeringEventId: triggerId }),
    policy: input.policy,
    rerateMonth: input.rerateMonth,
    evidence: input.evidence,
  };
}
