import type { ActionDecision } from '../fraud-actions/action-decision.ts';
import { ActionPolicy } from '../fraud-actions/action-policy.ts';
import type { ActionBatch } from '../fraud-actions/action-steps.ts';
import type { FraudAlert } from '../fraud/fraud-alert.ts';
import { FraudDetector, type FraudDetectorStats, type FraudOutputs } from '../fraud/fraud-detector.ts';
import type { FraudDetectorOptions } from '../fraud/fraud-detector-options.ts';
import type { FraudInput } from '../fraud/fraud-input.ts';
import type { FraudRules } from '../fraud/fraud-rules.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { DemoEvent } from './month/index.ts';

export interface DemoFraudSettings {
  readonly rules: FraudRules;
  readonly reference: ReferenceData;
  readonly classify: NumberClassifier;
  readonly detector?: Partial<FraudDetectorOptions>;
  /** The action policy's options (config section `fraudActions`). */
  readonly actions?: Readonly<Record<string, unknown>>;
  /** Inputs between two polls (as a consumer batch would be); alerts fire during add() whatever it is. */
  readonly pollEvery?: number;
}

/** Everything detection and the action policy concluded about the month, ready for the audit trail. */
export interface DemoFraudRun extends ActionBatch {
  readonly rulesVersion: string;
  readonly inputs: number;
  /** Inputs behind the watermark by more than the allowed lateness: not evaluated (0 in emission order). */
  readonly late: number;
  readonly stats: FraudDetectorStats;
}

const INPUT = 'demo';

/**
 * The month through the fraud detector (one input, like the rating processor of the demo) and every alert
 * through the action policy, as the fraud job does: the same FraudDetector and ActionPolicy, no broker.
 * Pure (no I/O); feed it `demoEventsAsEmitted`, the order a consumer of the topics would read.
 */
export function detectDemoFraud(events: Iterable<DemoEvent>, settings: DemoFraudSettings): DemoFraudRun {
  const { reference } = settings;
  const detector = new FraudDetector({
    rules: settings.rules,
    reference: () => reference,
    classify: settings.classify,
    options: settings.detector ?? {},
  });
  const policy = new ActionPolicy(settings.actions ?? {}, {
    customerOf: (accountId) => reference.account(accountId)?.customer.id,
  });
  detector.addInput(INPUT);
  const pollEvery = settings.pollEvery ?? 5000;
  const alerts: FraudAlert[] = [];
  const decisions: ActionDecision[] = [];
  let late = 0;
  const take = (outputs: FraudOutputs): void => {
    for (const alert of outputs.alerts) {
      alerts.push(alert);
      decisions.push(policy.decide(alert));
    }
    late += outputs.late.length;
  };
  let inputs = 0;
  for (const event of events) {
    detector.add(toFraudInput(event), INPUT);
    if (++inputs % pollEvery === 0) take(detector.poll());
  }
  take(detector.flush());
  return {
    alerts,
    decisions,
    commands: decisions.flatMap((decision) => decision.commands),
    rulesVersion: detector.rulesVersion,
    inputs,
    late,
    stats: detector.stats(),
  };
}

function toFraudInput(event: DemoEvent): FraudInput {
  return event.kind === 'call'
    ? { kind: 'call', record: event.call }
    : { kind: 'registration', event: event.event };
}
