import { describe, expect, it } from 'vitest';
import {
  clipInterval,
  mergeIntervals,
  subtractIntervals,
  totalMs,
  type Interval,
} from '../../pipelines/availability/intervals.ts';

const iv = (startMs: number, endMs: number): Interval => ({ startMs, endMs });

describe('intervals', () => {
  it('merges overlapping, nested and touching intervals in any order, dropping empty ones', () => {
    expect(mergeIntervals([iv(50, 60), iv(0, 10), iv(5, 20), iv(7, 8), iv(20, 30), iv(40, 40)])).toEqual([
      iv(0, 30),
      iv(50, 60),
    ]);
    expect(mergeIntervals([])).toEqual([]);
  });

  it('subtracts one merged set from another', () => {
    const from = [iv(0, 100), iv(200, 300)];
    expect(subtractIntervals(from, [iv(10, 20), iv(30, 40), iv(90, 210), iv(250, 400)])).toEqual([
      iv(0, 10),
      iv(20, 30),
      iv(40, 90),
      iv(210, 250),
    ]);
    expect(subtractIntervals(from, [])).toEqual(from);
    expect(subtractIntervals(from, [iv(-5, 500)])).toEqual([]);
    expect(subtractIntervals([iv(0, 10)], [iv(20, 30)])).toEqual([iv(0, 10)]);
  });

  it('clips and sums', () => {
    expect(clipInterval(iv(0, 100), iv(50, 200))).toEqual(iv(50, 100));
    expect(clipInterval(iv(0, 50), iv(50, 200))).toBeUndefined();
    expect(totalMs([iv(0, 10), iv(20, 25)])).toBe(15);
  });
});
