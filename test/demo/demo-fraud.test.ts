import { beforeAll, describe, expect, it } from 'vitest';
import { detectDemoFraud, type DemoFraudRun } from '../../pipelines/demo/demo-fraud.ts';
import { judgeFraud, type ObservedFraud } from '../../pipelines/demo/fraud-expectations.ts';
import { demoEventsAsEmitted, demoEventsInOrder, type DemoMonth } from '../../pipelines/demo/month/index.ts';
import { loadFraudRules } from '../../pipelines/fraud/load-fraud-rules.ts';
import type { FraudRules } from '../../pipelines/fraud/fraud-rules.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import { demoFixture } from './demo-fixture.ts';

const classify = createNumberClassifier(parseNumberingOptions());
const MINUTE = 60_000;

let rules: FraudRules;
let month: DemoMonth;
let reference: ReferenceData;
let run: DemoFraudRun;

function detect(
  m: DemoMonth,
  r: ReferenceData,
  calls: readonly CallRecord[] = m.calls,
  pollEvery?: number,
): DemoFraudRun {
  return detectDemoFraud(demoEventsAsEmitted(calls, m.registrations), {
    rules,
    reference: r,
    classify,
    ...(pollEvery === undefined ? {} : { pollEvery }),
  });
}

function emergencyCallIds(calls: readonly CallRecord[]): Set<string> {
  return new Set(calls.filter((c) => classify(c.callee).class === 'emergency').map((c) => c.callId));
}

/** The run as the scenario check sees the audit trail. */
function observed(fraud: DemoFraudRun, calls: readonly CallRecord[]): ObservedFraud {
  return {
    commands: fraud.commands,
    alerts: fraud.alerts.map((a) => ({ ...a, sampleIds: a.samples.map((s) => s.id) })),
    emergencyCallIds: emergencyCallIds(calls),
    emergencyCallsSkipped: fraud.stats.emergencyCalls,
  };
}

beforeAll(async () => {
  rules = await loadFraudRules();
  ({ month, reference } = await demoFixture());
  run = detect(month, reference);
});

describe('fraud detection on the demo month (default rules and action options)', () => {
  it('meets every fraud expectation of the scenario', () => {
    const judgement = judgeFraud(month.scenario, observed(run, month.calls));
    expect(judgement.lines.filter((line) => line.includes('FAIL'))).toEqual([]);
    expect(judgement.ok).toBe(true);
    expect(judgement.lines).toHaveLength(4);
  });

  it('suspends the stolen account once, no later than the compromise and not before the attack', () => {
    const theft = month.scenario.credentialTheft;
    const deadlines = month.scenario.fraudDeadlines;
    expect(run.commands.map((c) => [c.accountId, c.kind])).toEqual([[theft.accountId, 'suspend']]);
    const [suspension] = run.commands;
    const effective = suspension?.effectiveAt.getTime() ?? Number.NaN;
    expect(effective).toBeGreaterThanOrEqual(theft.bruteForce.firstAt.getTime());
    expect(effective).toBeLessThanOrEqual(
      deadlines.firstFraudulentEventAt.getTime() + deadlines.maxSuspensionDelayMinutes * MINUTE,
    );
    // The rule behind the deadline fires on the attacker's successful REGISTER itself.
    const success = run.alerts.find(
      (a) => a.rule === 'brute-force-then-success' && a.severity === 'critical',
    );
    expect(success?.detectedAt).toEqual(theft.compromisedAt);
    expect(success?.accountIds).toEqual([theft.accountId]);
    // Later alerts on the account issue nothing more: it is already suspended.
    const outcomes = run.decisions.flatMap((d) => d.outcomes).filter((o) => o.accountId === theft.accountId);
    expect(outcomes.filter((o) => o.outcome === 'command')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'already-suspended').length).toBeGreaterThan(5);
  });

  it('would catch the IRSF burst on its own, within the deadline', () => {
    const deadlines = month.scenario.fraudDeadlines;
    const first = run.alerts
      .filter(
        (a) =>
          a.severity === 'critical' &&
          deadlines.irsfRules.includes(a.rule) &&
          a.detectedAt >= deadlines.firstIrsfCallAt,
      )
      .map((a) => a.detectedAt.getTime() - deadlines.firstIrsfCallAt.getTime())
      .sort((a, b) => a - b)[0];
    expect(first).toBeDefined();
    expect(first).toBeLessThanOrEqual(deadlines.maxIrsfDetectionMinutes * MINUTE);
  });

  it('raises no critical alert and no command on accounts without a fraud scenario', () => {
    const theft = month.scenario.credentialTheft.accountId;
    const others = run.alerts.filter((a) => a.accountIds.some((id) => id !== theft));
    expect(others.filter((a) => a.severity === 'critical')).toEqual([]);
    // What remains on them: first calls of the day to a high-risk number, a warning recorded only.
    expect(new Set(others.map((a) => `${a.rule}/${a.severity}`))).toEqual(
      new Set(['high-risk-destination/warning']),
    );
    const innocent = new Set(
      month.scenario.expectations.filter((e) => e.expectedFraudCommands.length === 0).map((e) => e.accountId),
    );
    expect(innocent.has(theft)).toBe(false);
    expect(innocent.size).toBe(month.scenario.expectations.length - 1);
  });

  it('reads the month in emission order, so nothing is late; in start order long calls make later ones late', async () => {
    expect(run.late).toBe(0);
    // Small batches, as a consumer polling often: event time moves after every 20 inputs.
    const small = await demoFixture({ accounts: 60, seed: 7 });
    expect(detect(small.month, small.reference, small.month.calls, 20).late).toBe(0);
    const byStart = detectDemoFraud(demoEventsInOrder(small.month.calls, small.month.registrations), {
      rules,
      reference: small.reference,
      classify,
      pollEvery: 20,
    });
    expect(byStart.late).toBeGreaterThan(0);
  });
});

describe('emergency calls in the demo', () => {
  it('are skipped by detection: 80 calls to 112 in 20 minutes at night add no alert at all', async () => {
    const small = await demoFixture({ accounts: 60, seed: 7 });
    const template = small.month.calls.find((c) => emergencyCallIds([c]).size === 1);
    if (template === undefined) throw new Error('the demo month has no emergency call');
    // A Sunday, 03:00 Paris: outside business hours, when 60 calls in an hour would be a critical spike.
    const night = Date.parse('2026-03-08T02:00:00Z');
    const burst: CallRecord[] = Array.from({ length: 80 }, (_, i) => {
      const startTime = new Date(night + i * 15_000);
      return {
        ...template,
        callId: `${template.callId}-burst-${i}`,
        callee: i % 2 === 0 ? '112' : '+33112',
        startTime,
        answerTime: new Date(startTime.getTime() + 1000),
        endTime: new Date(startTime.getTime() + 5000),
        durationSeconds: 5,
        billableSeconds: 4,
        disposition: 'ANSWERED',
      };
    });
    const before = detect(small.month, small.reference);
    const after = detect(small.month, small.reference, [...small.month.calls, ...burst]);
    expect(after.stats.emergencyCalls).toBe(before.stats.emergencyCalls + burst.length);
    expect(before.stats.emergencyCalls).toBe(emergencyCallIds(small.month.calls).size);
    expect(after.alerts.map((a) => [a.alertId, a.counts])).toEqual(
      before.alerts.map((a) => [a.alertId, a.counts]),
    );
    expect(after.commands).toEqual(before.commands);
  });
});
