import { describe, expect, it } from 'vitest';
import { thrownCode } from './thrown-code.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { WatermarkTracker } from '../../pipelines/windowing/watermark-tracker.ts';

/** A processing-time clock the test moves by hand. */
function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

const BOUND = 1_000;
const IDLE = 10_000;

function tracker(clock = manualClock()): WatermarkTracker {
  return new WatermarkTracker({ maxOutOfOrdernessMs: BOUND, idleTimeoutMs: IDLE }, clock.now);
}

describe('WatermarkTracker', () => {
  it('is -Infinity before any record and follows the max event time minus the bound, out of order', () => {
    const t = tracker();
    expect(t.current()).toBe(Number.NEGATIVE_INFINITY);
    t.observe('calls/0', 50_000);
    expect(t.current()).toBe(49_000);
    t.observe('calls/0', 40_000); // out of order: the max does not move
    expect(t.current()).toBe(49_000);
    t.observe('calls/0', 60_000);
    expect(t.current()).toBe(59_000);
  });

  it('is the minimum over active partitions', () => {
    const t = tracker();
    t.observe('calls/0', 100_000);
    t.observe('calls/1', 30_000);
    expect(t.current()).toBe(29_000);
    t.observe('calls/1', 120_000);
    expect(t.current()).toBe(99_000);
  });

  it('an assigned partition without data holds the watermark until it goes idle', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.addPartition('calls/1');
    t.observe('calls/0', 100_000);
    expect(t.current()).toBe(Number.NEGATIVE_INFINITY);
    clock.advance(IDLE);
    t.observe('calls/0', 100_500);
    expect(t.current()).toBe(99_500);
  });

  it('an idle partition does not hold the watermark back, exactly from idleTimeoutMs on', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.observe('calls/0', 10_000);
    t.observe('calls/1', 10_000);
    expect(t.current()).toBe(9_000);
    clock.advance(IDLE - 1);
    t.observe('calls/0', 50_000);
    expect(t.current()).toBe(9_000); // calls/1 silent for idle - 1 ms: still active
    clock.advance(1);
    t.observe('calls/0', 60_000);
    expect(t.current()).toBe(59_000); // calls/1 silent for idleTimeoutMs: idle
    expect(t.partitionWatermarks()).toEqual([
      { partition: 'calls/0', maxEventTime: 60_000, watermark: 59_000, idle: false },
      { partition: 'calls/1', maxEventTime: 10_000, watermark: 9_000, idle: true },
    ]);
  });

  it('a partition coming back behind the watermark does not move it backwards, and holds it until it catches up', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.observe('calls/0', 10_000);
    t.observe('calls/1', 10_000);
    clock.advance(IDLE);
    t.observe('calls/0', 60_000);
    expect(t.current()).toBe(59_000);

    t.observe('calls/1', 20_000); // back, far behind
    expect(t.partitionWatermarks().find((p) => p.partition === 'calls/1')?.idle).toBe(false);
    expect(t.current()).toBe(59_000); // monotonic
    t.observe('calls/0', 90_000);
    expect(t.current()).toBe(59_000); // held by calls/1 (19 000) but never below what it was
    t.observe('calls/1', 70_000);
    expect(t.current()).toBe(69_000);
    t.observe('calls/1', 95_000);
    expect(t.current()).toBe(89_000);
  });

  it('never moves backwards on rebalance (partition removed, new partition added)', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.observe('calls/0', 100_000);
    t.observe('calls/1', 200_000);
    expect(t.current()).toBe(99_000);
    expect(t.removePartition('calls/0')).toBe(true);
    expect(t.removePartition('calls/0')).toBe(false);
    expect(t.current()).toBe(199_000);
    t.observe('calls/2', 150_000); // newly assigned, behind
    expect(t.current()).toBe(199_000);
    t.observe('calls/1', 300_000);
    expect(t.current()).toBe(199_000);
    t.observe('calls/2', 250_000);
    expect(t.current()).toBe(249_000);
  });

  it('stays where it is when every partition is idle, and markIdle releases a partition at once', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.observe('calls/0', 100_000);
    t.observe('calls/1', 40_000);
    expect(t.current()).toBe(39_000);
    clock.advance(IDLE);
    expect(t.current()).toBe(39_000);
    t.observe('calls/0', 100_001);
    expect(t.current()).toBe(99_001);

    const u = tracker();
    u.observe('regs/0', 100_000);
    u.observe('regs/1', 40_000);
    u.markIdle('regs/1');
    expect(u.current()).toBe(99_000);
    u.observe('regs/1', 40_001); // active again: holds, but no step back
    u.observe('regs/0', 200_000);
    expect(u.current()).toBe(99_000);
  });

  it('idleTimeoutMs 0 disables idleness', () => {
    const clock = manualClock();
    const t = new WatermarkTracker({ maxOutOfOrdernessMs: 0, idleTimeoutMs: 0 }, clock.now);
    t.observe('a', 10);
    t.observe('b', 5);
    clock.advance(10 * 24 * 3_600_000);
    t.observe('a', 1_000);
    expect(t.current()).toBe(5);
  });

  it('snapshot and restore keep the watermark and the partitions through JSON', () => {
    const clock = manualClock();
    const t = tracker(clock);
    t.observe('calls/0', 100_000);
    t.observe('calls/1', 80_000);
    t.addPartition('calls/2');
    clock.advance(IDLE);
    t.observe('calls/0', 120_000);
    t.observe('calls/1', 90_000);
    expect(t.current()).toBe(89_000);
    const saved: unknown = JSON.parse(JSON.stringify(t.snapshot()));
    expect(saved).toEqual({
      format: 'watermark-tracker',
      version: 1,
      watermark: 89_000,
      partitions: [
        { partition: 'calls/0', maxEventTime: 120_000 },
        { partition: 'calls/1', maxEventTime: 90_000 },
        { partition: 'calls/2', maxEventTime: '-inf' },
      ],
    });

    const restored = tracker(manualClock());
    restored.restore(saved);
    expect(restored.current()).toBe(89_000); // calls/2 holds (active, no data) but no step back
    restored.removePartition('calls/2');
    restored.observe('calls/1', 130_000);
    expect(restored.current()).toBe(119_000);
  });

  it('rejects a snapshot of another format or version, bad options and bad event times', () => {
    const t = tracker();
    const wrongVersion = { format: 'watermark-tracker', version: 2, watermark: 0, partitions: [] };
    expect(
      thrownCode(() => {
        t.restore(wrongVersion);
      }),
    ).toBe('SNAPSHOT_INVALID');
    expect(() => {
      t.restore({ format: 'watermark-tracker', version: 1, watermark: 0, partitions: [{}] });
    }).toThrow(/partitions\[0\]\.partition/);
    expect(() => new WatermarkTracker({ idleTimeout: 5 } as never)).toThrow(PipelineError);
    expect(() => new WatermarkTracker({ maxOutOfOrdernessMs: -1 })).toThrow(/maxOutOfOrdernessMs/);
    expect(
      thrownCode(() => {
        t.observe('calls/0', Number.NaN);
      }),
    ).toBe('RECORD_INVALID');
  });
});
