import { describe, expect, it } from 'vitest';
import { thrownCode } from './thrown-code.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { countAggregator, distinctCountAggregator } from '../../pipelines/windowing/aggregator.ts';
import { KeyedWindows } from '../../pipelines/windowing/keyed-windows.ts';
import type { ThresholdLevel } from '../../pipelines/windowing/keyed-windows-types.ts';
import {
  lastWindowStart,
  sessionWindows,
  slidingWindows,
  tumblingWindows,
  type WindowAssigner,
} from '../../pipelines/windowing/window-assigner.ts';
import { CollectingSink } from './collecting-sink.ts';

const MINUTE = 60_000;

function counting(
  assigner: WindowAssigner,
  allowedLatenessMs = 0,
  thresholds: readonly ThresholdLevel<number>[] = [],
): { windows: KeyedWindows<string, number, number>; sink: CollectingSink<string, number> } {
  const sink = new CollectingSink<string, number>();
  const windows = new KeyedWindows(
    { assigner, aggregator: countAggregator<string>(), thresholds, sink },
    { allowedLatenessMs },
  );
  return { windows, sink };
}

describe('window assignment', () => {
  it('aligns starts on multiples of the slide, negative times included', () => {
    expect(lastWindowStart(0, 10)).toBe(0);
    expect(lastWindowStart(9, 10)).toBe(0);
    expect(lastWindowStart(10, 10)).toBe(10);
    expect(lastWindowStart(-1, 10)).toBe(-10);
    expect(lastWindowStart(-10, 10)).toBe(-10);
  });

  it('rejects impossible window definitions', () => {
    expect(thrownCode(() => tumblingWindows(0))).toBe('CONFIG_INVALID');
    expect(() => slidingWindows(10, 20)).toThrow(/must not exceed/);
    expect(() => sessionWindows(1.5)).toThrow(PipelineError);
  });
});

describe('KeyedWindows: tumbling', () => {
  it('an event exactly at a window end belongs to the next window; the window fires when the watermark reaches its end', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE));
    windows.add('acct-1', 0, 'a');
    windows.add('acct-1', MINUTE - 1, 'b');
    windows.add('acct-1', MINUTE, 'c');
    expect(windows.windows).toBe(2);
    windows.advanceWatermark(MINUTE - 1);
    expect(sink.firings).toEqual([]);
    windows.advanceWatermark(MINUTE);
    expect(sink.lines()).toEqual(['on-time acct-1 [0,60000) 2']);
    expect(sink.firings[0]).toMatchObject({ records: 2, watermark: MINUTE, level: undefined });
    windows.advanceWatermark(2 * MINUTE);
    expect(sink.lines()).toEqual(['on-time acct-1 [0,60000) 2', 'on-time acct-1 [60000,120000) 1']);
    expect(windows.stats()).toMatchObject({
      windows: 0,
      keys: 0,
      records: 3,
      onTimeFirings: 2,
      lateRecords: 0,
    });
  });

  it('keeps keys apart; one watermark step fires in end order, windows ending together in opening order', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE));
    windows.add('ip-b', MINUTE + 5, 'x'); // opens ip-b [60000,120000)
    windows.add('ip-b', 5, 'x'); // opens ip-b [0,60000)
    windows.add('ip-a', 10, 'x'); // opens ip-a [0,60000)
    windows.add('ip-c', MINUTE + 1, 'x'); // opens ip-c [60000,120000)
    windows.add('ip-a', 20, 'x');
    expect(windows.stats()).toMatchObject({ windows: 4, keys: 3 });
    windows.advanceWatermark(10 * MINUTE);
    expect(sink.lines()).toEqual([
      'on-time ip-b [0,60000) 1',
      'on-time ip-a [0,60000) 2',
      'on-time ip-b [60000,120000) 1',
      'on-time ip-c [60000,120000) 1',
    ]);
  });

  it('ignores a watermark that goes back', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE));
    windows.add('k', 10, 'x');
    windows.advanceWatermark(30_000);
    windows.advanceWatermark(10_000);
    expect(windows.currentWatermark).toBe(30_000);
    windows.add('k', 20_000, 'x'); // before the watermark but its window is live: counted in it
    windows.advanceWatermark(MINUTE);
    expect(sink.lines()).toEqual(['on-time k [0,60000) 2']);
  });
});

