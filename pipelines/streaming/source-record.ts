import type { IHeaders } from 'kafkajs';

/** A Kafka record as the pipeline sees it, independent of the client library. */
export interface SourceRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly SourceRecord[];
  /** The partition's high watermark when the batch was fetched (offset of the next record to be written). */
  readonly highWatermark?: string;
}

/** True when the batch ends at the partition's high watermark: the input has nothing more for now. */
export function caughtUp(batch: PartitionBatch): boolean {
  const last = batch.records.at(-1);
  return (
    last !== undefined && batch.highWatermark !== undefined && nextOffset(last.offset) === batch.highWatermark
  );
}

/** An offset to commit: the next record to read from `topic`/`partition`. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * A chain's output that decides what to commit instead of the batch's own last offset: a stateful step
 * commits only up to the input its last durable checkpoint covers, possibly on several topics.
 */
export interface CommitPlan {
  readonly kind: 'commit-plan';
  readonly offsets: readonly OffsetToCommit[];
  /** Read these partitions again from these offsets (the batch is not marked consumed). */
  readonly seekTo?: readonly OffsetToCommit[];
}

export function isCommitPlan(value: unknown): value is CommitPlan {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'commit-plan';
}

/** Offsets are int64 strings: compare and step them as bigint, never as numbers. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
