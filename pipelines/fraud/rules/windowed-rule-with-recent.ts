import { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { MetricWindowsSpec } from '../metric-windows.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';
import { RecentPerAccount } from './recent-per-account.ts';

/**
 * A windowed rule that also remembers, per account, the items (numbers) seen recently in event time: forgotten
 * past the allowed lateness as the watermark moves, kept in the snapshot next to the windows.
 */
export abstract class WindowedRuleWithRecent<K extends string | number> extends WindowedRule {
  protected readonly recent: RecentPerAccount<K>;

  constructor(
    spec: Omit<MetricWindowsSpec, 'allowedLatenessMs'>,
    protected readonly deps: RuleDeps,
    maxItemsPerAccount: number,
  ) {
    super(spec, deps);
    const { window } = spec.scope;
    this.recent = new RecentPerAccount<K>(window.sizeMs, window.slideMs, maxItemsPerAccount);
  }

  /** Reads one remembered item back from a snapshot. */
  protected abstract readItem(read: SnapshotReader, value: unknown, path: string): K;

  override advanceWatermark(watermark: number): void {
    super.advanceWatermark(watermark);
    this.recent.sweep(watermark - this.deps.allowedLatenessMs);
  }

  override snapshot(): unknown {
    return { windows: super.snapshot(), numbers: this.recent.snapshot() };
  }

  override restore(saved: unknown): void {
    const read = new SnapshotReader(this.name);
    const state = read.object(saved, '$');
    super.restore(state['windows']);
    this.recent.restore(state['numbers'], this.name, (value, path) => this.readItem(read, value, path));
  }
}
