import type { AccountCommand } from '../fraud/fraud-alert.ts';
import { applyCommandToState, initialAccountState, type AccountActionState } from './account-action-state.ts';
import type { ActionDecision } from './action-decision.ts';
import {
  ACTION_SNAPSHOT_VERSION,
  accountStateToJson,
  decisionToJson,
  parseActionSnapshot,
  type ActionSnapshot,
} from './action-snapshot.ts';

/**
 * The action side's memory, in process: the status of each SIP account it acted on or heard of, and the
 * decisions already taken per alert id (so the same alert, decided again after a retried batch, yields the
 * very same commands). Restart and rebalance go through `snapshot()` / `restore()`, taken at a point
 * consistent with the committed input offsets.
 */
export class AccountActionStore {
  private readonly accounts = new Map<string, AccountActionState>();
  private readonly decisions = new Map<string, ActionDecision>();

  get size(): number {
    return this.accounts.size;
  }

  /** The account's state; `active` with no history when never seen. */
  stateOf(accountId: string): AccountActionState {
    return this.accounts.get(accountId) ?? initialAccountState(accountId);
  }

  /** Applies a command (automatic or operator) to its account; idempotent. */
  apply(command: AccountCommand, cooldownMs: number): AccountActionState {
    const next = applyCommandToState(this.stateOf(command.accountId), command, cooldownMs);
    this.accounts.set(command.accountId, next);
    return next;
  }

  decisionFor(alertId: string): ActionDecision | undefined {
    return this.decisions.get(alertId);
  }

  remember(decision: ActionDecision): void {
    this.decisions.set(decision.alertId, decision);
  }

  /** Forgets the decisions of alerts detected before `instant` (event time); returns how many. */
  forgetDecisionsBefore(instant: Date): number {
    let forgotten = 0;
    for (const [alertId, decision] of this.decisions) {
      if (decision.detectedAt.getTime() < instant.getTime()) {
        this.decisions.delete(alertId);
        forgotten += 1;
      }
    }
    return forgotten;
  }

  /** Plain JSON, sorted by id (identical input gives an identical snapshot). */
  snapshot(): ActionSnapshot {
    return {
      version: ACTION_SNAPSHOT_VERSION,
      accounts: [...this.accounts.keys()]
        .sort()
        .map((id) => accountStateToJson(this.accounts.get(id) as AccountActionState)),
      decisions: [...this.decisions.keys()]
        .sort()
        .map((id) => decisionToJson(this.decisions.get(id) as ActionDecision)),
    };
  }

  /** Replaces the whole content with a snapshot's; validates it first (SNAPSHOT_INVALID). */
  restore(snapshot: unknown): void {
    const parsed = parseActionSnapshot(snapshot);
    this.accounts.clear();
    this.decisions.clear();
    for (const state of parsed.accounts) this.accounts.set(state.accountId, state);
    for (const decision of parsed.decisions) this.decisions.set(decision.alertId, decision);
  }
}
