import type { Logger } from '../core/logger.ts';
import type { PartitionCheckpoint } from '../clickhouse/partition-checkpoint-store.ts';
import type { PartitionProcessor } from './partition-processor.ts';
import type { CommitPlan, OffsetToCommit } from './source-record.ts';

/** Where checkpoints live (ClickHouse `partition_checkpoints` in production). */
export interface PartitionCheckpoints {
  latest(partition: number): Promise<PartitionCheckpoint | undefined>;
  save(partition: number, checkpoint: PartitionCheckpoint): Promise<void>;
}

/** One input record of a batch, decoded, with its offset. */
export interface OffsetInput<In> {
  readonly offset: string;
  readonly input: In;
}

/** What the step knows about the batch being accepted. */
export interface AcceptedBatch<In> {
  readonly topic: string;
  readonly firstOffset: string;
  readonly lastOffset: string;
  /** The batch ends at the partition's high watermark: the input is idle until more arrives. */
  readonly caughtUp: boolean;
  /** The decoded inputs (records sent to the dead-letter topic are absent). */
  readonly inputs: readonly OffsetInput<In>[];
}

export interface CheckpointedPartitionSettings<In, Out> {
  readonly partition: number;
  /** The co-partitioned input topics (e.g. call records, registration events): the processor's inputs. */
  readonly topics: readonly string[];
  readonly newProcessor: () => PartitionProcessor<In, Out>;
  readonly checkpoints: PartitionCheckpoints;
  /**
   * Stores and publishes the outputs of the polls not written yet (in poll order); must be idempotent: the
   * same outputs are written again when a later step of the batch failed.
   */
  readonly write: (outputs: readonly Out[]) => Promise<void>;
  /**
   * True: outputs are written after every batch (as soon as possible: fraud commands). False: they are kept
   * until the next checkpoint and written just before it (fewer, bigger writes: rated calls). Either way they
   * are written before the checkpoint that covers their inputs, and nothing is committed before that.
   */
  readonly writeEveryBatch: boolean;
  /**
   * Least processing time between two checkpoints. On a stream gone quiet, the inputs since the last one are
   * checkpointed (and committed) with the next batch; a restart meanwhile reads them again, with the same results.
   */
  readonly checkpointIntervalMs: number;
  readonly clock: () => number;
  readonly logger: Logger;
}

/**
 * The processor state of one partition number of co-partitioned topics, shared by the step chains of every
 * topic on the instance that owns it. Created on assignment from the latest checkpoint (processor state and
 * the offsets it covers), fed batch by batch, checkpointed periodically; the offsets to commit are those of
 * the last checkpoint, so whoever owns the partition next resumes from a state consistent with them.
 *
 * Safe to call again with the same batch after a failure: inputs already taken are skipped by offset and
 * outputs not yet written are kept until they are.
 */
export class CheckpointedPartition<In, Out> {
  private loaded: Promise<void> | undefined;
  private current: PartitionProcessor<In, Out> | undefined;
  /** Next offset to take per topic. */
  private readonly next = new Map<string, bigint>();
  private sequence = 0;
  private pending: Out[] = [];
  private lastCheckpointAt = Number.NEGATIVE_INFINITY;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: CheckpointedPartitionSettings<In, Out>) {}

  /**
   * Takes a batch of one of the topics. Batches of the partition's topics may arrive at the same time
   * (partitions consumed concurrently): they are taken one after the other.
   */
  accept(batch: AcceptedBatch<In>): Promise<CommitPlan> {
    const accepted = this.queue.then(() => this.acceptNow(batch));
    this.queue = accepted.catch(() => undefined);
    return accepted;
  }

  private async acceptNow(batch: AcceptedBatch<In>): Promise<CommitPlan> {
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
    // Checkpoints follow the interval only: under live traffic nearly every batch reaches the end of its
    // partition, and a checkpoint serialises the whole state. Outputs are written when a checkpoint is due,
    // and also when the input is caught up, so that a quiet stream does not keep them waiting.
    const checkpointDue = this.settings.clock() - this.lastCheckpointAt >= this.settings.checkpointIntervalMs;
    if (this.settings.writeEveryBatch || checkpointDue || batch.caughtUp) await this.writePending();
    if (!checkpointDue) return { kind: 'commit-plan', offsets: [] };
    await this.checkpoint(processor);
    return {
      kind: 'commit-plan',
      offsets: [...this.next].map(([topic, offset]) => this.offsetOf(topic, offset)),
    };
  }

  /** The processor, once restored (for metrics and tests). */
  get processor(): PartitionProcessor<In, Out> | undefined {
    return this.current;
  }

  private offsetOf(topic: string, offset: bigint): OffsetToCommit {
    return { topic, partition: this.settings.partition, offset: offset.toString() };
  }

  private async load(): Promise<PartitionProcessor<In, Out>> {
    this.loaded ??= this.restore().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    await this.loaded;
    return this.current as PartitionProcessor<In, Out>;
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
    this.current = processor;
    // Partitions of one instance start together: spread their checkpoints over the interval (golden-ratio
    // fractions), so that they do not all serialise their state and stall at the same moment.
    const spread = (this.settings.partition * 0.618_033_988_75) % 1;
    this.lastCheckpointAt = this.settings.clock() - spread * this.settings.checkpointIntervalMs;
    logger.info(
      { partition, checkpoint: checkpoint?.sequence ?? null, offsets: checkpoint?.offsets ?? null },
      checkpoint === undefined ? 'partition state starts empty' : 'partition state restored from checkpoint',
    );
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    await this.settings.write(this.pending);
    this.pending = [];
  }

  private async checkpoint(processor: PartitionProcessor<In, Out>): Promise<void> {
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
