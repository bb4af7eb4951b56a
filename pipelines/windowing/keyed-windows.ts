import { parseOptions } from '../config/options.ts';
import { PipelineError } from '../core/errors.ts';
import type { Aggregator } from './aggregator.ts';
import { IndexedHeap, type HeapSlot } from './indexed-heap.ts';
import { assertEventTime, encodeInstant } from './instant.ts';
import {
  KEYED_WINDOWS_FORMAT,
  parseKeyedWindowsSnapshot,
  type KeyedWindowsSnapshot,
  type SavedWindow,
} from './keyed-windows-snapshot.ts';
import { keyedWindowsOptionsSpec, type KeyedWindowsOptions } from './keyed-windows-options.ts';
import type { FiringKind, KeyedWindowsStats, ThresholdLevel, WindowSink } from './keyed-windows-types.ts';
import {
  checkedAssigner,
  describeAssigner,
  lastWindowStart,
  sameAssigner,
  type WindowAssigner,
} from './window-assigner.ts';

export interface KeyedWindowsDeps<In, Acc, Out> {
  readonly assigner: WindowAssigner;
  readonly aggregator: Aggregator<In, Acc, Out>;
  /** Eager triggers, at most 30; each fires at most once per window. */
  readonly thresholds?: readonly ThresholdLevel<Acc>[];
  readonly sink: WindowSink<In, Out>;
}

interface WindowState<Acc> extends HeapSlot {
  readonly key: string;
  /** Opening order: windows due at the same time fire in this order (kept in snapshots). */
  readonly seq: number;
  start: number;
  end: number;
  acc: Acc;
  records: number;
  /** Bit i set: thresholds[i] fired. */
  levels: number;
  onTimeFired: boolean;
  /**
   * Its key in the timer heap: when it is next due (end until it fired on time, then end + allowed
   * lateness), or earlier: a window whose due time grew (a session extended) keeps its place until it
   * reaches the top of the heap, and only then moves to its real due time (saves a heap move per record).
   */
  dueAt: number;
}

const MAX_LEVELS = 30;

/**
 * Timer order: due time, then opening order, then key and start (equal opening numbers only meet after
 * a rebalance merged another instance's snapshot). Total, so firings never depend on heap history.
 */
const dueFirst = <Acc>(a: WindowState<Acc>, b: WindowState<Acc>): boolean =>
  a.dueAt !== b.dueAt
    ? a.dueAt < b.dueAt
    : a.seq !== b.seq
      ? a.seq < b.seq
      : a.key !== b.key
        ? a.key < b.key
        : a.start < b.start;

/**
 * Event-time windows per string key (account, source IP, destination prefix), aggregated incrementally.
 *
 * Life of a window [start, end) with allowed lateness L, watermark W (from a WatermarkTracker, pushed in
 * with `advanceWatermark`):
 * - records are added while W < end; each record re-checks the threshold levels (eager `threshold` firings);
 * - when W >= end it fires `on-time`; it is kept until W >= end + L, and a record reaching it meanwhile
 *   updates it and fires a `late-update`; then its state is dropped;
 * - a record no live window can take (all its windows have end + L <= W) goes to `sink.late` and is
 *   counted; it is never dropped silently. (So a record is late only once its windows are gone: a record
 *   at t >= W - L is never late.)
 * Firings caused by one watermark advance come in due-time order, windows due together in the order they
 * were opened: the outputs depend only on the sequence of calls, and a snapshot restored into a fresh
 * operator continues with exactly the outputs the original would have produced.
 * Sessions merge when a record falls into the gap between them: accumulators merge, fired levels are
 * united (a merged session does not repeat a level either part fired), and the merged window fires
 * `on-time` again at its new end (or a `late-update` if the watermark is already past it).
 */
export class KeyedWindows<In, Acc, Out> {
  readonly options: KeyedWindowsOptions;
  readonly assigner: WindowAssigner;
  private readonly aggregator: Aggregator<In, Acc, Out>;
  private readonly thresholds: readonly ThresholdLevel<Acc>[];
  private readonly sink: WindowSink<In, Out>;
  /** Tumbling and sliding windows: size and slide (equal for tumbling); unused for sessions. */
  private readonly sizeMs: number;
  private readonly slideMs: number;
  private readonly byKey = new Map<string, WindowState<Acc>[]>();
  private readonly timers = new IndexedHeap<WindowState<Acc>>(dueFirst);
  private watermark = Number.NEGATIVE_INFINITY;
  private nextSeq = 0;
  private windowCount = 0;
  private records = 0;
  private lateRecords = 0;
  private expiredAssignments = 0;
  private readonly firings: Record<FiringKind, number> = { threshold: 0, 'on-time': 0, 'late-update': 0 };

