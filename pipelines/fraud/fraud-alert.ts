/**
 * What the fraud rules (pipelines/fraud) say and what the action side (pipelines/fraud-actions) turns into
 * commands. Shared contract: detection produces `FraudAlert`s, actions produce `AccountCommand`s.
 */

export type Severity = 'warning' | 'critical';

export const FRAUD_RULES = [
  'credential-brute-force',
  'brute-force-then-success',
  'scanner-user-agent',
  'new-network',
  'irsf-burst',
  'high-risk-destination',
  'concurrent-international',
  'spend-velocity',
  'out-of-hours-spike',
  'sequential-dialling',
  'short-call-burst',
] as const;
export type FraudRuleId = (typeof FRAUD_RULES)[number];

/** One event quoted as evidence; numbers are masked (maskNumber), never full. */
export interface EvidenceSample {
  readonly kind: 'call' | 'registration';
  /** The call id or registration event id. */
  readonly id: string;
  readonly at: Date;
  /** Short description, e.g. `auth-failure from 203.0.113.7 UA friendly-scanner` or `+88216****** 42 s 3.10 EUR`. */
  readonly summary: string;
}

export interface FraudAlert {
  /** Deterministic: a hash of the rule, the key, the window and the level, so a replay yields the same id. */
  readonly alertId: string;
  readonly rule: FraudRuleId;
  readonly severity: Severity;
  /** The SIP accounts concerned (a per-source-IP window may name several; empty when none is known). */
  readonly accountIds: readonly string[];
  /** What the window was keyed by, e.g. `account:acc-1`, `ip:203.0.113.7`, `prefix:+882`. */
  readonly key: string;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  /** Event time of the record that made the rule fire. */
  readonly detectedAt: Date;
  /** Human-readable, no full numbers. */
  readonly reason: string;
  /** Counts and amounts (amounts as exact decimal strings) that justify the alert. */
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly EvidenceSample[];
  /**
   * The version of the rules that decided it: the first 12 hex digits of the sha256 of the compiled rules
   * file (pipelines/fraud/rules-file.ts). Set by the detector; optional for alerts built elsewhere.
   */
  readonly rulesVersion?: string;
}

export type AccountCommandKind = 'suspend' | 'reinstate' | 'restrict-unlimited';

export interface AccountCommand {
  /** Deterministic: the same alert (or the same operator request) always gives the same id. */
  readonly commandId: string;
  readonly kind: AccountCommandKind;
  readonly accountId: string;
  /** The rule behind it, or `operator` for a manual reinstatement. */
  readonly rule: FraudRuleId | 'operator';
  readonly severity: Severity;
  readonly reason: string;
  /** The alert that caused it (absent for operator commands). */
  readonly alertId?: string;
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly EvidenceSample[];
  /** Event time the decision refers to. */
  readonly effectiveAt: Date;
  /** Who asked: the detector or an operator (name). */
  readonly requestedBy: string;
}
