/**
 * Per-event cost of the fraud detector, run by hand (not a test, no assertion):
 *   npx tsx test/fraud/measure-detector-throughput.ts
 * The demo reference data (300 accounts); 500k inputs over ~2.8 hours of event time (50 events per second of
 * event time), 80 % calls (70 % national in plan, 15 % international, 5 % high-risk or premium, 10 % short)
 * and 20 % registration events (5 % of them authentication failures), 1 to 30 s of disorder, two inputs.
 * Reports events per CPU second (user + system) over the run, the latency of add() + poll() per event
 * (p50, p99, max: the detector's share of event-to-alert latency, polling after every event, the worst
 * case), the alerts and the state held at the end.
 */
import { performance } from 'node:perf_hooks';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { FraudInput } from '../../pipelines/fraud/fraud-input.ts';
import { seededRandom } from '../windowing/event-stream.ts';
import { call, detector, registration } from './fixtures.ts';

const EVENTS = 500_000;
const reference = await loadReferenceData('infra/reference/demo');
const accounts = reference.accounts.map((a) => a.accountId);
const random = seededRandom(11);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const start = new Date('2026-03-10T06:00:00Z').getTime();

const inputs: { input: FraudInput; source: string }[] = [];
for (let i = 0; i < EVENTS; i++) {
  const at = new Date(start + i * 20 - Math.floor(random() * 30_000)).toISOString();
  const accountId = pick(accounts);
  const kind = random();
  if (kind < 0.2) {
    const failed = random() < 0.05;
    inputs.push({
      input: registration(
        at,
        failed ? 'AUTH_FAILED' : 'REGISTERED',
        `192.0.${Math.floor(random() * 4)}.${Math.floor(random() * 250)}`,
        { accountId },
      ),
      source: 'reg/0',
    });
    continue;
  }
  const r = random();
  const callee =
    r < 0.7
      ? `+331${String(Math.floor(random() * 1e8)).padStart(8, '0')}`
      : r < 0.85
        ? `+4420${String(Math.floor(random() * 1e7)).padStart(7, '0')}`
        : r < 0.9
          ? '+5371234567'
          : `+336${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const seconds = r >= 0.9 ? Math.floor(random() * 5) : Math.floor(random() * 600);
  // `call` starts at `at` and ends seconds + 2 s later: shift back so that the stream is in emission order.
  const startAt = new Date(new Date(at).getTime() - (seconds + 2) * 1000).toISOString();
  inputs.push({ input: call(startAt, callee, seconds, { accountId }), source: 'cdr/0' });
}

const fraud = detector(reference);
fraud.addInput('cdr/0');
fraud.addInput('reg/0');
const latencies = new Float64Array(EVENTS);
let alerts = 0;
let late = 0;
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
for (let i = 0; i < EVENTS; i++) {
  const { input, source } = inputs[i] as { input: FraudInput; source: string };
  const t0 = performance.now();
  fraud.add(input, source);
  const out = fraud.poll();
  latencies[i] = performance.now() - t0;
  alerts += out.alerts.length;
  late += out.late.length;
}
const wall = (performance.now() - wallBefore) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
latencies.sort();
const quantile = (q: number): string =>
  `${((latencies[Math.floor(q * (EVENTS - 1))] ?? 0) * 1000).toFixed(1)} µs`;
process.stdout.write(
  `${JSON.stringify(
    {
      events: EVENTS,
      eventsPerCpuSecond: Math.round(EVENTS / cpuSeconds),
      eventsPerWallSecond: Math.round(EVENTS / wall),
      addPlusPoll: { p50: quantile(0.5), p99: quantile(0.99), p999: quantile(0.999), max: quantile(1) },
      alerts,
      late,
      stats: fraud.stats(),
      snapshotBytes: JSON.stringify(fraud.snapshot()).length,
    },
    null,
    2,
  )}\n`,
);
