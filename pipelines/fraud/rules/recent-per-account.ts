import { SnapshotReader } from '../../windowing/snapshot-reader.ts';

/**
 * Per account, the last event time of each item (a number called, an interval): items older than
 * `keepMs` before the horizon are forgotten, at most once per `sweepEveryMs` of watermark progress; an
 * account keeps at most `maxPerAccount` items (the least recently touched go first).
 */
export class RecentPerAccount<K extends string | number> {
  private readonly accounts = new Map<string, Map<K, number>>();
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly keepMs: number,
    private readonly sweepEveryMs: number,
    private readonly maxPerAccount: number,
  ) {}

  items(accountId: string): ReadonlyMap<K, number> | undefined {
    return this.accounts.get(accountId);
  }

  /** Records `item` at `time` (keeps the latest time) as the most recently touched. */
  touch(accountId: string, item: K, time: number): void {
    let items = this.accounts.get(accountId);
    if (items === undefined) {
      items = new Map();
      this.accounts.set(accountId, items);
    }
    const current = items.get(item);
    if (current !== undefined) items.delete(item);
    items.set(item, current === undefined ? time : Math.max(current, time));
    if (items.size > this.maxPerAccount) {
      const oldest = items.keys().next();
      if (oldest.done !== true) items.delete(oldest.value);
    }
  }

  sweep(horizon: number): void {
    if (horizon < this.nextSweep) return;
    this.nextSweep = horizon + this.sweepEveryMs;
    const oldest = horizon - this.keepMs;
    for (const [account, items] of this.accounts) {
      for (const [item, time] of items) if (time < oldest) items.delete(item);
      if (items.size === 0) this.accounts.delete(account);
    }
  }

  get size(): number {
    return this.accounts.size;
  }

  snapshot(): unknown {
    return [...this.accounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([account, items]) => [account, [...items.entries()]]);
  }

  restore(saved: unknown, format: string, readItem: (value: unknown, path: string) => K): void {
    const read = new SnapshotReader(format);
    read.array(saved, '$.accounts').forEach((value, i) => {
      const entry = read.array(value, `$.accounts[${i}]`);
      const account = read.string(entry[0], `$.accounts[${i}][0]`);
      read.array(entry[1], `$.accounts[${i}][1]`).forEach((pair, j) => {
        const path = `$.accounts[${i}][1][${j}]`;
        const [item, time] = read.array(pair, path);
        this.touch(account, readItem(item, `${path}[0]`), read.number(time, `${path}[1]`));
      });
    });
  }
}