  constructor(deps: KeyedWindowsDeps<In, Acc, Out>, input: Partial<KeyedWindowsOptions> = {}) {
    this.options = parseOptions('keyedWindows', keyedWindowsOptionsSpec, input);
    this.assigner = checkedAssigner(deps.assigner);
    this.aggregator = deps.aggregator;
    this.thresholds = deps.thresholds ?? [];
    this.sink = deps.sink;
    this.sizeMs = this.assigner.kind === 'session' ? 0 : this.assigner.sizeMs;
    this.slideMs = this.assigner.kind === 'sliding' ? this.assigner.slideMs : this.sizeMs;
    if (this.assigner.kind === 'session' && this.aggregator.merge === undefined) {
      throw new PipelineError('CONFIG_INVALID', 'session windows need an aggregator with merge()');
    }
    const names = this.thresholds.map((t) => t.level);
    if (names.length > MAX_LEVELS || new Set(names).size !== names.length) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `threshold levels must be at most ${MAX_LEVELS} distinct names, got ${names.join(', ')}`,
      );
    }
  }

  /** Adds one record of `key` at `eventTime` (ms). Outputs go to the sink before this returns. */
  add(key: string, eventTime: number, value: In): void {
    assertEventTime(eventTime, 'key', key);
    this.records++;
    if (this.assigner.kind === 'session') this.addToSession(key, eventTime, value, this.assigner.gapMs);
    else this.addToAligned(key, eventTime, value);
  }

  /** Moves the watermark forward (a lower or equal value is ignored) and fires what became due. */
  advanceWatermark(watermark: number): void {
    if (!(watermark > this.watermark)) return;
    this.watermark = watermark;
    this.fireDue();
  }

  /** End of input: fires every window and drops all state; later records are late. */
  flush(): void {
    this.advanceWatermark(Number.POSITIVE_INFINITY);
  }

  get currentWatermark(): number {
    return this.watermark;
  }

  /** Live windows: the memory this operator holds is about this many accumulators. */
  get windows(): number {
    return this.windowCount;
  }

  stats(): KeyedWindowsStats {
    return {
      windows: this.windowCount,
      keys: this.byKey.size,
      watermark: this.watermark,
      records: this.records,
      lateRecords: this.lateRecords,
      expiredAssignments: this.expiredAssignments,
      thresholdFirings: this.firings.threshold,
      onTimeFirings: this.firings['on-time'],
      lateUpdateFirings: this.firings['late-update'],
    };
  }

  /**
   * JSON-able state: the watermark and every live window of the keys `includeKey` accepts (all by
   * default, e.g. only the keys of some partitions on a rebalance). Counters are not part of it.
   */
  snapshot(includeKey: (key: string) => boolean = () => true): KeyedWindowsSnapshot {
    const windows: SavedWindow[] = [];
    const keys = [...this.byKey.keys()].filter(includeKey).sort();
    for (const key of keys) {
      for (const state of this.byKey.get(key) ?? []) {
        windows.push({
          key,
          start: state.start,
          end: state.end,
          records: state.records,
          acc: this.saveAcc(state.acc),
          levels: this.thresholds.filter((_t, i) => (state.levels & (1 << i)) !== 0).map((t) => t.level),
          onTimeFired: state.onTimeFired,
          seq: state.seq,
        });
      }
    }
    return {
      format: KEYED_WINDOWS_FORMAT,
      version: 1,
      assigner: this.assigner,
      allowedLatenessMs: this.options.allowedLatenessMs,
      watermark: encodeInstant(this.watermark),
      nextSeq: this.nextSeq,
      windows,
    };
  }

  /**
   * Loads a snapshot: after a restart into a fresh operator, or on a rebalance into a running one (keys it
   * already holds are refused). The watermark becomes the later of the two; windows that are due at that
   * watermark fire at once. The window definition must be the one saved; allowed lateness and thresholds
   * come from the current configuration (saved levels unknown to it are forgotten).
   */
  restore(snapshot: unknown): void {
    const saved = parseKeyedWindowsSnapshot(snapshot);
    if (!sameAssigner(saved.assigner, this.assigner)) {
      throw new PipelineError(
        'SNAPSHOT_INVALID',
        `keyed-windows snapshot was taken with ${describeAssigner(saved.assigner)}, this operator uses ${describeAssigner(this.assigner)}`,
      );
    }
    const clash = saved.windows.find((w) => this.byKey.has(w.key));
    if (clash !== undefined) {
      throw new PipelineError(
        'SNAPSHOT_INVALID',
        'keyed-windows snapshot holds a key this operator already has',
        {
          details: { key: clash.key },
        },
      );
    }
    const states = saved.windows.map((w) => this.restoredState(w));
    if (saved.nextSeq > this.nextSeq) this.nextSeq = saved.nextSeq;
    for (const state of states) this.insert(this.windowsOf(state.key), state);
    for (const state of states) this.reschedule(state);
    if (saved.watermark > this.watermark) this.watermark = saved.watermark;
    this.fireDue();
  }

  /** Drops the windows of the keys `dropKey` accepts, without firing (partitions revoked). Returns how many. */
  dropKeys(dropKey: (key: string) => boolean): number {
    let dropped = 0;
    for (const [key, states] of this.byKey) {
      if (!dropKey(key)) continue;
      for (const state of states) this.timers.delete(state);
      dropped += states.length;
      this.byKey.delete(key);
    }
    this.windowCount -= dropped;
    return dropped;
  }

  private addToAligned(key: string, time: number, value: In): void {
    const { sizeMs, slideMs } = this;
    const horizon = this.watermark - this.options.allowedLatenessMs;
    let expired = 0;
    let accepted = false;
    for (let start = lastWindowStart(time - sizeMs, slideMs) + slideMs; start <= time; start += slideMs) {
      const end = start + sizeMs;
      if (end <= horizon) {
        expired++;
        continue;
      }
      const states = this.windowsOf(key);
      this.accumulate(this.alignedWindow(states, key, start, end), value);
      accepted = true;
    }
    if (accepted) this.expiredAssignments += expired;
    else this.reportLate(key, time, value);
  }

  private alignedWindow(
    states: WindowState<Acc>[],
    key: string,
    start: number,
    end: number,
  ): WindowState<Acc> {
    for (let i = states.length - 1; i >= 0; i--) {
      const state = states[i] as WindowState<Acc>;
      if (state.start === start) return state;
      if (state.start < start) break;
    }
    const state = this.newState(key, start, end, this.aggregator.create());
    this.insert(states, state);
    return state;
  }

  private addToSession(key: string, time: number, value: In, gapMs: number): void {
    const end = time + gapMs;
    const states = this.byKey.get(key);
    let first = -1;
    let last = -1;
    if (states !== undefined) {
      for (let i = 0; i < states.length; i++) {
        const state = states[i] as WindowState<Acc>;
        if (state.start >= end) break;
        if (time < state.end) {
          if (first < 0) first = i;
          last = i;
        }
      }
    }
    if (states === undefined || first < 0) {
      if (end <= this.watermark - this.options.allowedLatenessMs) {
        this.reportLate(key, time, value);
        return;
      }
      const state = this.newState(key, time, end, this.aggregator.create());
      this.insert(this.windowsOf(key), state);
      this.accumulate(state, value);
      return;
    }
    const survivor = states[first] as WindowState<Acc>;
    for (let i = first + 1; i <= last; i++) {
      const other = states[i] as WindowState<Acc>;
      survivor.acc = this.mergeAcc(survivor.acc, other.acc);
      survivor.records += other.records;
      survivor.levels |= other.levels;
      survivor.end = Math.max(survivor.end, other.end);
      this.timers.delete(other);
    }
    if (last > first) {
      states.splice(first + 1, last - first);
      this.windowCount -= last - first;
    }
    const grew = time < survivor.start || end > survivor.end || last > first;
    survivor.start = Math.min(survivor.start, time);
    survivor.end = Math.max(survivor.end, end);
    // A changed session is a new window: it fires on time at its new end (a late update if already past).
    if (grew && survivor.end > this.watermark) survivor.onTimeFired = false;
    this.accumulate(survivor, value);
  }

  private mergeAcc(into: Acc, other: Acc): Acc {
    const { aggregator } = this;
    if (aggregator.merge === undefined)
      throw new PipelineError('CONFIG_INVALID', 'aggregator has no merge()');
    return aggregator.merge(into, other);
  }

  private accumulate(state: WindowState<Acc>, value: In): void {
    state.acc = this.aggregator.add(state.acc, value);
    state.records++;
    this.checkThresholds(state);
    if (state.end <= this.watermark) {
      state.onTimeFired = true;
      this.emit('late-update', state, undefined);
    }
    this.reschedule(state);
  }

  private checkThresholds(state: WindowState<Acc>): void {
    const thresholds = this.thresholds;
    for (let i = 0; i < thresholds.length; i++) {
      const bit = 1 << i;
      if ((state.levels & bit) !== 0) continue;
      const threshold = thresholds[i] as ThresholdLevel<Acc>;
      if (!threshold.reached(state.acc, state.key)) continue;
      state.levels |= bit;
      this.emit('threshold', state, threshold.level);
    }
  }

  /** Fires and expires, in (due time, key, start) order, every window due at the watermark. */
  private fireDue(): void {
    const watermark = this.watermark;
    for (
      let state = this.timers.peek();
      state !== undefined && state.dueAt <= watermark;
      state = this.timers.peek()
    ) {
      const due = this.dueTime(state);
      if (due > state.dueAt) {
        state.dueAt = due;
        this.timers.update(state);
        continue;
      }
      if (state.onTimeFired) {
        this.remove(state);
        continue;
      }
      state.onTimeFired = true;
      this.emit('on-time', state, undefined);
      if (this.options.allowedLatenessMs === 0) {
        this.remove(state);
        continue;
      }
      state.dueAt = this.dueTime(state); // kept until end + allowed lateness
      this.timers.update(state);
    }
  }

  /** On-time firing at the end, then expiry at end + allowed lateness. */
  private dueTime(state: WindowState<Acc>): number {
    return state.onTimeFired ? state.end + this.options.allowedLatenessMs : state.end;
  }

  /** Keeps the window in the timer heap no later than its due time (see `dueAt`). */
  private reschedule(state: WindowState<Acc>): void {
    const due = this.dueTime(state);
    if (state.heapIndex >= 0 && state.dueAt <= due) return;
    state.dueAt = due;
    this.timers.update(state);
  }

  private emit(kind: FiringKind, state: WindowState<Acc>, level: string | undefined): void {
    this.firings[kind]++;
    this.sink.fire({
      kind,
      key: state.key,
      window: { start: state.start, end: state.end },
      level,
      result: this.aggregator.result(state.acc),
      records: state.records,
      watermark: this.watermark,
    });
  }

  private reportLate(key: string, eventTime: number, value: In): void {
    this.lateRecords++;
    this.sink.late({
      key,
      eventTime,
      value,
      watermark: this.watermark,
      allowedLatenessMs: this.options.allowedLatenessMs,
    });
  }

  private windowsOf(key: string): WindowState<Acc>[] {
    let states = this.byKey.get(key);
    if (states === undefined) {
      states = [];
      this.byKey.set(key, states);
    }
    return states;
  }

  private newState(
    key: string,
    start: number,
    end: number,
    acc: Acc,
    seq = this.nextSeq++,
  ): WindowState<Acc> {
    this.windowCount++;
    return {
      key,
      seq,
      start,
      end,
      acc,
      records: 0,
      levels: 0,
      onTimeFired: false,
      dueAt: Number.NaN,
      heapIndex: -1,
    };
  }

  /** Inserts keeping the key's windows sorted by start (new windows are usually the latest). */
  private insert(states: WindowState<Acc>[], state: WindowState<Acc>): void {
    let index = states.length;
    while (index > 0 && (states[index - 1] as WindowState<Acc>).start > state.start) index--;
    states.splice(index, 0, state);
  }

  private remove(state: WindowState<Acc>): void {
    this.timers.delete(state);
    this.windowCount--;
    const states = this.byKey.get(state.key);
    if (states === undefined) return;
    const index = states.indexOf(state);
    if (index >= 0) states.splice(index, 1);
    if (states.length === 0) this.byKey.delete(state.key);
  }

  private saveAcc(acc: Acc): unknown {
    if (this.aggregator.toSnapshot !== undefined) return this.aggregator.toSnapshot(acc);
    return typeof acc === 'object' && acc !== null ? structuredClone(acc) : acc;
  }

  private restoredState(saved: SavedWindow): WindowState<Acc> {
    const acc =
      this.aggregator.fromSnapshot !== undefined
        ? this.aggregator.fromSnapshot(saved.acc)
        : (saved.acc as Acc);
    const state = this.newState(saved.key, saved.start, saved.end, acc, saved.seq);
    state.records = saved.records;
    state.onTimeFired = saved.onTimeFired;
    this.thresholds.forEach((t, i) => {
      if (saved.levels.includes(t.level)) state.levels |= 1 << i;
    });
    return state;
  }
}
