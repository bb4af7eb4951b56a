import { describe, expect, it } from 'vitest';
import { thrownCode } from './thrown-code.ts';
import {
  countAggregator,
  distinctCountAggregator,
  type Aggregator,
} from '../../pipelines/windowing/aggregator.ts';
import { KeyedWindows } from '../../pipelines/windowing/keyed-windows.ts';
import type { ThresholdLevel } from '../../pipelines/windowing/keyed-windows-types.ts';
import { WatermarkTracker } from '../../pipelines/windowing/watermark-tracker.ts';
import {
  sessionWindows,
  slidingWindows,
  tumblingWindows,
  type WindowAssigner,
} from '../../pipelines/windowing/window-assigner.ts';
import { CollectingSink } from './collecting-sink.ts';
import { eventStream, type StreamEvent } from './event-stream.ts';

const MINUTE = 60_000;
const BATCH = 25;

interface Stage<Acc> {
  readonly tracker: WatermarkTracker;
  readonly windows: KeyedWindows<StreamEvent, Acc, number>;
  readonly sink: CollectingSink<StreamEvent, number>;
}

interface Setup<Acc> {
  readonly assigner: WindowAssigner;
  readonly aggregator: Aggregator<StreamEvent, Acc, number>;
  readonly thresholds: readonly ThresholdLevel<Acc>[];
  readonly allowedLatenessMs: number;
}

/** A job's event-time stage: a tracker feeding one windows operator; processing time steps 1 ms per record. */
function stage<Acc>(
  setup: Setup<Acc>,
  sink: CollectingSink<StreamEvent, number>,
  clock: { now: number },
): Stage<Acc> {
  const tracker = new WatermarkTracker({ maxOutOfOrdernessMs: 20_000, idleTimeoutMs: 0 }, () => clock.now);
  const windows = new KeyedWindows(
    { assigner: setup.assigner, aggregator: setup.aggregator, thresholds: setup.thresholds, sink },
    { allowedLatenessMs: setup.allowedLatenessMs },
  );
  return { tracker, windows, sink };
}

function feed<Acc>(
  target: Stage<Acc>,
  events: readonly StreamEvent[],
  from: number,
  to: number,
  clock: { now: number },
): void {
  for (let i = from; i < to; i++) {
    const event = events[i] as StreamEvent;
    clock.now++;
    target.tracker.observe(event.partition, event.time);
    target.windows.add(event.key, event.time, event);
    if (i % BATCH === BATCH - 1) target.windows.advanceWatermark(target.tracker.current());
  }
}

/** Runs the stream straight through, and again with a stop at `cut`: snapshot, JSON, new instances, restore. */
function compareWithRestart<Acc>(
  setup: Setup<Acc>,
  events: readonly StreamEvent[],
  cut: number,
): {
  straight: CollectingSink<StreamEvent, number>;
  restarted: CollectingSink<StreamEvent, number>;
} {
  const straightClock = { now: 0 };
  const straight = stage(setup, new CollectingSink(), straightClock);
  feed(straight, events, 0, events.length, straightClock);
  straight.windows.flush();

  const restarted = new CollectingSink<StreamEvent, number>();
  const firstClock = { now: 0 };
  const first = stage(setup, restarted, firstClock);
  feed(first, events, 0, cut, firstClock);
  const saved = JSON.stringify({ tracker: first.tracker.snapshot(), windows: first.windows.snapshot() });

  const secondClock = { now: firstClock.now };
  const second = stage(setup, restarted, secondClock);
  const parsed = JSON.parse(saved) as { tracker: unknown; windows: unknown };
  second.tracker.restore(parsed.tracker);
  second.windows.restore(parsed.windows);
  expect(second.windows.windows).toBe(first.windows.windows);
  feed(second, events, cut, events.length, secondClock);
  second.windows.flush();
  return { straight: straight.sink, restarted };
}

const events = eventStream({
  seed: 42,
  count: 4_000,
  partitions: 3,
  keys: 40,
  stepMs: 400,
  disorderMs: 15_000,
  lateEvery: 97,
  lateByMs: 10 * MINUTE,
});

const countLevels: ThresholdLevel<number>[] = [
  { level: 'warning', reached: (n) => n >= 8 },
  { level: 'critical', reached: (n, key) => n >= (key === 'acct-0' ? 30 : 15) },
];
const distinctLevels: ThresholdLevel<Set<string>>[] = [
  { level: 'warning', reached: (ips) => ips.size >= 4 },
  { level: 'critical', reached: (ips) => ips.size >= 8 },
];

