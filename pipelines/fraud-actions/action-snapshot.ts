import { PipelineError } from '../core/errors.ts';
import {
  FRAUD_RULES,
  type AccountCommand,
  type AccountCommandKind,
  type EvidenceSample,
  type FraudRuleId,
} from '../fraud/fraud-alert.ts';
import type { AccountActionState } from './account-action-state.ts';
import { isAccountStatus } from './account-status.ts';
import { ACTION_OUTCOMES, type AccountOutcome, type ActionDecision } from './action-decision.ts';

export const ACTION_SNAPSHOT_VERSION = 1;

/**
 * The action store as plain JSON (instants as epoch milliseconds), for restart and rebalance. Versioned:
 * a reader refuses a version it does not know. Holds no full phone number (evidence samples are masked).
 */
export interface ActionSnapshot {
  readonly version: typeof ACTION_SNAPSHOT_VERSION;
  readonly accounts: readonly AccountStateJson[];
  readonly decisions: readonly DecisionJson[];
}

export interface AccountStateJson {
  readonly accountId: string;
  readonly status: string;
  readonly sinceMs: number | null;
  readonly causeRules: readonly string[];
  readonly lastCommandId: string | null;
  readonly cooldownRules: readonly string[];
  readonly cooldownUntilMs: number | null;
  readonly reinstatements: number;
}

export interface SampleJson {
  readonly kind: string;
  readonly id: string;
  readonly atMs: number;
  readonly summary: string;
}

export interface CommandJson {
  readonly commandId: string;
  readonly kind: string;
  readonly accountId: string;
  readonly rule: string;
  readonly severity: string;
  readonly reason: string;
  readonly alertId: string | null;
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly SampleJson[];
  readonly effectiveAtMs: number;
  readonly requestedBy: string;
}

export interface DecisionJson {
  readonly alertId: string;
  readonly detectedAtMs: number;
  readonly outcomes: readonly AccountOutcome[];
  readonly commands: readonly CommandJson[];
}

export function accountStateToJson(state: AccountActionState): AccountStateJson {
  return {
    accountId: state.accountId,
    status: state.status,
    sinceMs: state.since?.getTime() ?? null,
    causeRules: [...state.causeRules],
    lastCommandId: state.lastCommandId,
    cooldownRules: [...state.cooldownRules],
    cooldownUntilMs: state.cooldownUntil?.getTime() ?? null,
    reinstatements: state.reinstatements,
  };
}

export function decisionToJson(decision: ActionDecision): DecisionJson {
  return {
    alertId: decision.alertId,
    detectedAtMs: decision.detectedAt.getTime(),
    outcomes: decision.outcomes.map((o) => ({ ...o })),
    commands: decision.commands.map(commandToJson),
  };
}

export function commandToJson(command: AccountCommand): CommandJson {
  return {
    commandId: command.commandId,
    kind: command.kind,
    accountId: command.accountId,
    rule: command.rule,
    severity: command.severity,
    reason: command.reason,
    alertId: command.alertId ?? null,
    counts: { ...command.counts },
    samples: command.samples.map((s) => ({
      kind: s.kind,
      id: s.id,
      atMs: s.at.getTime(),
      summary: s.summary,
    })),
    effectiveAtMs: command.effectiveAt.getTime(),
    requestedBy: command.requestedBy,
  };
}

type Json = Readonly<Record<string, unknown>>;

/** Validates a value read back from storage (e.g. `JSON.parse`) as a snapshot; throws SNAPSHOT_INVALID. */
export function parseActionSnapshot(value: unknown): {
  accounts: AccountActionState[];
  decisions: ActionDecision[];
} {
  const root = object(value, 'snapshot');
  if (root['version'] !== ACTION_SNAPSHOT_VERSION) {
    throw invalid(`unsupported snapshot version ${JSON.stringify(root['version'])}`);
  }
  return {
    accounts: array(root['accounts'], 'accounts').map((item, i) =>
      accountState(object(item, `accounts[${i}]`)),
    ),
    decisions: array(root['decisions'], 'decisions').map((item, i) =>
      decision(object(item, `decisions[${i}]`)),
    ),
  };
}