describe('KeyedWindows: sliding', () => {
  it('puts an event in every window that covers it, ends exclusive', () => {
    const { windows, sink } = counting(slidingWindows(10, 5));
    windows.add('k', 4, 'a'); // [-5,5) [0,10)
    windows.add('k', 5, 'b'); // [0,10) [5,15)
    windows.add('k', 10, 'c'); // [5,15) [10,20)
    windows.flush();
    expect(sink.lines()).toEqual([
      'on-time k [-5,5) 1',
      'on-time k [0,10) 2',
      'on-time k [5,15) 2',
      'on-time k [10,20) 1',
    ]);
  });

  it('a record whose earliest window has expired goes to its live windows and is counted as a partial expiry', () => {
    const { windows, sink } = counting(slidingWindows(10, 5));
    windows.add('k', 1, 'a');
    windows.advanceWatermark(10);
    windows.add('k', 7, 'b'); // [0,10) expired, [5,15) live
    expect(sink.lates).toEqual([]);
    expect(windows.stats()).toMatchObject({ expiredAssignments: 1, lateRecords: 0 });
    windows.advanceWatermark(15);
    expect(sink.lines()).toEqual(['on-time k [-5,5) 1', 'on-time k [0,10) 1', 'on-time k [5,15) 1']);
  });
});

describe('KeyedWindows: session', () => {
  it('extends a session while events come within the gap; an event exactly gap after the last starts a new one', () => {
    const { windows, sink } = counting(sessionWindows(10));
    windows.add('k', 0, 'a');
    windows.add('k', 5, 'b'); // [0,15)
    windows.add('k', 15, 'c'); // exactly at the end: new session [15,25)
    windows.add('k', 24, 'd'); // [15,34)
    expect(windows.windows).toBe(2);
    windows.advanceWatermark(15);
    expect(sink.lines()).toEqual(['on-time k [0,15) 2']);
    windows.advanceWatermark(34);
    expect(sink.lines()).toEqual(['on-time k [0,15) 2', 'on-time k [15,34) 2']);
  });

  it('merges two sessions when an out-of-order event falls into the gap, without repeating a level', () => {
    const two: ThresholdLevel<number> = { level: 'two', reached: (n) => n >= 2 };
    const { windows, sink } = counting(sessionWindows(10), 0, [two]);
    windows.add('k', 0, 'a'); // [0,10): 1 record, level not reached
    windows.add('k', 18, 'b');
    windows.add('k', 19, 'c'); // [18,29): level fires
    expect(windows.windows).toBe(2);
    windows.add('k', 9, 'd'); // [9,19) overlaps both: [0,29) with 4 records, the level it had is kept
    expect(windows.windows).toBe(1);
    windows.add('k', 5, 'e');
    windows.flush();
    expect(sink.lines()).toEqual(['threshold k [18,29) two 2', 'on-time k [0,29) 5']);
  });

  it('needs an aggregator with merge', () => {
    const sink = new CollectingSink<string, number>();
    expect(
      () =>
        new KeyedWindows({
          assigner: sessionWindows(10),
          aggregator: { create: () => 0, add: (n: number) => n + 1, result: (n: number) => n },
          sink,
        }),
    ).toThrow(/merge/);
  });

  it('a late record merging into a fired session within lateness gives a late update; beyond it, the late sink', () => {
    const { windows, sink } = counting(sessionWindows(10), 20);
    windows.add('k', 0, 'a'); // [0,10)
    windows.advanceWatermark(12);
    windows.add('k', 0, 'b'); // inside [0,10) without extending it, fired: late update
    windows.add('k', 30, 'c'); // new session [30,40)
    windows.advanceWatermark(30);
    expect(windows.windows).toBe(1); // [0,10) expired at 10 + 20
    windows.add('k', 1, 'late-ok'); // its session [1,11): 11 + 20 > 30, accepted as a late update
    windows.add('k', 0, 'd'); // would merge into [0,11): 11 + 20 > 30: also accepted
    windows.add('k', -1, 'd'); // ... and this one too: [-1, 11)
    windows.advanceWatermark(31);
    windows.add('k', 0, 'd'); // [0,10): 10 + 20 <= 31, no live session to join: late
    windows.add('k', 25, 'e'); // [25,35) merges with [30,40): accepted
    windows.flush();
    expect(sink.lines()).toEqual([
      'on-time k [0,10) 1',
      'late-update k [0,10) 2',
      'late-update k [1,11) 1',
      'late-update k [0,11) 2',
      'late-update k [-1,11) 3',
      'on-time k [25,40) 2',
    ]);
    expect(sink.lates).toEqual([
      { key: 'k', eventTime: 0, value: 'd', watermark: 31, allowedLatenessMs: 20 },
    ]);
  });
});