const setups: readonly (readonly [string, Setup<number> | Setup<Set<string>>])[] = [
  [
    'tumbling count',
    {
      assigner: tumblingWindows(MINUTE),
      aggregator: countAggregator(),
      thresholds: countLevels,
      allowedLatenessMs: 0,
    },
  ],
  [
    'sliding count with lateness',
    {
      assigner: slidingWindows(5 * MINUTE, MINUTE),
      aggregator: countAggregator(),
      thresholds: countLevels,
      allowedLatenessMs: 2 * MINUTE,
    },
  ],
  [
    'session distinct IPs with lateness',
    {
      assigner: sessionWindows(30_000),
      aggregator: distinctCountAggregator((e: StreamEvent) => e.value),
      thresholds: distinctLevels,
      allowedLatenessMs: MINUTE,
    },
  ],
];

describe('KeyedWindows: restart in the middle of windows', () => {
  it.each(setups)(
    '%s: snapshot, restore and continue gives the same outputs as no restart',
    (_name, setup) => {
      for (const cut of [1, 1_013, 2_500, 3_999]) {
        const { straight, restarted } = compareWithRestart(setup as Setup<unknown>, events, cut);
        expect(restarted.outputs).toEqual(straight.outputs);
      }
    },
  );

  it.each(setups)(
    '%s: the stream exercises what it claims (thresholds, late records, late updates)',
    (_name, setup) => {
      const sink = new CollectingSink<StreamEvent, number>();
      const clock = { now: 0 };
      const s = stage(setup as Setup<unknown>, sink, clock);
      feed(s, events, 0, events.length, clock);
      s.windows.flush();
      const kinds = new Set(
        sink.firings.map((f) => `${f.kind}${f.level === undefined ? '' : `:${f.level}`}`),
      );
      const expected = ['on-time', 'threshold:critical', 'threshold:warning'];
      if (setup.allowedLatenessMs > 0) expected.unshift('late-update');
      expect([...kinds].sort()).toEqual(expected);
      expect(sink.lates.length).toBeGreaterThan(10);
      expect(s.windows.stats().lateRecords).toBe(sink.lates.length);
    },
  );

  it('rejects a snapshot of another window definition, a key it already holds, or a bad version', () => {
    const sink = new CollectingSink<StreamEvent, number>();
    const clock = { now: 0 };
    const s = stage(setups[0]?.[1] as Setup<number>, sink, clock);
    feed(s, events, 0, 200, clock);
    const saved = s.windows.snapshot();
    const other = new KeyedWindows({
      assigner: tumblingWindows(2 * MINUTE),
      aggregator: countAggregator(),
      sink,
    });
    expect(() => {
      other.restore(saved);
    }).toThrow(/tumbling 60000 ms.*tumbling 120000 ms/);
    expect(
      thrownCode(() => {
        s.windows.restore(saved);
      }),
    ).toBe('SNAPSHOT_INVALID');
    expect(() => {
      other.restore({ ...saved, version: 2 });
    }).toThrow(/version/);
  });
});

describe('KeyedWindows: rebalance', () => {
  it('moving some keys to another instance (snapshot of those keys, drop, restore) changes no output', () => {
    const setup = setups[1]?.[1] as Setup<number>;
    const straightSink = new CollectingSink<StreamEvent, number>();
    const straight = new KeyedWindows(
      { ...setup, sink: straightSink },
      { allowedLatenessMs: setup.allowedLatenessMs },
    );
    const sinkA = new CollectingSink<StreamEvent, number>();
    const sinkB = new CollectingSink<StreamEvent, number>();
    const a = new KeyedWindows({ ...setup, sink: sinkA }, { allowedLatenessMs: setup.allowedLatenessMs });
    const b = new KeyedWindows({ ...setup, sink: sinkB }, { allowedLatenessMs: setup.allowedLatenessMs });
    const moved = (key: string): boolean => Number(key.slice('acct-'.length)) % 2 === 1;

    let owner = (_key: string): KeyedWindows<StreamEvent, number, number> => a;
    const watermarkAfter = (i: number): number => (events[i] as StreamEvent).time - 20_000;
    events.forEach((event, i) => {
      if (i === 2_000) {
        const handedOver = JSON.parse(JSON.stringify(a.snapshot(moved))) as unknown;
        expect(a.dropKeys(moved)).toBeGreaterThan(0);
        b.restore(handedOver);
        owner = (key) => (moved(key) ? b : a);
      }
      straight.add(event.key, event.time, event);
      owner(event.key).add(event.key, event.time, event);
      if (i % BATCH === 0) {
        for (const w of [straight, a, b]) w.advanceWatermark(watermarkAfter(i));
      }
    });
    for (const w of [straight, a, b]) w.flush();

    const ofKeys = (sink: CollectingSink<StreamEvent, number>, keep: (key: string) => boolean): string[] =>
      sink.firings
        .filter((f) => keep(f.key))
        .map((f) => `${f.kind} ${f.key} ${f.window.start} ${f.level ?? ''} ${f.result}`);
    expect([...ofKeys(sinkA, moved), ...ofKeys(sinkB, moved)]).toEqual(ofKeys(straightSink, moved));
    expect(ofKeys(sinkA, (k) => !moved(k))).toEqual(ofKeys(straightSink, (k) => !moved(k)));
  });
});
