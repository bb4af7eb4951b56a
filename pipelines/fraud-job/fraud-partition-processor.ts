import type { ActionDecision } from '../fraud-actions/action-decision.ts';
import type { ActionPolicy } from '../fraud-actions/action-policy.ts';
import type { AccountCommand, FraudAlert } from '../fraud/fraud-alert.ts';
import type { FraudDetector } from '../fraud/fraud-detector.ts';
import type { FraudInput } from '../fraud/fraud-input.ts';
import { PipelineError } from '../core/errors.ts';
import type { PartitionProcessor } from '../streaming/partition-processor.ts';

/** What the fraud job reads: calls and registration events, and the commands of the command topic. */
export type FraudJobInput = FraudInput | { readonly kind: 'command'; readonly command: AccountCommand };

export interface FraudJobOutputs {
  readonly alerts: readonly FraudAlert[];
  readonly decisions: readonly ActionDecision[];
  readonly commands: readonly AccountCommand[];
  /** Inputs too late to evaluate: kept for review. */
  readonly late: readonly FraudInput[];
}

export interface FraudPartitionSettings {
  readonly detector: FraudDetector;
  readonly policy: ActionPolicy;
  /** The command topic: its records go to the policy, never to the detector's event time. */
  readonly commandTopic?: string;
}

/**
 * Detection and action for one partition number: the detector's alerts go through the action policy as soon
 * as they fire. Commands read back from the command topic that someone else issued (an operator's
 * reinstatement) are applied to the policy, so cool-downs start and the account's status is current; the
 * policy's own commands are already applied. Both states are in the snapshot.
 */
export class FraudPartitionProcessor implements PartitionProcessor<FraudJobInput, FraudJobOutputs> {
  private readonly detector: FraudDetector;
  readonly policy: ActionPolicy;

  constructor(private readonly settings: FraudPartitionSettings) {
    this.detector = settings.detector;
    this.policy = settings.policy;
  }

  addInput(input: string): void {
    if (input !== this.settings.commandTopic) this.detector.addInput(input);
  }

  markIdle(input: string): void {
    if (input !== this.settings.commandTopic) this.detector.markIdle(input);
  }

  add(item: FraudJobInput, source: string): void {
    if (item.kind !== 'command') {
      this.detector.add(item, source);
      return;
    }
    if (item.command.requestedBy !== this.policy.options.requestedBy) this.policy.applyCommand(item.command);
  }

  poll(): FraudJobOutputs {
    const { alerts, late } = this.detector.poll();
    const decisions = alerts.map((alert) => this.policy.decide(alert));
    return { alerts, decisions, commands: decisions.flatMap((d) => d.commands), late };
  }

  get stats(): ReturnType<FraudDetector['stats']> {
    return this.detector.stats();
  }

  snapshot(): unknown {
    return {
      format: 'fraud-partition',
      version: 1,
      detector: this.detector.snapshot(),
      policy: this.policy.store.snapshot(),
    };
  }

  restore(snapshot: unknown): void {
    const saved = snapshot as { format?: unknown; version?: unknown; detector?: unknown; policy?: unknown };
    if (saved.format !== 'fraud-partition' || saved.version !== 1) {
      throw new PipelineError('SNAPSHOT_INVALID', 'not a fraud-partition snapshot of version 1');
    }
    this.detector.restore(saved.detector);
    this.policy.store.restore(saved.policy);
  }
}
