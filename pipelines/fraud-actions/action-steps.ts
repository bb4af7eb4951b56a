import type { ClickHouseClient } from '@clickhouse/client';
import type { AccountCommand, FraudAlert } from '../fraud/fraud-alert.ts';
import { pipe, type Step } from '../streaming/step.ts';
import type { AccountCommandPublisher } from './account-command-publisher.ts';
import type { ActionDecision } from './action-decision.ts';
import type { ActionPolicy } from './action-policy.ts';
import { accountCommandRow, fraudAlertRow } from './audit-rows.ts';
import { insertAccountCommands, insertFraudAlerts } from './audit-store.ts';
import type { FraudAlertPublisher } from './fraud-alert-publisher.ts';

/**
 * The action side as steps of the fraud streaming job (pipelines/streaming/step.ts):
 *
 *   alerts --decide (policy)--> --audit (ClickHouse: alerts, commands `issued`)-->
 *          --publish (alerts topic, command topic; then commands `published`)--> result
 *
 * Idempotent under replay: the policy returns the same decision for an alert id it already decided (and a
 * state restored from a snapshot decides as before), command ids are deterministic, the audit tables collapse
 * rows by id, and consumers of the command topic apply a command id once. A step that fails with a retriable
 * error is run again on the same batch; nothing is published before the audit trail has it.
 */
export interface ActionBatch {
  readonly alerts: readonly FraudAlert[];
  readonly decisions: readonly ActionDecision[];
  /** Every command of the batch's decisions, in alert order. */
  readonly commands: readonly AccountCommand[];
}

export interface ActionResult {
  readonly alerts: number;
  readonly commands: number;
  readonly publishedAlerts: number;
  readonly publishedCommands: number;
}

export function actionDecisionStep(policy: ActionPolicy): Step<readonly FraudAlert[], ActionBatch> {
  return {
    name: 'fraud-actions:decide',
    run(alerts) {
      const decisions = alerts.map((alert) => policy.decide(alert));
      return Promise.resolve({ alerts, decisions, commands: decisions.flatMap((d) => d.commands) });
    },
  };
}

export interface AuditSinkSettings {
  readonly client: ClickHouseClient;
  /** Version of the rule configuration, stored with each alert; '' when unknown. */
  readonly rulesVersion: string;
  /** Bookkeeping time of the rows (recorded_at); the system clock by default. */
  readonly clock?: () => Date;
}

/** Stores every alert (with the policy's outcomes) and every command as `issued`. */
export async function recordActionBatch(settings: AuditSinkSettings, batch: ActionBatch): Promise<void> {
  const now = (settings.clock ?? (() => new Date()))();
  const outcomes = new Map(batch.decisions.map((d) => [d.alertId, d.outcomes]));
  // The two tables are written at once: each insert costs a round trip (tens of ms) on the command's path.
  await allSucceeded([
    insertFraudAlerts(
      settings.client,
      batch.alerts.map((alert) =>
        fraudAlertRow(alert, outcomes.get(alert.alertId) ?? [], settings.rulesVersion, now),
      ),
    ),
    insertAccountCommands(
      settings.client,
      batch.commands.map((command) => accountCommandRow(command, 'issued', now)),
    ),
  ]);
}

/**
 * Waits for every operation, then throws the first failure: a retry of the batch never overlaps a write of
 * the failed attempt still in flight.
 */
async function allSucceeded(operations: readonly Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(operations);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** recordActionBatch as a step. */
export function auditSinkStep(settings: AuditSinkSettings): Step<ActionBatch, ActionBatch> {
  return {
    name: 'fraud-actions:audit',
    async run(batch) {
      await recordActionBatch(settings, batch);
      return batch;
    },
  };
}

export interface CommandPublisherSettings {
  readonly commands: Pick<AccountCommandPublisher, 'publish'>;
  /** When set, every alert is published too. */
  readonly alerts?: Pick<FraudAlertPublisher, 'publish'>;
  /** Where commands are marked `published` once Kafka acknowledged them. */
  readonly client: ClickHouseClient;
  readonly clock?: () => Date;
}

/** Publishes the batch's alerts (optional) and commands, then records the commands as `published`. */
export async function publishActionBatch(
  settings: CommandPublisherSettings,
  batch: ActionBatch,
): Promise<ActionResult> {
  // Commands and alerts go to their topics at once (two topics, no order between them).
  const alerts = settings.alerts;
  const commandsSent =
    batch.commands.length === 0
      ? Promise.resolve(0)
      : settings.commands.publish(batch.commands).then((report) => report.records);
  const alertsSent =
    alerts === undefined || batch.alerts.length === 0
      ? Promise.resolve(0)
      : alerts.publish(batch.alerts).then((report) => report.records);
  await allSucceeded([commandsSent, alertsSent]);
  const publishedCommands = await commandsSent;
  const publishedAlerts = await alertsSent;
  const now = (settings.clock ?? (() => new Date()))();
  await insertAccountCommands(
    settings.client,
    batch.commands.map((command) => accountCommandRow(command, 'published', now)),
  );
  return {
    alerts: batch.alerts.length,
    commands: batch.commands.length,
    publishedAlerts,
    publishedCommands,
  };
}

/** publishActionBatch as a step. */
export function commandPublisherStep(settings: CommandPublisherSettings): Step<ActionBatch, ActionResult> {
  return {
    name: 'fraud-actions:publish',
    run: (batch) => publishActionBatch(settings, batch),
  };
}

/** decide > audit > publish, as one step. */
export function fraudActionSteps(
  policy: ActionPolicy,
  audit: AuditSinkSettings,
  publish: CommandPublisherSettings,
): Step<readonly FraudAlert[], ActionResult> {
  return pipe(pipe(actionDecisionStep(policy), auditSinkStep(audit)), commandPublisherStep(publish));
}