describe('KeyedWindows: eager thresholds', () => {
  const levels: ThresholdLevel<number>[] = [
    { level: 'warning', reached: (n) => n >= 3 },
    { level: 'critical', reached: (n) => n >= 5 },
  ];

  it('fires each level once per window, as soon as it is reached, below/at/above', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE), 0, levels);
    windows.add('acct', 1, 'x');
    windows.add('acct', 2, 'x');
    expect(sink.firings).toEqual([]); // 2: below warning
    windows.add('acct', 3, 'x');
    expect(sink.lines()).toEqual(['threshold acct [0,60000) warning 3']); // at warning
    windows.add('acct', 4, 'x');
    windows.add('acct', 5, 'x');
    windows.add('acct', 6, 'x');
    windows.add('acct', 7, 'x');
    windows.add('acct', MINUTE + 1, 'x'); // next window starts from zero
    windows.advanceWatermark(MINUTE);
    expect(sink.lines()).toEqual([
      'threshold acct [0,60000) warning 3',
      'threshold acct [0,60000) critical 5',
      'on-time acct [0,60000) 7',
    ]);
    expect(sink.firings[1]).toMatchObject({ kind: 'threshold', level: 'critical', records: 5 });
    expect(windows.stats().thresholdFirings).toBe(2);
  });

  it('fires both levels, in order, when one record crosses both; thresholds may depend on the key', () => {
    const sink = new CollectingSink<number, number>();
    const perKey: ThresholdLevel<number>[] = [
      { level: 'warning', reached: (sum, key) => sum >= (key === 'vip' ? 100 : 10) },
      { level: 'critical', reached: (sum, key) => sum >= (key === 'vip' ? 1000 : 50) },
    ];
    const windows = new KeyedWindows({
      assigner: tumblingWindows(MINUTE),
      aggregator: {
        create: () => 0,
        add: (acc: number, cost: number) => acc + cost,
        merge: (a: number, b: number) => a + b,
        result: (acc: number) => acc,
      },
      thresholds: perKey,
      sink,
    });
    windows.add('small', 1, 60);
    windows.add('vip', 1, 60);
    expect(sink.lines()).toEqual([
      'threshold small [0,60000) warning 60',
      'threshold small [0,60000) critical 60',
    ]);
  });

  it('rejects duplicate level names', () => {
    expect(
      thrownCode(() =>
        counting(tumblingWindows(MINUTE), 0, [levels[0], levels[0]] as ThresholdLevel<number>[]),
      ),
    ).toBe('CONFIG_INVALID');
  });
});

