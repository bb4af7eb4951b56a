import { parseOptions } from '../config/options.ts';
import { assertEventTime, decodeInstant, encodeInstant, type EncodedInstant } from './instant.ts';
import { SnapshotReader } from './snapshot-reader.ts';
import { watermarkTrackerOptionsSpec, type WatermarkTrackerOptions } from './watermark-tracker-options.ts';

export interface PartitionWatermark {
  readonly partition: string;
  /** Max event time delivered, -Infinity before the first record. */
  readonly maxEventTime: number;
  readonly watermark: number;
  readonly idle: boolean;
}

export interface WatermarkTrackerSnapshot {
  readonly format: 'watermark-tracker';
  readonly version: 1;
  readonly watermark: EncodedInstant;
  readonly partitions: readonly { readonly partition: string; readonly maxEventTime: EncodedInstant }[];
}

interface PartitionState {
  maxEventTime: number;
  lastRecordAt: number;
  markedIdle: boolean;
}

const FORMAT = 'watermark-tracker';

/**
 * Event-time watermark over the input partitions an instance owns (ids such as `topic/partition`).
 *
 * The watermark W promises that events with time < W are late: every event still to come is at or after W.
 * - A partition's own watermark is the max event time it has delivered minus `maxOutOfOrdernessMs`
 *   (-Infinity until its first record).
 * - The overall watermark is the minimum over ACTIVE partitions. A partition is idle once it has delivered
 *   nothing for `idleTimeoutMs` of processing time (the injected clock), or after `markIdle`; idle
 *   partitions do not hold the watermark back. A record makes its partition active again.
 * - The watermark never moves backwards: a partition that comes back behind it does not pull it down (its
 *   older records are simply late for the operators downstream) and holds it until it catches up.
 * - With no active partition at all (every one idle, or none assigned) the watermark stays where it is.
 * - A partition added by a rebalance starts active with no data, so it holds the watermark until it
 *   delivers a record or goes idle: it may well carry older events.
 */
export class WatermarkTracker {
  readonly options: WatermarkTrackerOptions;
  private readonly partitions = new Map<string, PartitionState>();
  private watermark = Number.NEGATIVE_INFINITY;
  /** The partition of the last `observe` and its state: records mostly come in runs of one partition. */
  private lastPartition: string | undefined;
  private lastState: PartitionState | undefined;
  /** Idleness by processing time is on: the clock is read at each record. */
  private readonly timedIdleness: boolean;

  /** `now` is the processing-time clock (ms), used only for idleness. */
  constructor(
    input: Partial<WatermarkTrackerOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = parseOptions('watermarkTracker', watermarkTrackerOptionsSpec, input);
    this.timedIdleness = this.options.idleTimeoutMs > 0;
  }

  /** A partition assigned to this instance (rebalance). No-op when already tracked. */
  addPartition(partition: string): void {
    if (this.partitions.has(partition)) return;
    this.partitions.set(partition, {
      maxEventTime: Number.NEGATIVE_INFINITY,
      lastRecordAt: this.now(),
      markedIdle: false,
    });
  }

  /** A partition revoked from this instance (rebalance); it no longer counts. Returns whether it was tracked. */
  removePartition(partition: string): boolean {
    this.lastPartition = undefined;
    this.lastState = undefined;
    return this.partitions.delete(partition);
  }

  /** A record with this event time was read from `partition` (added if unknown); the partition is active. */
  observe(partition: string, eventTime: number): void {
    assertEventTime(eventTime, 'partition', partition);
    const state = partition === this.lastPartition ? this.lastState : this.partitions.get(partition);
    if (state === undefined) {
      this.partitions.set(partition, {
        maxEventTime: eventTime,
        lastRecordAt: this.now(),
        markedIdle: false,
      });
      return;
    }
    this.lastPartition = partition;
    this.lastState = state;
    if (eventTime > state.maxEventTime) state.maxEventTime = eventTime;
    // Without timed idleness lastRecordAt is never read: no clock call per record.
    if (this.timedIdleness) state.lastRecordAt = this.now();
    state.markedIdle = false;
  }

  /** Declares a partition idle now (for instance when the consumer knows it has caught up). */
  markIdle(partition: string): void {
    const state = this.partitions.get(partition);
    if (state !== undefined) state.markedIdle = true;
  }

  /** The overall watermark: monotonic, -Infinity until every active partition has delivered a record. */
  current(): number {
    const now = this.now();
    let lowest = Number.POSITIVE_INFINITY;
    let active = 0;
    for (const state of this.partitions.values()) {
      if (this.isIdle(state, now)) continue;
      active++;
      const partitionWatermark = state.maxEventTime - this.options.maxOutOfOrdernessMs;
      if (partitionWatermark < lowest) lowest = partitionWatermark;
    }
    if (active > 0 && lowest > this.watermark) this.watermark = lowest;
    return this.watermark;
  }

  /** Each tracked partition, sorted by id (for metrics and logs). */
  partitionWatermarks(): PartitionWatermark[] {
    const now = this.now();
    return [...this.partitions.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([partition, state]) => ({
        partition,
        maxEventTime: state.maxEventTime,
        watermark: state.maxEventTime - this.options.maxOutOfOrdernessMs,
        idle: this.isIdle(state, now),
      }));
  }

  /** JSON-able state: the watermark and each partition's max event time (idleness is processing time: not kept). */
  snapshot(): WatermarkTrackerSnapshot {
    return {
      format: FORMAT,
      version: 1,
      watermark: encodeInstant(this.current()),
      partitions: this.partitionWatermarks().map((p) => ({
        partition: p.partition,
        maxEventTime: encodeInstant(p.maxEventTime),
      })),
    };
  }

  /**
   * Restores a snapshot (after a restart): the watermark becomes at least the saved one and each saved
   * partition is tracked, active from now, with at least its saved max event time. Partitions this
   * instance no longer owns can then be removed with `removePartition`.
   */
  restore(snapshot: unknown): void {
    const read = new SnapshotReader(FORMAT);
    const saved = read.header(snapshot, 1);
    const watermark = decodeInstant(read.instant(saved['watermark'], '$.watermark'));
    const partitions = read.array(saved['partitions'], '$.partitions').map((value, index) => {
      const entry = read.object(value, `$.partitions[${index}]`);
      return {
        partition: read.string(entry['partition'], `$.partitions[${index}].partition`),
        maxEventTime: decodeInstant(
          read.instant(entry['maxEventTime'], `$.partitions[${index}].maxEventTime`),
        ),
      };
    });
    for (const { partition, maxEventTime } of partitions) {
      this.addPartition(partition);
      const state = this.partitions.get(partition);
      if (state !== undefined && maxEventTime > state.maxEventTime) state.maxEventTime = maxEventTime;
    }
    if (watermark > this.watermark) this.watermark = watermark;
  }

  private isIdle(state: PartitionState, now: number): boolean {
    if (state.markedIdle) return true;
    const timeout = this.options.idleTimeoutMs;
    return timeout > 0 && now - state.lastRecordAt >= timeout;
  }
}
