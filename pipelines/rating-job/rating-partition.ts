import type { Logger } from '../core/logger.ts';
import type { RatingCheckpoint } from '../clickhouse/rating-checkpoint-store.ts';
import type { CommitPlan, OffsetToCommit } from '../streaming/source-record.ts';
import type { RatingInput } from './rating-input.ts';
import type { RatingOutputs, RatingProcessor } from './rating-processor.ts';

/** Where checkpoints live (ClickHouse `rating_checkpoints` in production). */
export interface RatingCheckpoints {
  latest(partition: number): Promise<RatingCheckpoint | undefined>;
  save(partition: number, checkpoint: RatingCheckpoint): Promise<void>;
}

/** One input record of a batch, decoded, with its offset. */
export interface OffsetInput {
  readonly offset: string;
  readonly input: RatingInput;
}

/** What the step knows about the batch being accepted. */
export interface AcceptedBatch {
  readonly topic: string;
  readonly firstOffset: string;
  readonly lastOffset: string;
  /** The batch ends at the partition's high watermark: the input is idle until more arrives. */
  readonly caughtUp: boolean;
  /** The decoded inputs (records sent to the dead-letter topic are absent). */
  readonly inputs: readonly OffsetInput[];
}

export interface RatingPartitionSettings {
  readonly partition: number;
  /** The co-partitioned input topics (call records, registration events): the processor's inputs. */
  readonly topics: readonly string[];
  readonly newProcessor: () => RatingProcessor;
  readonly checkpoints: RatingCheckpoints;
  /** Stores and publishes outputs; must be idempotent (the same outputs may be written again after a failure). */
  readonly write: (outputs: RatingOutputs) => Promise<void>;
  /** Least processing time between two checkpoints; a batch that catches up with its input always checkpoints. */
  readonly checkpointIntervalMs: number;
  readonly clock: () => number;
  readonly logger: Logger;
}

const emptyOutputs = (): RatingOutputs => ({ ratedCalls: [], breaches: [], rerates: [], late: [] });

/**
 * The rating state of one partition number of the co-partitioned topics, shared by the step chains of both
 * topics on the instance that owns it. Created on assignment from the latest checkpoint (processor state and
 * the offsets it covers), fed batch by batch, checkpointed periodically; the offsets to commit are those of
 * the last checkpoint, so whoever owns the partition next resumes from a state consistent with them.
 *
 * Safe to call again with the same batch after a failure: inputs already taken are skipped by offset and
 * outputs not yet written are kept until they are.
 */
export class RatingPartition {
  private loaded: Promise<void> | undefined;
  private processor: RatingProcessor | undefined;
  /** Next offset to take per topic. */
  private readonly next = new Map<string, bigint>();
  private sequence = 0;
  private pending: RatingOutputs[] = [];
  private lastCheckpointAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly settings: RatingPartitionSettings) {}

  async accept(batch: AcceptedBatch): Promise<CommitPlan> {
    const processor = await this.load();
    const from = this.next.get(batch.topic);
    if (from !== undefined && BigInt(batch.firstOffset) > from) {
      // The group's committed offset ran ahead of the checkpoint (a stale owner committed late): read again.
      this.settings.logger.warn(
        { topic: batch.topic, firstOffset: batch.firstOffset, checkpointOffset: from.toString() },
        'batch starts after the checkpoint: reading the partition again from the checkpoint',
      );
      return { kind: 'commit-plan', offsets: [], seekTo: [this.offsetOf(batch.topic, from)] };
    }
    for (const { offset, input } of batch.inputs) {
      if (from !== undefined && BigInt(offset) < from) continue;
      processor.add(input, batch.topic);
    }
    const after = BigInt(batch.lastOffset) + 1n;
    if (from === undefined || after > from) this.next.set(batch.topic, after);
    this.pending.push(processor.poll());
    if (batch.caughtUp) {
      // After the poll: with every input read to its end, time would otherwise stay where it was before this
      // batch. Once idle, this input no longer holds back the others.
      processor.markIdle(batch.topic);
      this.pending.push(processor.poll());
    }
    await this.writePending();
    if (
      !batch.caughtUp &&
      this.settings.clock() - this.lastCheckpointAt < this.settings.checkpointIntervalMs
    ) {
      return { kind: 'commit-plan', offsets: [] };
    }
    await this.checkpoint(processor);
    return {
      kind: 'commit-plan',
      offsets: [...this.next].map(([topic, offset]) => this.offsetOf(topic, offset)),
    };
  }

  get processorStats(): RatingProcessor['stats'] | undefined {
    return this.processor?.stats;
  }

  private offsetOf(topic: string, offset: bigint): OffsetToCommit {
    return { topic, partition: this.settings.partition, offset: offset.toString() };
  }

  private async load(): Promise<RatingProcessor> {
    this.loaded ??= this.restore().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    await this.loaded;
    return this.processor as RatingProcessor;
  }

  private async restore(): Promise<void> {
    const { partition, topics, logger } = this.settings;
    const checkpoint = await this.settings.checkpoints.latest(partition);
    const processor = this.settings.newProcessor();
    for (const topic of topics) processor.addInput(topic);
    if (checkpoint !== undefined) {
      processor.restore(checkpoint.snapshot);
      this.sequence = checkpoint.sequence;
      for (const [topic, offset] of Object.entries(checkpoint.offsets)) this.next.set(topic, BigInt(offset));
    }
    this.processor = processor;
    logger.info(
      {
        partition,
        checkpoint: checkpoint?.sequence ?? null,
        offsets: checkpoint?.offsets ?? null,
        held: processor.buffered,
        accounts: processor.accountsHeld,
      },
      checkpoint === undefined
        ? 'rating partition starts empty'
        : 'rating partition restored from checkpoint',
    );
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const merged = emptyOutputs();
    for (const outputs of this.pending) {
      merged.ratedCalls.push(...outputs.ratedCalls);
      merged.breaches.push(...outputs.breaches);
      merged.rerates.push(...outputs.rerates);
      merged.late.push(...outputs.late);
    }
    if (merged.ratedCalls.length + merged.breaches.length + merged.rerates.length + merged.late.length > 0) {
      await this.settings.write(merged);
    }
    this.pending = [];
  }

  private async checkpoint(processor: RatingProcessor): Promise<void> {
    const sequence = this.sequence + 1;
    await this.settings.checkpoints.save(this.settings.partition, {
      sequence,
      offsets: Object.fromEntries([...this.next].map(([topic, offset]) => [topic, offset.toString()])),
      snapshot: processor.snapshot(),
    });
    this.sequence = sequence;
    this.lastCheckpointAt = this.settings.clock();
  }
}