describe('KeyedWindows: lateness', () => {
  it('without allowed lateness, a record for a fired window goes to the late sink and is counted', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE));
    windows.add('k', 10, 'on-time');
    windows.advanceWatermark(MINUTE);
    windows.add('k', MINUTE - 1, 'late'); // its window ended at the watermark
    windows.add('k', MINUTE, 'fine'); // next window, at the watermark: not late
    expect(sink.lates).toEqual([
      { key: 'k', eventTime: MINUTE - 1, value: 'late', watermark: MINUTE, allowedLatenessMs: 0 },
    ]);
    expect(windows.stats()).toMatchObject({ lateRecords: 1, windows: 1, records: 3 });
  });

  it('within allowed lateness a fired window takes the record and fires a late update; after it, state is gone', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE), 30_000);
    windows.add('k', 10, 'a');
    windows.advanceWatermark(MINUTE);
    expect(windows.windows).toBe(1); // fired, kept for lateness
    windows.add('k', 20, 'b');
    windows.add('k', 30, 'c'); // every late record re-fires
    windows.add('k', 40, 'c');
    windows.advanceWatermark(MINUTE + 29_999);
    expect(windows.windows).toBe(1);
    windows.add('k', 50, 'd');
    windows.advanceWatermark(MINUTE + 30_000);
    expect(windows.windows).toBe(0);
    windows.add('k', 60, 'e'); // window expired: late sink
    expect(sink.lines()).toEqual([
      'on-time k [0,60000) 1',
      'late-update k [0,60000) 2',
      'late-update k [0,60000) 3',
      'late-update k [0,60000) 4',
      'late-update k [0,60000) 5',
    ]);
    expect(sink.lates.map((r) => r.value)).toEqual(['e']);
    expect(windows.stats()).toMatchObject({ lateRecords: 1, lateUpdateFirings: 4, onTimeFirings: 1 });
  });

  it('a late record opening a window the watermark already passed fires a late update, and thresholds still apply', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE), 2 * MINUTE, [
      { level: 'one', reached: (n) => n >= 1 },
    ]);
    windows.advanceWatermark(2 * MINUTE);
    windows.add('k', 5, 'x');
    expect(sink.lines()).toEqual(['threshold k [0,60000) one 1', 'late-update k [0,60000) 1']);
    windows.advanceWatermark(3 * MINUTE);
    expect(windows.windows).toBe(0);
    expect(sink.firings).toHaveLength(2); // no on-time firing after its late update
  });

  it('flush fires everything; records after it are late', () => {
    const { windows, sink } = counting(tumblingWindows(MINUTE), MINUTE);
    windows.add('k', 10, 'x');
    windows.flush();
    windows.add('k', 10 * MINUTE, 'y');
    expect(sink.lines()).toEqual(['on-time k [0,60000) 1']);
    expect(sink.lates).toHaveLength(1);
    expect(windows.windows).toBe(0);
  });

  it('rejects unknown options and non-finite event times', () => {
    const sink = new CollectingSink<string, number>();
    const deps = { assigner: tumblingWindows(MINUTE), aggregator: countAggregator<string>(), sink };
    expect(() => new KeyedWindows(deps, { lateness: 5 } as never)).toThrow(/unknown option/);
    const windows = new KeyedWindows(deps);
    expect(
      thrownCode(() => {
        windows.add('k', Number.POSITIVE_INFINITY, 'x');
      }),
    ).toBe('RECORD_INVALID');
  });
});

describe('KeyedWindows: aggregators', () => {
  it('distinct count keeps a set per window', () => {
    const sink = new CollectingSink<string, number>();
    const windows = new KeyedWindows({
      assigner: tumblingWindows(MINUTE),
      aggregator: distinctCountAggregator((ip: string) => ip),
      sink,
    });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.1', '10.0.0.3']) windows.add('acct', 1, ip);
    windows.flush();
    expect(sink.lines()).toEqual(['on-time acct [0,60000) 3']);
  });
});
