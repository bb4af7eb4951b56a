import type { AccountCommand } from '../fraud/fraud-alert.ts';
import { nextStatus, type AccountStatus } from './account-status.ts';

/** What the action side remembers about one SIP account. Plain data (snapshot-friendly). */
export interface AccountActionState {
  readonly accountId: string;
  readonly status: AccountStatus;
  /** Effective time of the last command applied; null when none was. */
  readonly since: Date | null;
  /** The rules behind the current restriction or suspension (`operator` for a manual one); empty when active. */
  readonly causeRules: readonly string[];
  readonly lastCommandId: string | null;
  /** After a reinstatement: the rules that caused the lifted status; they stay quiet until cooldownUntil. */
  readonly cooldownRules: readonly string[];
  readonly cooldownUntil: Date | null;
  /** Reinstatements applied so far: numbers the account's episodes (see episodeCause). */
  readonly reinstatements: number;
}

export function initialAccountState(accountId: string): AccountActionState {
  return {
    accountId,
    status: 'active',
    since: null,
    causeRules: [],
    lastCommandId: null,
    cooldownRules: [],
    cooldownUntil: null,
    reinstatements: 0,
  };
}

/**
 * The state after `command` (pure). Suspend and restrict add their rule to the causes; a reinstatement
 * makes the account active, and puts the causes in cool-down for `cooldownMs` from its effective time.
 * Applying the same command again gives the same state.
 */
export function applyCommandToState(
  state: AccountActionState,
  command: AccountCommand,
  cooldownMs: number,
): AccountActionState {
  const status = nextStatus(state.status, command.kind);
  if (command.kind === 'reinstate') {
    const lifted = state.causeRules.length > 0 ? state.causeRules : state.cooldownRules;
    return {
      ...state,
      status,
      since: command.effectiveAt,
      causeRules: [],
      lastCommandId: command.commandId,
      cooldownRules: lifted,
      cooldownUntil: new Date(command.effectiveAt.getTime() + cooldownMs),
      reinstatements:
        state.lastCommandId === command.commandId ? state.reinstatements : state.reinstatements + 1,
    };
  }
  const causeRules = state.causeRules.includes(command.rule)
    ? state.causeRules
    : [...state.causeRules, command.rule].sort();
  return { ...state, status, since: command.effectiveAt, causeRules, lastCommandId: command.commandId };
}

/** True while `rule` may not act on the account at event time `at` after a reinstatement. */
export function inCooldown(state: AccountActionState, rule: string, at: Date): boolean {
  return (
    state.cooldownUntil !== null &&
    at.getTime() < state.cooldownUntil.getTime() &&
    state.cooldownRules.includes(rule)
  );
}

/** True while any cool-down is running at event time `at`. */
export function cooldownRunning(state: AccountActionState, at: Date): boolean {
  return state.cooldownUntil !== null && at.getTime() < state.cooldownUntil.getTime();
}
