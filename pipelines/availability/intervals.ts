/** A half-open span of time `[startMs, endMs)` in epoch milliseconds; empty when endMs <= startMs. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** The part of `interval` inside `bounds`, or undefined when they do not overlap. */
export function clipInterval(interval: Interval, bounds: Interval): Interval | undefined {
  const startMs = Math.max(interval.startMs, bounds.startMs);
  const endMs = Math.min(interval.endMs, bounds.endMs);
  return endMs > startMs ? { startMs, endMs } : undefined;
}

/**
 * The union of intervals as sorted, disjoint intervals: overlapping or touching intervals become one, so
 * every instant is counted once. Empty intervals are dropped.
 */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals
    .filter((i) => i.endMs > i.startMs)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && interval.startMs <= last.endMs) {
      if (interval.endMs > last.endMs)
        merged[merged.length - 1] = { startMs: last.startMs, endMs: interval.endMs };
    } else {
      merged.push(interval);
    }
  }
  return merged;
}

/** `from` minus `remove`; both must be merged (sorted, disjoint). The result is merged too. */
export function subtractIntervals(from: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let r = 0;
  for (const interval of from) {
    let startMs = interval.startMs;
    while (r < remove.length && (remove[r]?.endMs ?? 0) <= startMs) r++;
    for (let k = r; k < remove.length && startMs < interval.endMs; k++) {
      const cut = remove[k];
      if (cut === undefined || cut.startMs >= interval.endMs) break;
      if (cut.startMs > startMs) result.push({ startMs, endMs: cut.startMs });
      startMs = Math.max(startMs, cut.endMs);
    }
    if (startMs < interval.endMs) result.push({ startMs, endMs: interval.endMs });
  }
  return result;
}

/** Total length of disjoint intervals, in milliseconds. */
export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.endMs - i.startMs), 0);
}