function accountState(json: Json): AccountActionState {
  const status = json['status'];
  if (!isAccountStatus(status)) throw invalid(`unknown account status ${JSON.stringify(status)}`);
  return {
    accountId: string(json['accountId'], 'accountId'),
    status,
    since: nullableInstant(json['sinceMs'], 'sinceMs'),
    causeRules: strings(json['causeRules'], 'causeRules'),
    lastCommandId: json['lastCommandId'] === null ? null : string(json['lastCommandId'], 'lastCommandId'),
    cooldownRules: strings(json['cooldownRules'], 'cooldownRules'),
    cooldownUntil: nullableInstant(json['cooldownUntilMs'], 'cooldownUntilMs'),
    reinstatements: count(json['reinstatements'], 'reinstatements'),
  };
}

function decision(json: Json): ActionDecision {
  return {
    alertId: string(json['alertId'], 'alertId'),
    detectedAt: instant(json['detectedAtMs'], 'detectedAtMs'),
    outcomes: array(json['outcomes'], 'outcomes').map((item, i) => {
      const o = object(item, `outcomes[${i}]`);
      const outcome = o['outcome'];
      if (typeof outcome !== 'string' || !(ACTION_OUTCOMES as readonly string[]).includes(outcome)) {
        throw invalid(`unknown outcome ${JSON.stringify(outcome)}`);
      }
      return {
        accountId: string(o['accountId'], 'outcome accountId'),
        outcome: outcome as AccountOutcome['outcome'],
        ...(o['commandId'] === undefined ? {} : { commandId: string(o['commandId'], 'commandId') }),
      };
    }),
    commands: array(json['commands'], 'commands').map((item, i) => command(object(item, `commands[${i}]`))),
  };
}

const KINDS: readonly AccountCommandKind[] = ['suspend', 'reinstate', 'restrict-unlimited'];

function command(json: Json): AccountCommand {
  const kind = json['kind'];
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    throw invalid(`unknown command kind ${JSON.stringify(kind)}`);
  }
  const rule = json['rule'];
  if (
    rule !== 'operator' &&
    !(typeof rule === 'string' && (FRAUD_RULES as readonly string[]).includes(rule))
  ) {
    throw invalid(`unknown rule ${JSON.stringify(rule)}`);
  }
  const severity = json['severity'];
  if (severity !== 'warning' && severity !== 'critical') {
    throw invalid(`unknown severity ${JSON.stringify(severity)}`);
  }
  const counts = object(json['counts'], 'counts');
  for (const [name, count] of Object.entries(counts)) {
    if (typeof count !== 'number' && typeof count !== 'string')
      throw invalid(`count ${name} is not a number or text`);
  }
  const alertId = json['alertId'];
  return {
    commandId: string(json['commandId'], 'commandId'),
    kind: kind as AccountCommandKind,
    accountId: string(json['accountId'], 'accountId'),
    rule: rule as FraudRuleId | 'operator',
    severity,
    reason: string(json['reason'], 'reason'),
    ...(alertId === null || alertId === undefined ? {} : { alertId: string(alertId, 'alertId') }),
    counts: counts as Readonly<Record<string, number | string>>,
    samples: array(json['samples'], 'samples').map((item, i) => sample(object(item, `samples[${i}]`))),
    effectiveAt: instant(json['effectiveAtMs'], 'effectiveAtMs'),
    requestedBy: string(json['requestedBy'], 'requestedBy'),
  };
}

function sample(json: Json): EvidenceSample {
  const kind = json['kind'];
  if (kind !== 'call' && kind !== 'registration')
    throw invalid(`unknown sample kind ${JSON.stringify(kind)}`);
  return {
    kind,
    id: string(json['id'], 'sample id'),
    at: instant(json['atMs'], 'sample atMs'),
    summary: string(json['summary'], 'sample summary'),
  };
}

function invalid(reason: string): PipelineError {
  return new PipelineError('SNAPSHOT_INVALID', `fraud action snapshot: ${reason}`);
}

function object(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${what} is not an object`);
  return value as Json;
}

function array(value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) throw invalid(`${what} is not an array`);
  return value;
}

function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(`${what} is not a string`);
  return value;
}

function strings(value: unknown, what: string): string[] {
  return array(value, what).map((item) => string(item, what));
}

function instant(value: unknown, what: string): Date {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalid(`${what} is not epoch milliseconds`);
  return new Date(value);
}

function nullableInstant(value: unknown, what: string): Date | null {
  return value === null ? null : instant(value, what);
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalid(`${what} is not a count`);
  return value;
}
