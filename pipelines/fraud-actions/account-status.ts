import type { AccountCommandKind } from '../fraud/fraud-alert.ts';
import type { DestinationClass } from '../numbering/destination.ts';

/**
 * The state machine of a SIP account on the action side:
 *
 *   active --restrict-unlimited--> restricted --suspend--> suspended
 *   active --suspend--> suspended
 *   restricted | suspended --reinstate--> active
 *
 * A restriction does not lift a suspension (restricting a suspended account leaves it suspended); every
 * transition is idempotent (the same command applied twice leaves the same status).
 */
export const ACCOUNT_STATUSES = ['active', 'restricted', 'suspended'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export function nextStatus(current: AccountStatus, kind: AccountCommandKind): AccountStatus {
  switch (kind) {
    case 'suspend':
      return 'suspended';
    case 'restrict-unlimited':
      return current === 'suspended' ? 'suspended' : 'restricted';
    case 'reinstate':
      return 'active';
  }
}

/** What the softswitch does with a call of an account, given its status. */
export type CallTreatment = 'allowed' | 'allowed-billed-per-minute' | 'blocked';

/**
 * Emergency calls never suffer a suspension: they are allowed whatever the status. A suspended account's
 * other calls are blocked; a restricted account's calls are routed but billed per minute (no unlimited plan).
 */
export function callTreatment(status: AccountStatus, destination: DestinationClass): CallTreatment {
  if (destination === 'emergency') return 'allowed';
  switch (status) {
    case 'active':
      return 'allowed';
    case 'restricted':
      return 'allowed-billed-per-minute';
    case 'suspended':
      return 'blocked';
  }
}

export function isAccountStatus(value: unknown): value is AccountStatus {
  return typeof value === 'string' && (ACCOUNT_STATUSES as readonly string[]).includes(value);
}
