import { SnapshotReader } from '../../windowing/snapshot-reader.ts';

/**
 * Per account, calls as [start, end) intervals kept sorted by end, so that the calls overlapping a new one
 * are found by a binary search (the first end after its start) and a scan of what follows, and old calls
 * leave from the front. At most `maxPerAccount` per account (the earliest-ending leave first).
 */
export class IntervalList {
  private readonly accounts = new Map<string, { starts: number[]; ends: number[]; ids: string[] }>();
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly keepMs: number,
    private readonly sweepEveryMs: number,
    private readonly maxPerAccount: number,
  ) {}

  /** Adds a call (a call id seen again is ignored). */
  add(accountId: string, id: string, start: number, end: number): void {
    let list = this.accounts.get(accountId);
    if (list === undefined) {
      list = { starts: [], ends: [], ids: [] };
      this.accounts.set(accountId, list);
    }
    const { starts, ends, ids } = list;
    let index = firstEndAfter(ends, end - 1);
    for (let i = firstEndAfter(ends, start); i < ends.length && (ends[i] ?? 0) <= end; i++) {
      if (ids[i] === id) return;
    }
    while (index < ends.length && (ends[index] ?? 0) === end && (ids[index] ?? '') < id) index++;
    starts.splice(index, 0, start);
    ends.splice(index, 0, end);
    ids.splice(index, 0, id);
    if (ends.length > this.maxPerAccount) {
      starts.shift();
      ends.shift();
      ids.shift();
    }
  }

  /**
   * The most calls in progress together at some instant of [start, end), among the account's calls;
   * `edges` is scratch space.
   */
  peakOverlap(accountId: string, start: number, end: number, edges: number[]): number {
    const list = this.accounts.get(accountId);
    if (list === undefined) return 0;
    const { starts, ends } = list;
    edges.length = 0;
    // Edges encoded as time * 2 (+1 for a start): sorting puts an end before a start at the same instant.
    for (let i = firstEndAfter(ends, start); i < ends.length; i++) {
      const otherStart = starts[i] ?? 0;
      if (otherStart >= end) continue;
      edges.push(Math.max(otherStart, start) * 2 + 1, Math.min(ends[i] ?? 0, end) * 2);
    }
    if (edges.length === 0) return 0;
    edges.sort((a, b) => a - b);
    let current = 0;
    let peak = 0;
    for (const edge of edges) {
      current += edge % 2 === 1 ? 1 : -1;
      if (current > peak) peak = current;
    }
    return peak;
  }

  /** Forgets calls that ended before `horizon - keepMs` (at most once per `sweepEveryMs` of progress). */
  sweep(horizon: number): void {
    if (horizon < this.nextSweep) return;
    this.nextSweep = horizon + this.sweepEveryMs;
    const oldest = horizon - this.keepMs;
    for (const [account, { starts, ends, ids }] of this.accounts) {
      const count = firstEndAfter(ends, oldest - 1);
      if (count === ends.length) {
        this.accounts.delete(account);
        continue;
      }
      starts.splice(0, count);
      ends.splice(0, count);
      ids.splice(0, count);
    }
  }

  get size(): number {
    return this.accounts.size;
  }

  snapshot(): unknown {
    return [...this.accounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([account, list]) => [account, list.ids.map((id, i) => [id, list.starts[i], list.ends[i]])]);
  }

  restore(saved: unknown, format: string): void {
    const read = new SnapshotReader(format);
    read.array(saved, '$.calls').forEach((value, i) => {
      const entry = read.array(value, `$.calls[${i}]`);
      const account = read.string(entry[0], `$.calls[${i}][0]`);
      read.array(entry[1], `$.calls[${i}][1]`).forEach((item, j) => {
        const path = `$.calls[${i}][1][${j}]`;
        const [id, start, end] = read.array(item, path);
        this.add(
          account,
          read.string(id, `${path}[0]`),
          read.number(start, `${path}[1]`),
          read.number(end, `${path}[2]`),
        );
      });
    });
  }
}

/** The index of the first element of the sorted `ends` greater than `time` (ends.length when none). */
function firstEndAfter(ends: readonly number[], time: number): number {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ends[middle] ?? 0) > time) high = middle;
    else low = middle + 1;
  }
  return low;
}
