import { beforeAll, describe, expect, it } from 'vitest';
import { fraudAlertId } from '../../pipelines/fraud/alert-emitter.ts';
import { unknownFraudOverrides } from '../../pipelines/fraud/customer-thresholds.ts';
import type { FraudAlert } from '../../pipelines/fraud/fraud-alert.ts';
import type { FraudDetector } from '../../pipelines/fraud/fraud-detector.ts';
import { compileReferenceData } from '../../pipelines/reference/compile-reference-data.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import { compiled, sampleSources, sampleWith } from '../reference/reference-fixtures.ts';
import {
  CUBA,
  DEFAULT_RULES,
  call,
  detector,
  ofRule,
  plus,
  registration,
  run,
  threshold,
} from './fixtures.ts';
import { theftScenario, type SourcedInput } from './scenario.ts';

let reference: ReferenceData;
beforeAll(async () => {
  reference = await loadReferenceData('infra/reference/sample');
});

const WEDNESDAY = '2026-05-13T08:00:00.000Z';

async function referenceWithOverrides(thresholds: Record<string, number>): Promise<ReferenceData> {
  const customers = (await sampleSources()).get('customers.yaml') ?? '';
  const anchor = "    orderDate: '2025-09-12'\n";
  if (!customers.includes(anchor)) throw new Error('sample customers.yaml changed');
  const lines = Object.entries(thresholds)
    .map(([name, value]) => `        ${name}: ${value}\n`)
    .join('');
  return compiled(
    compileReferenceData(
      await sampleWith({
        'customers.yaml': customers.replace(anchor, `${anchor}    overrides:\n      thresholds:\n${lines}`),
      }),
    ),
  );
}

function feed(fraud: FraudDetector, inputs: readonly SourcedInput[]): FraudAlert[] {
  const alerts: FraudAlert[] = [];
  for (const { input, source } of inputs) {
    fraud.add(input, source);
    alerts.push(...fraud.poll().alerts);
  }
  return alerts;
}

describe('per-customer overrides', () => {
  it('replace a default threshold for the accounts of that customer only', async () => {
    const custom = await referenceWithOverrides({
      'fraud.irsf-burst.critical.calls': 5,
      'fraud.spend-velocity.warning.cost': 3.4,
      'fraud.high-risk-destination.warning.numbers': 0,
    });
    const calls = (accountId: string) =>
      Array.from({ length: 6 }, (_v, i) => call(plus(WEDNESDAY, i * 100), CUBA, 60, { accountId }));
    const customer = run(detector(custom), calls('c1001-boutique'));
    const critical = ofRule(customer.alerts, 'irsf-burst', 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]?.counts).toMatchObject({ calls: 5, 'threshold.calls': 5 });
    expect(customer.firedAt[customer.alerts.indexOf(critical[0] as FraudAlert)]).toBe(4);
    expect(ofRule(customer.alerts, 'spend-velocity', 'warning')[0]?.counts).toMatchObject({
      cost: '3.40',
      'threshold.cost': '3.40',
    });
    // 0 turns the metric off for the customer
    expect(ofRule(customer.alerts, 'high-risk-destination', 'warning')).toEqual([]);

    const other = run(detector(custom), calls('c1002-accueil'));
    expect(ofRule(other.alerts, 'irsf-burst', 'critical')).toEqual([]);
    expect(ofRule(other.alerts, 'spend-velocity')).toEqual([]);
    expect(ofRule(other.alerts, 'high-risk-destination', 'warning')).toHaveLength(1);
  });

  it('typos in fraud override names are reported', async () => {
    const custom = await referenceWithOverrides({ 'fraud.irsf-burst.critical.call': 5 });
    expect(unknownFraudOverrides(custom)).toEqual([
      'customer C-1001: unknown fraud threshold "fraud.irsf-burst.critical.call"',
    ]);
    expect(unknownFraudOverrides(reference)).toEqual([]);
  });
});

