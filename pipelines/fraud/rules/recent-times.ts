import { SnapshotReader } from '../../windowing/snapshot-reader.ts';

/**
 * Last event time per key, forgotten once older than a horizon: swept at most once per `sweepEveryMs` of
 * watermark progress, so the cost is spread over many records.
 */
export class RecentTimes {
  private readonly times = new Map<string, number>();
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly keepMs: number,
    private readonly sweepEveryMs: number,
  ) {}

  get(key: string): number | undefined {
    return this.times.get(key);
  }

  /** Records an event of `key` at `time` (keeps the latest). */
  touch(key: string, time: number): void {
    const current = this.times.get(key);
    if (current === undefined || time > current) this.times.set(key, time);
  }

  /** Whether `key` had an event in (time - keepMs, time + keepMs). */
  recent(key: string, time: number): boolean {
    const last = this.times.get(key);
    return last !== undefined && Math.abs(time - last) < this.keepMs;
  }

  /** Forgets keys whose last event is older than `horizon - keepMs`. */
  sweep(horizon: number): void {
    if (horizon < this.nextSweep) return;
    this.nextSweep = horizon + this.sweepEveryMs;
    const oldest = horizon - this.keepMs;
    for (const [key, time] of this.times) if (time < oldest) this.times.delete(key);
  }

  get size(): number {
    return this.times.size;
  }

  snapshot(): [string, number][] {
    return [...this.times.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  restore(saved: unknown, format: string): void {
    const read = new SnapshotReader(format);
    read.array(saved, '$.recent').forEach((entry, i) => {
      const pair = read.array(entry, `$.recent[${i}]`);
      this.touch(read.string(pair[0], `$.recent[${i}][0]`), read.number(pair[1], `$.recent[${i}][1]`));
    });
  }
}
