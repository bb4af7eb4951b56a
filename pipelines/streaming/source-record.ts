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
}

/** Offsets are int64 strings: compare and step them as bigint, never as numbers. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
