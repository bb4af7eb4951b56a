import { createHash } from 'node:crypto';
import type { AccountCommandKind } from '../fraud/fraud-alert.ts';

/**
 * Deterministic command ids: hex sha256 of the kind, the account and the cause (an alert id, or an operator
 * request), so deciding again on the same alert, or repeating the same operator request, yields the same id
 * and consumers deduplicate on it. The parts are joined with a separator that ids cannot hold unnoticed:
 * each part is length-prefixed.
 */
export function commandIdOf(kind: AccountCommandKind, accountId: string, cause: string): string {
  const parts = [kind, accountId, cause].map((part) => `${part.length}:${part}`).join('|');
  return createHash('sha256').update(parts).digest('hex');
}

/** The cause of an automatic command: the alert. */
export const alertCause = (alertId: string): string => `alert:${alertId}`;

/**
 * The cause of an automatic command: the account's episode, numbered by the reinstatements before it. An
 * account gets at most one suspension and one restriction per episode, and which alert comes first may
 * depend on how the broker interleaves the calls and registrations topics; the episode does not, so a
 * replay yields the same command id whichever alert triggers it.
 */
export const episodeCause = (reinstatements: number): string => `episode:${String(reinstatements)}`;

/** The cause of an operator command: the operator's request key (see operatorRequestKey). */
export const operatorCause = (requestKey: string): string => `operator:${requestKey}`;
