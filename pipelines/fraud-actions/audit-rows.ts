import { PipelineError } from '../core/errors.ts';
import type { AccountCommand, EvidenceSample, FraudAlert } from '../fraud/fraud-alert.ts';
import { clickHouseDateTime64 } from '../ingest/call-record.ts';
import type { AccountOutcome } from './action-decision.ts';

/**
 * The rows of `fraud_alerts` and `account_commands` (migration 0009) as inserted with JSONEachRow: instants as
 * `YYYY-MM-DD hh:mm:ss.mmm` UTC, counts and samples as JSON text. Pure mapping; audit-store.ts inserts them.
 */
export interface FraudAlertRow {
  readonly alert_id: string;
  readonly rule: string;
  readonly severity: string;
  readonly account_ids: readonly string[];
  readonly window_key: string;
  readonly window_start: string;
  readonly window_end: string;
  readonly detected_at: string;
  readonly reason: string;
  readonly counts: string;
  readonly samples: string;
  readonly rules_version: string;
  readonly outcomes: string;
  readonly recorded_at: string;
}

export const COMMAND_STATUSES = ['issued', 'published'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];
const STATUS_RANK: Record<CommandStatus, number> = { issued: 1, published: 2 };

export interface AccountCommandRow {
  readonly command_id: string;
  readonly kind: string;
  readonly account_id: string;
  readonly rule: string;
  readonly severity: string;
  readonly reason: string;
  readonly alert_id: string | null;
  readonly counts: string;
  readonly samples: string;
  readonly effective_at: string;
  readonly requested_by: string;
  readonly keep_emergency_calls: boolean;
  readonly status: CommandStatus;
  readonly status_rank: number;
  readonly recorded_at: string;
}

/** An alert as a `fraud_alerts` row, with what the policy decided for each account (JSON object). */
export function fraudAlertRow(
  alert: FraudAlert,
  outcomes: readonly AccountOutcome[],
  rulesVersion: string,
  recordedAt: Date,
): FraudAlertRow {
  const problem = rowProblem(`fraud alert ${alert.alertId}`);
  const decided: Record<string, string> = {};
  for (const o of outcomes) decided[o.accountId] = o.outcome;
  return {
    alert_id: alert.alertId,
    rule: alert.rule,
    severity: alert.severity,
    account_ids: [...alert.accountIds],
    window_key: alert.key,
    window_start: instant(alert.windowStart, 'windowStart', problem),
    window_end: instant(alert.windowEnd, 'windowEnd', problem),
    detected_at: instant(alert.detectedAt, 'detectedAt', problem),
    reason: alert.reason,
    counts: JSON.stringify(alert.counts),
    samples: samplesJson(alert.samples, problem),
    rules_version: rulesVersion,
    outcomes: JSON.stringify(decided),
    recorded_at: instant(recordedAt, 'recordedAt', problem),
  };
}

export function accountCommandRow(
  command: AccountCommand,
  status: CommandStatus,
  recordedAt: Date,
): AccountCommandRow {
  const problem = rowProblem(`account command ${command.commandId}`);
  return {
    command_id: command.commandId,
    kind: command.kind,
    account_id: command.accountId,
    rule: command.rule,
    severity: command.severity,
    reason: command.reason,
    alert_id: command.alertId ?? null,
    counts: JSON.stringify(command.counts),
    samples: samplesJson(command.samples, problem),
    effective_at: instant(command.effectiveAt, 'effectiveAt', problem),
    requested_by: command.requestedBy,
    keep_emergency_calls: true,
    status,
    status_rank: STATUS_RANK[status],
    recorded_at: instant(recordedAt, 'recordedAt', problem),
  };
}

function samplesJson(samples: readonly EvidenceSample[], problem: (what: string) => PipelineError): string {
  return JSON.stringify(
    samples.map((s) => ({ kind: s.kind, id: s.id, at: instantIso(s.at, problem), summary: s.summary })),
  );
}

function rowProblem(subject: string): (what: string) => PipelineError {
  return (what) => new PipelineError('RECORD_INVALID', `${subject} cannot be stored: ${what}`);
}

function instantIso(value: Date, problem: (what: string) => PipelineError): string {
  if (Number.isNaN(value.getTime())) throw problem('a sample time is not a valid date');
  return value.toISOString();
}

function instant(value: Date, name: string, problem: (what: string) => PipelineError): string {
  if (Number.isNaN(value.getTime())) throw problem(`${name} is not a valid date`);
  return clickHouseDateTime64(value);
}
