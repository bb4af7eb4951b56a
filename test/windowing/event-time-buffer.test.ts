import { describe, expect, it } from 'vitest';
import { thrownCode } from './thrown-code.ts';
import { EventTimeBuffer } from '../../pipelines/windowing/event-time-buffer.ts';
import { seededRandom } from './event-stream.ts';

interface Call {
  readonly callId: string;
  readonly start: number;
}

const HOLD = 3_600_000; // the longest call: a call is complete once the watermark is an hour past its start

function buffer(holdDelayMs = HOLD): EventTimeBuffer<Call> {
  return new EventTimeBuffer<Call>({ timeOf: (c) => c.start, tieKeyOf: (c) => c.callId }, { holdDelayMs });
}

const ids = (calls: readonly Call[]): string[] => calls.map((c) => c.callId);

describe('EventTimeBuffer', () => {
  it('releases in event-time order once the watermark reaches time + hold delay, not one ms before', () => {
    const b = buffer();
    b.push({ callId: 'c3', start: 3_000 });
    b.push({ callId: 'c1', start: 1_000 });
    b.push({ callId: 'c2', start: 2_000 });
    expect(b.advance(HOLD + 999)).toEqual([]);
    expect(ids(b.advance(HOLD + 1_000))).toEqual(['c1']);
    expect(ids(b.advance(HOLD + 5_000))).toEqual(['c2', 'c3']);
    expect(b.size).toBe(0);
    expect(b.stats()).toEqual({ buffered: 0, released: 3, lateItems: 0, watermark: HOLD + 5_000 });
  });

  it('orders equal times by the tie key whatever the arrival order, and equal keys by arrival', () => {
    const b = buffer(0);
    b.push({ callId: 'b', start: 10 });
    b.push({ callId: 'a', start: 10 });
    b.push({ callId: 'c', start: 9 });
    const first = { callId: 'd', start: 10 };
    const second = { callId: 'd', start: 10 };
    b.push(first);
    b.push(second);
    const out = b.advance(10);
    expect(ids(out)).toEqual(['c', 'a', 'b', 'd', 'd']);
    expect(out[3]).toBe(first);
    expect(out[4]).toBe(second);
  });

  it('never moves the watermark back; an item pushed when already due is counted and comes out at the next advance', () => {
    const b = buffer(100);
    b.push({ callId: 'x', start: 1_000 });
    expect(ids(b.advance(1_100))).toEqual(['x']);
    expect(b.advance(500)).toEqual([]);
    expect(b.currentWatermark).toBe(1_100);
    expect(b.push({ callId: 'on-time', start: 1_001 })).toBe(true);
    expect(b.push({ callId: 'late', start: 900 })).toBe(false);
    expect(ids(b.advance(0))).toEqual(['late']);
    expect(b.stats().lateItems).toBe(1);
    expect(ids(b.advance(1_101))).toEqual(['on-time']);
  });

  it('flush releases everything left, in order', () => {
    const b = buffer();
    for (const [callId, start] of [
      ['z', 50],
      ['y', 20],
      ['x', 20],
      ['w', 10],
    ] as const) {
      b.push({ callId, start });
    }
    expect(ids(b.advance(HOLD + 10))).toEqual(['w']);
    expect(ids(b.flush())).toEqual(['x', 'y', 'z']);
    expect(b.flush()).toEqual([]);
  });

  it('matches a full sort on a random stream with random watermarks', () => {
    const random = seededRandom(7);
    const b = buffer(1_000);
    const released: Call[] = [];
    const all: Call[] = [];
    let late = 0;
    let now = 0;
    for (let i = 0; i < 5_000; i++) {
      now += Math.floor(random() * 20);
      const call = { callId: `call-${Math.floor(random() * 300)}`, start: now - Math.floor(random() * 900) };
      all.push(call);
      if (!b.push(call)) late++;
      if (random() < 0.05) released.push(...b.advance(now - 900 - 1_000));
    }
    released.push(...b.flush());
    expect(late).toBe(0);
    const sorted = [...all].sort(
      (x, y) => x.start - y.start || (x.callId < y.callId ? -1 : x.callId > y.callId ? 1 : 0),
    );
    expect(released.map((c) => `${c.start}/${c.callId}`)).toEqual(
      sorted.map((c) => `${c.start}/${c.callId}`),
    );
  });

  it('mostly in-order input with stragglers and equal times: the same order as a full sort, also across a snapshot', () => {
    const random = seededRandom(23);
    const calls: Call[] = [];
    let now = 0;
    for (let i = 0; i < 3_000; i++) {
      now += Math.floor(random() * 3);
      // 80 % in order (many at the same instant), 20 % stragglers up to 400 ms old
      const start = random() < 0.8 ? now : now - Math.floor(random() * 400);
      calls.push({ callId: `c${Math.floor(random() * 40)}`, start });
    }
    const run = (cut: number | undefined): string[] => {
      let b = buffer(100);
      const out: Call[] = [];
      calls.forEach((call, i) => {
        if (i === cut) {
          const saved = JSON.parse(JSON.stringify(b.snapshot())) as unknown;
          b = buffer(100);
          b.restore(saved);
        }
        expect(b.push(call)).toBe(true);
        if (i % 11 === 0) out.push(...b.advance(call.start - 500));
      });
      out.push(...b.flush());
      expect(b.size).toBe(0);
      return out.map((c) => `${c.start}/${c.callId}`);
    };
    const sorted = calls
      .map((c, arrival) => ({ c, arrival }))
      .sort(
        (x, y) =>
          x.c.start - y.c.start ||
          (x.c.callId < y.c.callId ? -1 : x.c.callId > y.c.callId ? 1 : x.arrival - y.arrival),
      )
      .map(({ c }) => `${c.start}/${c.callId}`);
    expect(run(undefined)).toEqual(sorted);
    expect(run(1_500)).toEqual(sorted);
  });

  it('snapshot, JSON, restore and continue releases exactly what an uninterrupted buffer releases', () => {
    const random = seededRandom(11);
    const calls = Array.from({ length: 2_000 }, (_, i) => ({
      callId: `call-${i % 50}`,
      start: i * 10 - Math.floor(random() * 500),
    }));
    const watermarkAt = (i: number): number => i * 10 - 600;
    const run = (cut: number | undefined): string[] => {
      let b = buffer(200);
      const out: Call[] = [];
      calls.forEach((call, i) => {
        if (i === cut) {
          const saved = JSON.parse(JSON.stringify(b.snapshot())) as unknown;
          b = buffer(200);
          b.restore(saved);
        }
        b.push(call);
        if (i % 7 === 0) out.push(...b.advance(watermarkAt(i)));
      });
      out.push(...b.flush());
      return ids(out);
    };
    const straight = run(undefined);
    expect(straight).toHaveLength(2_000);
    for (const cut of [1, 333, 1_000, 1_999]) expect(run(cut)).toEqual(straight);
  });

  it('uses the item codec for snapshots and rejects a bad snapshot', () => {
    const b = new EventTimeBuffer<{ id: string; at: Date }>({
      timeOf: (item) => item.at.getTime(),
      tieKeyOf: (item) => item.id,
      toSnapshot: (item) => ({ id: item.id, at: item.at.toISOString() }),
      fromSnapshot: (saved) => {
        const { id, at } = saved as { id: string; at: string };
        return { id, at: new Date(at) };
      },
    });
    b.push({ id: 'r', at: new Date('2025-03-30T01:00:00Z') });
    const saved = JSON.parse(JSON.stringify(b.snapshot())) as unknown;
    expect(saved).toEqual({
      format: 'event-time-buffer',
      version: 1,
      watermark: '-inf',
      items: [{ id: 'r', at: '2025-03-30T01:00:00.000Z' }],
    });
    const restored = new EventTimeBuffer<{ id: string; at: Date }>({
      timeOf: (item) => item.at.getTime(),
      tieKeyOf: (item) => item.id,
      fromSnapshot: (s) => {
        const { id, at } = s as { id: string; at: string };
        return { id, at: new Date(at) };
      },
    });
    restored.restore(saved);
    expect(restored.flush()[0]?.at.toISOString()).toBe('2025-03-30T01:00:00.000Z');
    expect(
      thrownCode(() => {
        restored.restore({ format: 'keyed-windows', version: 1 });
      }),
    ).toBe('SNAPSHOT_INVALID');
    expect(thrownCode(() => buffer().push({ callId: 'bad', start: Number.NaN }))).toBe('RECORD_INVALID');
  });
});