describe('event time', () => {
  const failures = (count: number, ip = '203.0.113.9') =>
    Array.from({ length: count }, (_v, i) => registration(plus(WEDNESDAY, i * 3), 'AUTH_FAILED', ip));
  const warning = threshold(DEFAULT_RULES.credentialBruteForce.account, 'warning', 'failures');

  it('out-of-order records within the allowed lateness count as if in order', () => {
    const inOrder = run(detector(reference), failures(warning));
    const shuffled = failures(warning);
    shuffled.reverse();
    const reordered = run(detector(reference), shuffled);
    const key = (alerts: FraudAlert[]) =>
      alerts.map((a) => [a.rule, a.key, a.severity, a.windowStart.toISOString()]);
    expect(key(reordered.alerts)).toEqual(key(inOrder.alerts));
    expect(reordered.late).toEqual([]);
  });

  it('late records are not evaluated, counted and returned for review; the lateness bound is exact', () => {
    const fraud = detector(reference);
    const { maxOutOfOrdernessSeconds, allowedLatenessSeconds } = fraud.options;
    const now = '2026-05-13T12:00:00.000Z';
    fraud.add(registration(now, 'REGISTERED', '192.0.2.10'), 'reg/0');
    fraud.poll();
    const bound = plus(now, -(maxOutOfOrdernessSeconds + allowedLatenessSeconds));
    expect(fraud.watermark).toBe(new Date(plus(now, -maxOutOfOrdernessSeconds)).getTime());
    const onTime = registration(bound, 'AUTH_FAILED', '203.0.113.1');
    const late = failures(warning + 5).map((input) => input); // at 10:00, two hours late
    fraud.add(onTime, 'reg/0');
    for (const input of late) fraud.add(input, 'reg/0');
    const lateByOne = registration(
      new Date(new Date(bound).getTime() - 1).toISOString(),
      'AUTH_FAILED',
      '203.0.113.1',
    );
    fraud.add(lateByOne, 'reg/0');
    const out = fraud.poll();
    expect(out.alerts).toEqual([]);
    expect(out.late).toEqual([...late, lateByOne]);
    expect(fraud.stats()).toMatchObject({ lateInputs: warning + 6, registrations: 2 });
    expect(fraud.poll().late).toEqual([]);
  });

  it('an idle input does not hold the watermark back; a silent one does until marked idle', () => {
    const fraud = detector(reference);
    fraud.addInput('cdr/0');
    fraud.addInput('reg/0');
    fraud.add(call('2026-05-13T12:00:00.000Z', CUBA, 0), 'cdr/0');
    fraud.poll();
    expect(fraud.watermark).toBe(Number.NEGATIVE_INFINITY); // reg/0 has said nothing yet
    fraud.add(failures(1)[0] ?? call(WEDNESDAY, CUBA, 0), 'cdr/0');
    expect(fraud.poll().late).toEqual([]);
    fraud.markIdle('reg/0');
    fraud.poll();
    expect(fraud.watermark).toBe(
      new Date('2026-05-13T12:00:02.000Z').getTime() - fraud.options.maxOutOfOrdernessSeconds * 1000,
    );
    fraud.add(failures(1)[0] ?? call(WEDNESDAY, CUBA, 0), 'cdr/0');
    expect(fraud.poll().late).toHaveLength(1);
    // a record makes the input active again: it holds the watermark from its own time
    fraud.add(registration('2026-05-13T12:30:00.000Z', 'REGISTERED', '192.0.2.10'), 'reg/0');
    fraud.add(call('2026-05-13T13:00:00.000Z', CUBA, 0), 'cdr/0');
    fraud.poll();
    expect(fraud.watermark).toBe(
      new Date('2026-05-13T12:30:00.000Z').getTime() - fraud.options.maxOutOfOrdernessSeconds * 1000,
    );
  });

  it('idleness by processing time needs the injected clock', () => {
    let now = 0;
    const fraud = detector(reference, DEFAULT_RULES, { options: { idleTimeoutSeconds: 30 }, now: () => now });
    fraud.addInput('reg/0');
    fraud.add(call('2026-05-13T12:00:00.000Z', CUBA, 0), 'cdr/0');
    fraud.poll();
    expect(fraud.watermark).toBe(Number.NEGATIVE_INFINITY);
    now = 30_000;
    fraud.add(call('2026-05-13T12:00:10.000Z', CUBA, 0), 'cdr/0');
    fraud.poll();
    expect(fraud.watermark).toBe(new Date('2026-05-13T12:00:12.000Z').getTime() - 60_000);
  });
});

describe('restart and replay', () => {
  const scenario = theftScenario();

  it('the scenario trips the rules it is meant to', () => {
    const alerts = feed(detector(reference), scenario);
    const rules = new Set(alerts.map((a) => `${a.rule}/${a.severity}`));
    for (const expected of [
      'credential-brute-force/critical',
      'brute-force-then-success/critical',
      'scanner-user-agent/warning',
      'new-network/warning',
      'irsf-burst/critical',
      'high-risk-destination/critical',
      'concurrent-international/warning',
      'out-of-hours-spike/warning',
      'short-call-burst/warning',
    ]) {
      expect(rules, expected).toContain(expected);
    }
    expect(alerts.every((a) => a.accountIds.every((id) => id === 'c1001-boutique'))).toBe(true);
  });

  it('a replay gives the same alerts with the same ids, and no id twice', () => {
    const first = feed(detector(reference), scenario);
    const second = feed(detector(reference), scenario);
    expect(second).toEqual(first);
    expect(new Set(first.map((a) => a.alertId)).size).toBe(first.length);
    for (const alert of first) {
      expect(alert.alertId).toBe(
        fraudAlertId(alert.rule, alert.key, alert.windowStart.getTime(), alert.severity),
      );
    }
  });

  it('a restart in the middle of windows (snapshot, new detector, restore) gives the same alerts', () => {
    const uninterrupted = detector(reference);
    const expected = feed(uninterrupted, scenario);
    const cuts = [Math.floor(scenario.length / 4), Math.floor(scenario.length / 2), scenario.length - 20];
    for (const cut of cuts) {
      const before = detector(reference);
      const alerts = feed(before, scenario.slice(0, cut));
      const saved: unknown = JSON.parse(JSON.stringify(before.snapshot()));
      const after = detector(reference);
      after.restore(saved);
      alerts.push(...feed(after, scenario.slice(cut)));
      expect(alerts, `cut at ${cut}`).toEqual(expected);
      expect(after.stats().windows).toBe(uninterrupted.stats().windows);
    }
  });

  it('refuses to snapshot with outputs not yet polled, and rejects foreign snapshots', () => {
    const fraud = detector(reference);
    fraud.add(call(WEDNESDAY, CUBA, 0), 'cdr/0');
    expect(() => fraud.snapshot()).toThrow(/poll\(\) before snapshot/);
    fraud.poll();
    const snapshot = fraud.snapshot() as Record<string, unknown>;
    expect(() => {
      detector(reference).restore({ ...snapshot, format: 'other' });
    }).toThrow(/format/);
  });
});
