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

/** The cause of an operator command: the operator's request key (see operatorRequestKey). */
export const operatorCause = (requestKey: string): string => `operator:${requestKey}`;
