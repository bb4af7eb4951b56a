import type { DestinationClass } from '../numbering/destination.ts';
import type { FraudRuleId, Severity } from './fraud-alert.ts';

/** Windows of a rule: `slideMs === sizeMs` is tumbling, a smaller slide is sliding. */
export interface WindowSpec {
  readonly sizeMs: number;
  readonly slideMs: number;
}

/**
 * One level's thresholds by metric name, in window units (counts; minutes as SECONDS; money as
 * millionths). A metric left out does not trigger the level.
 */
export type LevelThresholds = Readonly<Record<string, number>>;

/** A rule (or one scope of a rule) with its window and levels; a level left out never fires. */
export interface RuleScope {
  readonly rule: FraudRuleId;
  /** What windows are keyed by: `account` (per-customer overrides apply) or `source-ip`. */
  readonly scope: 'account' | 'source-ip';
  readonly window: WindowSpec;
  readonly levels: Readonly<Partial<Record<Severity, LevelThresholds>>>;
}

export interface ScannerRule extends RuleScope {
  /** Lower-case substrings; a User-Agent containing one (case-insensitive) is a scanner. */
  readonly userAgents: readonly string[];
}

export interface NewNetworkRule extends RuleScope {
  readonly ipv4PrefixLength: number;
  readonly ipv6PrefixLength: number;
  /** An account learns (no alert) until it has both this many successful registrations... */
  readonly learningRegistrations: number;
  /** ...and this much event time since its first one. */
  readonly learningPeriodMs: number;
  /** Known networks kept per account; the least recently seen is forgotten beyond. */
  readonly maxNetworksPerAccount: number;
}

export interface DestinationClassRule extends RuleScope {
  readonly classes: readonly DestinationClass[];
}

export interface BusinessHours {
  /** Weekdays open, 0 = Sunday ... 6 = Saturday. */
  readonly days: readonly number[];
  /** Opening and closing minute of the day, Paris local time: open in [fromMinute, toMinute). */
  readonly fromMinute: number;
  readonly toMinute: number;
  /** French public holidays are closed. */
  readonly closedOnPublicHolidays: boolean;
}

export interface OutOfHoursRule extends RuleScope {
  readonly businessHours: BusinessHours;
}

export interface ShortCallRule extends RuleScope {
  /** An answered call with at most this many billable seconds is very short. */
  readonly maxSeconds: number;
}

export interface ConcurrentRule extends DestinationClassRule {
  /** Calls longer than this are not kept to compute overlaps (and bound the state). */
  readonly maxCallDurationMs: number;
}

/** The compiled rules file; a rule that is disabled is undefined. */
export interface FraudRules {
  /** sha256 of the compiled rules (content-hash.ts); put on every alert. */
  readonly hash: string;
  /** The first 12 hex digits of the hash. */
  readonly version: string;
  readonly credentialBruteForce: {
    readonly account: RuleScope | undefined;
    readonly sourceIp: RuleScope | undefined;
  };
  readonly bruteForceThenSuccess: RuleScope | undefined;
  readonly scannerUserAgent: ScannerRule | undefined;
  readonly newNetwork: NewNetworkRule | undefined;
  readonly irsfBurst: DestinationClassRule | undefined;
  readonly highRiskDestination: RuleScope | undefined;
  readonly concurrentInternational: ConcurrentRule | undefined;
  readonly spendVelocity: RuleScope | undefined;
  readonly outOfHoursSpike: OutOfHoursRule | undefined;
  readonly sequentialDialling: RuleScope | undefined;
  readonly shortCallBurst: ShortCallRule | undefined;
}
