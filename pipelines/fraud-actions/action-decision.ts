import type { AccountCommand } from '../fraud/fraud-alert.ts';

/**
 * What the policy decided for one account named by an alert:
 * - `command`: a command was issued (commandId);
 * - `alert-only`: a warning of a rule that does not restrict: recorded, no command;
 * - `allowlisted`: the account or its customer is on the allowlist: recorded, no command;
 * - `already-suspended` / `already-restricted`: the account is already in (or beyond) the wanted status;
 * - `cooldown`: an operator reinstated the account recently and this alert may not act again yet.
 */
export const ACTION_OUTCOMES = [
  'command',
  'alert-only',
  'allowlisted',
  'already-suspended',
  'already-restricted',
  'cooldown',
] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

export interface AccountOutcome {
  readonly accountId: string;
  readonly outcome: ActionOutcome;
  /** Set when outcome is `command`. */
  readonly commandId?: string;
}

/** The policy's answer to one alert: an outcome per account concerned, and the commands issued (0..n). */
export interface ActionDecision {
  readonly alertId: string;
  /** The alert's detection time (event time); decisions are forgotten by it. */
  readonly detectedAt: Date;
  readonly outcomes: readonly AccountOutcome[];
  readonly commands: readonly AccountCommand[];
}
