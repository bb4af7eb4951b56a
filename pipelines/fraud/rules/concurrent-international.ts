import type { DestinationClass } from '../../numbering/destination.ts';
import { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { CallFacts } from '../call-facts.ts';
import type { ConcurrentRule } from '../fraud-rules.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';
import { IntervalList } from './interval-list.ts';

const MAX_CALLS = 1000;

/**
 * Simultaneous calls of an account to the configured classes (international and satellite by default),
 * from the calls' start and end times. A CDR arrives when its call ends: each arriving call is compared
 * with the calls of the account already seen that overlap it, and the peak number of calls in progress
 * together during it (itself included) enters the window of its end (the window keeps the highest peak).
 * Calls are kept `maxCallDuration` past the watermark; a longer call counts only for its last
 * `maxCallDuration`. Zero-length calls are ignored.
 */
export class ConcurrentInternationalRule extends WindowedRule {
  readonly name = 'concurrent-international';
  private readonly classes: ReadonlySet<DestinationClass>;
  private readonly calls: IntervalList;
  private readonly edges: number[] = [];

  constructor(
    private readonly rule: ConcurrentRule,
    private readonly deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['max'], title: 'international calls in progress at the same time' }, deps);
    this.classes = new Set(rule.classes);
    this.calls = new IntervalList(rule.maxCallDurationMs, rule.window.slideMs, MAX_CALLS);
  }

  override get horizonMs(): number {
    return Math.max(this.rule.window.sizeMs, this.rule.maxCallDurationMs);
  }

  onCall(call: CallFacts): void {
    if (!this.classes.has(call.destination.class)) return;
    const end = call.time;
    const start = Math.max(call.startMs, end - this.rule.maxCallDurationMs);
    if (end <= start) return;
    const peak = 1 + this.calls.peakOverlap(call.accountId, start, end, this.edges);
    this.calls.add(call.accountId, call.record.callId, start, end);
    const input = this.input.from(call, call.accountId);
    input.values[0] = peak;
    this.windows.add(
      call.accountKey,
      end,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }

  override advanceWatermark(watermark: number): void {
    super.advanceWatermark(watermark);
    this.calls.sweep(watermark - this.deps.allowedLatenessMs);
  }

  override snapshot(): unknown {
    return { windows: super.snapshot(), calls: this.calls.snapshot() };
  }

  override restore(saved: unknown): void {
    const read = new SnapshotReader(this.name);
    const state = read.object(saved, '$');
    super.restore(state['windows']);
    this.calls.restore(state['calls'], this.name);
  }
}
