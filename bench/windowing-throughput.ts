import {
  countAggregator,
  distinctCountAggregator,
  type Aggregator,
} from '../pipelines/windowing/aggregator.ts';
import { EventTimeBuffer } from '../pipelines/windowing/event-time-buffer.ts';
import { KeyedWindows } from '../pipelines/windowing/keyed-windows.ts';
import type { ThresholdLevel } from '../pipelines/windowing/keyed-windows-types.ts';
import { WatermarkTracker } from '../pipelines/windowing/watermark-tracker.ts';
import {
  sessionWindows,
  slidingWindows,
  tumblingWindows,
  type WindowAssigner,
} from '../pipelines/windowing/window-assigner.ts';
import { atLeast, perSecond, type Benchmark, type Measurement } from './benchmark.ts';

const EVENTS = 1_000_000;
const KEYS = 10_000;
const PARTITIONS = 8;
const WATERMARK_EVERY = 500;
const ROUNDS = 3;
const MINUTE = 60_000;

interface BenchEvent {
  readonly partition: string;
  readonly key: string;
  readonly time: number;
  readonly source: string;
}

/** 1M events, 10k keys on 8 partitions, ~2 ms apart (500 events/s of event time), up to 5 s out of order. */
function events(): BenchEvent[] {
  let seed = 12_345;
  const random = (): number => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
  const keys = Array.from({ length: KEYS }, (_, i) => `acct-${i}`);
  const partitions = Array.from({ length: PARTITIONS }, (_, i) => `calls/${i}`);
  const sources = Array.from({ length: 64 }, (_, i) => `10.0.0.${i}`);
  const out: BenchEvent[] = [];
  let clock = 1_700_000_000_000;
  for (let i = 0; i < EVENTS; i++) {
    clock += 2;
    const keyIndex = Math.floor(random() * KEYS);
    out.push({
      partition: partitions[keyIndex % PARTITIONS] as string,
      key: keys[keyIndex] as string,
      time: clock - Math.floor(random() * 5_000),
      source: sources[Math.floor(random() * 8)] as string,
    });
  }
  return out;
}

function windowsRun<Acc>(
  input: readonly BenchEvent[],
  assigner: WindowAssigner,
  aggregator: Aggregator<BenchEvent, Acc, number>,
  thresholds: readonly ThresholdLevel<Acc>[],
): { ms: number; firings: number; peakWindows: number } {
  let firings = 0;
  let peakWindows = 0;
  const started = performance.now();
  const tracker = new WatermarkTracker({ maxOutOfOrdernessMs: 5_000, idleTimeoutMs: 30_000 });
  const windows = new KeyedWindows(
    { assigner, aggregator, thresholds, sink: { fire: () => firings++, late: () => undefined } },
    { allowedLatenessMs: 10_000 },
  );
  for (let i = 0; i < input.length; i++) {
    const event = input[i] as BenchEvent;
    tracker.observe(event.partition, event.time);
    windows.add(event.key, event.time, event);
    if (i % WATERMARK_EVERY === 0) {
      windows.advanceWatermark(tracker.current());
      if (windows.windows > peakWindows) peakWindows = windows.windows;
    }
  }
  windows.flush();
  return { ms: performance.now() - started, firings, peakWindows };
}

/** The floor: a bare per-key count in a Map over the same events (no event time, no windows). */
function bareCountRun(input: readonly BenchEvent[]): { ms: number; keys: number } {
  const started = performance.now();
  const counts = new Map<string, number>();
  for (const event of input) counts.set(event.key, (counts.get(event.key) ?? 0) + 1);
  return { ms: performance.now() - started, keys: counts.size };
}

function bufferRun(input: readonly BenchEvent[]): { ms: number; released: number } {
  const started = performance.now();
  const buffer = new EventTimeBuffer<BenchEvent>(
    { timeOf: (e) => e.time, tieKeyOf: (e) => e.key },
    { holdDelayMs: 10_000 },
  );
  let released = 0;
  for (let i = 0; i < input.length; i++) {
    buffer.push(input[i] as BenchEvent);
    if (i % WATERMARK_EVERY === 0) released += buffer.advance((input[i] as BenchEvent).time - 5_000).length;
  }
  released += buffer.flush().length;
  return { ms: performance.now() - started, released };
}

/** Best of a few rounds (the first warms the JIT up). */
function best<R extends { ms: number }>(run: () => R): R {
  let result = run();
  for (let round = 1; round < ROUNDS; round++) {
    const next = run();
    if (next.ms < result.ms) result = next;
  }
  return result;
}

/**
 * The event-time module alone, in this process, no I/O: a watermark tracker feeding one KeyedWindows
 * operator (tumbling, sliding, session), and the EventTimeBuffer. Events per second, best of 3 rounds.
 */
export const windowingThroughput: Benchmark = {
  name: 'windowing',
  description: 'event-time windows and buffer without I/O (events/s, one core)',
  run({ progress }) {
    const input = events();
    const levels: ThresholdLevel<number>[] = [
      { level: 'warning', reached: (n) => n >= 5 },
      { level: 'critical', reached: (n) => n >= 10 },
    ];
    const cases = [
      [
        'tumbling 1 min, count, 2 levels',
        () => windowsRun(input, tumblingWindows(MINUTE), countAggregator(), levels),
      ],
      [
        'sliding 5 min / 1 min, count, 2 levels',
        () => windowsRun(input, slidingWindows(5 * MINUTE, MINUTE), countAggregator(), levels),
      ],
      [
        'session gap 30 s, distinct sources',
        () =>
          windowsRun(
            input,
            sessionWindows(30_000),
            distinctCountAggregator((e: BenchEvent) => e.source),
            [{ level: 'many-sources', reached: (s: Set<string>) => s.size >= 4 }],
          ),
      ],
    ] as const;
    const bare = best(() => bareCountRun(input));
    const measurements: Measurement[] = [
      {
        name: 'floor: bare Map count per key',
        value: Math.round(perSecond(EVENTS, bare.ms)),
        unit: 'events/s',
        note: 'the same events counted in a Map<string, number>, for scale on a loaded machine',
      },
    ];
    for (const [name, run] of cases) {
      const result = best(run);
      progress(`windowing: ${name}: ${result.ms.toFixed(0)} ms, ${result.firings} firings`);
      measurements.push({
        name: `windows, ${name}`,
        value: Math.round(perSecond(EVENTS, result.ms)),
        unit: 'events/s',
        target: atLeast(200_000),
        note: `${EVENTS} events, ${KEYS} keys, peak ${result.peakWindows} live windows, tracker included`,
      });
    }
    const buffered = best(() => bufferRun(input));
    measurements.push({
      name: 'event-time buffer, hold 10 s',
      value: Math.round(perSecond(EVENTS, buffered.ms)),
      unit: 'events/s',
      target: atLeast(200_000),
      note: `${buffered.released} released in order`,
    });
    return Promise.resolve(measurements);
  },
};
