import { parseOptions } from '../config/options.ts';
import { PipelineError } from '../core/errors.ts';
import {
  FRAUD_RULES,
  type AccountCommand,
  type AccountCommandKind,
  type FraudAlert,
} from '../fraud/fraud-alert.ts';
import { cooldownRunning, inCooldown, type AccountActionState } from './account-action-state.ts';
import { AccountActionStore } from './account-action-store.ts';
import type { AccountOutcome, ActionDecision, ActionOutcome } from './action-decision.ts';
import { commandIdOf, episodeCause } from './command-id.ts';
import { fraudActionsOptionsSpec, type FraudActionsOptions } from './fraud-actions-options.ts';

export interface ActionPolicySettings {
  /** The customer of a SIP account, for the customer allowlist; undefined when unknown. */
  readonly customerOf?: (accountId: string) => string | undefined;
  /** A store restored from a snapshot; a new empty one by default. */
  readonly store?: AccountActionStore;
}

/**
 * Turns fraud alerts into account commands. Pure: no I/O, no clock (time is the alerts' event time).
 * The rules (README.md):
 * - a critical alert suspends each account it names; a warning is recorded only, unless its rule is in
 *   `restrictOnWarningRules`, which restricts the account (restrict-unlimited); the rules of `alertOnlyRules`
 *   (credential-brute-force by default: failures alone prove no theft) never act;
 * - allowlisted accounts and customers get no automatic command;
 * - no second suspension of a suspended account, no restriction of a restricted or suspended one;
 * - after an operator reinstatement, for `reinstatementCooldownMinutes` of event time from it, the rules that
 *   caused the lifted status do not act on the account, and only a critical alert of another rule does;
 * - command id = hash(kind, account, episode): the n-th suspension of an account has the same id in every
 *   replay, whichever alert triggers it first; deciding the same alert again returns the same decision.
 */
export class ActionPolicy {
  readonly options: FraudActionsOptions;
  readonly store: AccountActionStore;
  private readonly cooldownMs: number;
  private readonly restrictRules: ReadonlySet<string>;
  private readonly allowlistAccounts: ReadonlySet<string>;
  private readonly allowlistCustomers: ReadonlySet<string>;
  private readonly customerOf: (accountId: string) => string | undefined;
  private readonly alertOnlyRules: ReadonlySet<string>;

  constructor(options: Readonly<Record<string, unknown>> = {}, settings: ActionPolicySettings = {}) {
    this.options = parseOptions('fraudActions', fraudActionsOptionsSpec, options);
    for (const [name, rules] of [
      ['restrictOnWarningRules', this.options.restrictOnWarningRules],
      ['alertOnlyRules', this.options.alertOnlyRules],
    ] as const) {
      const unknown = rules.filter((rule) => !(FRAUD_RULES as readonly string[]).includes(rule));
      if (unknown.length > 0) {
        throw new PipelineError(
          'CONFIG_INVALID',
          `fraudActions.${name}: unknown rule(s) ${unknown.join(', ')}; known rules are ${FRAUD_RULES.join(', ')}`,
        );
      }
    }
    this.alertOnlyRules = new Set(this.options.alertOnlyRules);
    this.cooldownMs = this.options.reinstatementCooldownMinutes * 60_000;
    this.restrictRules = new Set(this.options.restrictOnWarningRules);
    this.allowlistAccounts = new Set(this.options.allowlistAccounts);
    this.allowlistCustomers = new Set(this.options.allowlistCustomers);
    this.customerOf = settings.customerOf ?? (() => undefined);
    this.store = settings.store ?? new AccountActionStore();
  }

  /** Decides on one alert and applies the commands issued to the account states. */
  decide(alert: FraudAlert): ActionDecision {
    const known = this.store.decisionFor(alert.alertId);
    if (known !== undefined) return known;
    const outcomes: AccountOutcome[] = [];
    const commands: AccountCommand[] = [];
    for (const accountId of [...new Set(alert.accountIds)]) {
      const kind = this.wantedKind(alert);
      const outcome = kind === undefined ? 'alert-only' : this.outcomeFor(alert, accountId, kind);
      if (outcome !== 'command' || kind === undefined) {
        outcomes.push({ accountId, outcome });
        continue;
      }
      const command = this.commandFor(alert, accountId, kind);
      this.store.apply(command, this.cooldownMs);
      commands.push(command);
      outcomes.push({ accountId, outcome, commandId: command.commandId });
    }
    const decision: ActionDecision = {
      alertId: alert.alertId,
      detectedAt: alert.detectedAt,
      outcomes,
      commands,
    };
    this.store.remember(decision);
    return decision;
  }

  /**
   * Applies a command decided elsewhere: an operator's reinstatement (or manual suspension) read from the
   * command topic or the audit trail, so that cool-downs start. Idempotent.
   */
  applyCommand(command: AccountCommand): AccountActionState {
    return this.store.apply(command, this.cooldownMs);
  }

  stateOf(accountId: string): AccountActionState {
    return this.store.stateOf(accountId);
  }

  isAllowlisted(accountId: string): boolean {
    if (this.allowlistAccounts.has(accountId)) return true;
    const customerId = this.customerOf(accountId);
    return customerId !== undefined && this.allowlistCustomers.has(customerId);
  }

  private wantedKind(alert: FraudAlert): AccountCommandKind | undefined {
    if (this.alertOnlyRules.has(alert.rule)) return undefined;
    if (alert.severity === 'critical') return 'suspend';
    return this.restrictRules.has(alert.rule) ? 'restrict-unlimited' : undefined;
  }

  private outcomeFor(alert: FraudAlert, accountId: string, kind: AccountCommandKind): ActionOutcome {
    if (this.isAllowlisted(accountId)) return 'allowlisted';
    const state = this.store.stateOf(accountId);
    if (state.status === 'suspended') return 'already-suspended';
    if (kind === 'restrict-unlimited' && state.status === 'restricted') return 'already-restricted';
    if (inCooldown(state, alert.rule, alert.detectedAt)) return 'cooldown';
    if (cooldownRunning(state, alert.detectedAt) && kind !== 'suspend') return 'cooldown';
    return 'command';
  }

  private commandFor(alert: FraudAlert, accountId: string, kind: AccountCommandKind): AccountCommand {
    return {
      commandId: commandIdOf(kind, accountId, episodeCause(this.store.stateOf(accountId).reinstatements)),
      kind,
      accountId,
      rule: alert.rule,
      severity: alert.severity,
      reason: alert.reason,
      alertId: alert.alertId,
      counts: alert.counts,
      samples: alert.samples,
      effectiveAt: alert.detectedAt,
      requestedBy: this.options.requestedBy,
    };
  }
}
