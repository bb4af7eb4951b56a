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

/**
 * A buffered item. The tie key is computed only when two items have the same time (rare), then kept:
 * building it (often a string concatenation) for every item would cost more than the ordering itself.
 */
class Entry<T> {
  tieKey: string | undefined = undefined;

  constructor(
    readonly time: number,
    readonly seq: number,
    readonly item: T,
  ) {}
}

/** The release order: (time, tie key, arrival). Total, since arrival numbers are unique. */
function entryOrder<T>(tieKeyOf: (item: T) => string): (a: Entry<T>, b: Entry<T>) => boolean {
  return (a, b) => {
    if (a.time !== b.time) return a.time < b.time;
    const keyA = (a.tieKey ??= tieKeyOf(a.item));
    const keyB = (b.tieKey ??= tieKeyOf(b.item));
    return keyA !== keyB ? keyA < keyB : a.seq < b.seq;
  };
}

const FORMAT = 'event-time-buffer';

/**
 * Reorders items into event-time order: holds each one until the watermark reaches its time plus
 * `holdDelayMs`, then releases it, in (time, tie key, arrival) order. `flush()` releases everything at end
 * of input. The order released depends only on the items and watermarks given, so a buffer restored from
 * a snapshot continues exactly as the original would have.
 *
 * Storage: most items arrive in order (or nearly), so an item that comes after the last one held in order
 * is appended to a queue (O(1)); only the others go to a min-heap. Releasing takes the smaller of the
 * queue's head and the heap's top, which gives the same order as one heap of everything.
 */
export class EventTimeBuffer<T> {
  readonly options: EventTimeBufferOptions;
  private readonly before: (a: Entry<T>, b: Entry<T>) => boolean;
  /** Items that arrived out of order. */
  private readonly heap: MinHeap<Entry<T>>;
  /** Items in release order from `inOrderHead` on; slots before it are released (cleared). */
  private inOrder: (Entry<T> | undefined)[] = [];
  private inOrderHead = 0;
  private readonly holdDelayMs: number;
  private watermark = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private released = 0;
  private lateItems = 0;

  constructor(
    private readonly deps: EventTimeBufferDeps<T>,
    input: Partial<EventTimeBufferOptions> = {},
  ) {
    this.options = parseOptions('eventTimeBuffer', eventTimeBufferOptionsSpec, input);
    this.holdDelayMs = this.options.holdDelayMs;
    this.before = entryOrder(deps.tieKeyOf);
    this.heap = new MinHeap<Entry<T>>(this.before);
  }

  /**
   * Buffers an item. Returns false when it is already due (its time + hold delay <= the watermark): it
   * then comes out at the next `advance`, after items released earlier with later times; it is counted.
   */
  push(item: T): boolean {
    const time = this.deps.timeOf(item);
    assertEventTime(time, 'event-time buffer item');
    this.hold(new Entry(time, this.seq++, item));
    if (time + this.holdDelayMs > this.watermark) return true;
    this.lateItems++;
    return false;
  }

  /** Moves the watermark forward (never back) and returns the items now due, in event-time order. */
  advance(watermark: number): T[] {
    if (watermark > this.watermark) this.watermark = watermark;
    return this.releaseUpTo(this.watermark - this.holdDelayMs);
  }

  /** End of input: releases every buffered item in order. The watermark is left where it was. */
  flush(): T[] {
    return this.releaseUpTo(Number.POSITIVE_INFINITY);
  }

  get size(): number {
    return this.inOrder.length - this.inOrderHead + this.heap.size;
  }

  get currentWatermark(): number {
    return this.watermark;
  }

  stats(): EventTimeBufferStats {
    return {
      buffered: this.size,
      released: this.released,
      lateItems: this.lateItems,
      watermark: this.watermark,
    };
  }

  snapshot(): EventTimeBufferSnapshot {
    const save = this.deps.toSnapshot ?? ((item: T): unknown => structuredClone(item));
    const before = this.before;
    const entries = [...this.heldInOrder(), ...this.heap.toArray()].sort((a, b) =>
      before(a, b) ? -1 : before(b, a) ? 1 : 0,
    );
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
      this.hold(new Entry(time, this.seq++, item));
    }
  }

  private hold(entry: Entry<T>): void {
    const inOrder = this.inOrder;
    const last = inOrder.length > this.inOrderHead ? inOrder[inOrder.length - 1] : undefined;
    if (last === undefined || this.before(last, entry)) inOrder.push(entry);
    else this.heap.push(entry);
  }

  /** Removes and returns, in order, the held items whose time is at or before `horizon`. */
  private releaseUpTo(horizon: number): T[] {
    const out: T[] = [];
    const inOrder = this.inOrder;
    const heap = this.heap;
    let head = this.inOrderHead;
    for (;;) {
      const queued = head < inOrder.length ? inOrder[head] : undefined;
      const top = heap.peek();
      let next: Entry<T>;
      if (queued === undefined) {
        if (top === undefined) break;
        next = top;
      } else if (top === undefined || this.before(queued, top)) {
        next = queued;
      } else {
        next = top;
      }
      if (next.time > horizon) break;
      if (next === queued) inOrder[head++] = undefined;
      else heap.pop();
      out.push(next.item);
    }
    if (head === inOrder.length) {
      inOrder.length = 0;
      head = 0;
    } else if (head > 1024 && head * 2 > inOrder.length) {
      inOrder.splice(0, head);
      head = 0;
    }
    this.inOrderHead = head;
    this.released += out.length;
    return out;
  }

  private heldInOrder(): Entry<T>[] {
    return this.inOrder.slice(this.inOrderHead) as Entry<T>[];
  }
}
