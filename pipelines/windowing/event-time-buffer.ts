import { parseOptions } from '../config/options.ts';
import { assertEventTime, decodeInstant, encodeInstant, type EncodedInstant } from './instant.ts';
import { eventTimeBufferOptionsSpec, type EventTimeBufferOptions } from './event-time-buffer-options.ts';
import { MinHeap } from './min-heap.ts';
import { SnapshotReader } from './snapshot-reader.ts';

export interface EventTimeBufferDeps<T> {
  /** The item's event time, ms. */
  readonly timeOf: (item: T) => number;
  /** Orders items with equal event times (e.g. a call id); equal keys keep their arrival order. */
  readonly tieKeyOf: (item: T) => string;
  /** Item to JSON-able value for snapshots (default: the item itself, which must be plain data). */
  readonly toSnapshot?: (item: T) => unknown;
  readonly fromSnapshot?: (saved: unknown) => T;
}

export interface EventTimeBufferSnapshot {
  readonly format: 'event-time-buffer';
  readonly version: 1;
  readonly watermark: EncodedInstant;
  /** Buffered items in release order. */
  readonly items: readonly unknown[];
}

export interface EventTimeBufferStats {
  readonly buffered: number;
  readonly released: number;
  /** Items pushed when already due (time + hold <= watermark): released at the next advance, out of order. */
  readonly lateItems: number;
  readonly watermark: number;
}

interface Entry<T> {
  readonly time: number;
  readonly tieKey: string;
  readonly seq: number;
  readonly item: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>): boolean =>
  a.time !== b.time ? a.time < b.time : a.tieKey !== b.tieKey ? a.tieKey < b.tieKey : a.seq < b.seq;

const FORMAT = 'event-time-buffer';

/**
 * Reorders items into event-time order: holds each one until the watermark reaches its time plus
 * `holdDelayMs`, then releases it, in (time, tie key, arrival) order. `flush()` releases everything at end
 * of input. The order released depends only on the items and watermarks given, so a buffer restored from
 * a snapshot continues exactly as the original would have.
 */
export class EventTimeBuffer<T> {
  readonly options: EventTimeBufferOptions;
  private readonly heap = new MinHeap<Entry<T>>(before);
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private released = 0;
  private lateItems = 0;

  constructor(
    private readonly deps: EventTimeBufferDeps<T>,
    input: Partial<EventTimeBufferOptions> = {},
  ) {
    this.options = parseOptions('eventTimeBuffer', eventTimeBufferOptionsSpec, input);
  }

  /**
   * Buffers an item. Returns false when it is already due (its time + hold delay <= the watermark): it
   * then comes out at the next `advance`, after items released earlier with later times; it is counted.
   */
  push(item: T): boolean {
    const time = this.deps.timeOf(item);
    assertEventTime(time, 'event-time buffer item');
    this.heap.push({ time, tieKey: this.deps.tieKeyOf(item), seq: this.seq++, item });
    if (time + this.options.holdDelayMs > this.watermark) return true;
    this.lateItems++;
    return false;
  }

  /** Moves the watermark forward (never back) and returns the items now due, in event-time order. */
  advance(watermark: number): T[] {
    if (watermark > this.watermark) this.watermark = watermark;
    const horizon = this.watermark - this.options.holdDelayMs;
    const out: T[] = [];
    for (let top = this.heap.peek(); top !== undefined && top.time <= horizon; top = this.heap.peek()) {
      this.heap.pop();
      out.push(top.item);
    }
    this.released += out.length;
    return out;
  }

  /** End of input: releases every buffered item in order. The watermark is left where it was. */
  flush(): T[] {
    const out: T[] = [];
    for (let entry = this.heap.pop(); entry !== undefined; entry = this.heap.pop()) out.push(entry.item);
    this.released += out.length;
    return out;
  }

  get size(): number {
    return this.heap.size;
  }

  get currentWatermark(): number {
    return this.watermark;
  }

  stats(): EventTimeBufferStats {
    return {
      buffered: this.heap.size,
      released: this.released,
      lateItems: this.lateItems,
      watermark: this.watermark,
    };
  }

  snapshot(): EventTimeBufferSnapshot {
    const save = this.deps.toSnapshot ?? ((item: T): unknown => structuredClone(item));
    const entries = this.heap.toArray().sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return {
      format: FORMAT,
      version: 1,
      watermark: encodeInstant(this.watermark),
      items: entries.map((e) => save(e.item)),
    };
  }

  /** Adds a snapshot's items (in their saved order) and raises the watermark to the saved one. */
  restore(snapshot: unknown): void {
    const read = new SnapshotReader(FORMAT);
    const saved = read.header(snapshot, 1);
    const watermark = decodeInstant(read.instant(saved['watermark'], '$.watermark'));
    const load = this.deps.fromSnapshot ?? ((value: unknown): T => value as T);
    const items = read.array(saved['items'], '$.items').map(load);
    if (watermark > this.watermark) this.watermark = watermark;
    for (const item of items) {
      const time = this.deps.timeOf(item);
      assertEventTime(time, 'restored event-time buffer item');
      this.heap.push({ time, tieKey: this.deps.tieKeyOf(item), seq: this.seq++, item });
    }
  }
}
