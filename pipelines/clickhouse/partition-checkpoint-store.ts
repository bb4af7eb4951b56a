import type { ClickHouseClient } from '@clickhouse/client';
import { PipelineError } from '../core/errors.ts';
import { toClickHouseError } from './errors.ts';
import { clickHouseDateTime64 } from '../ingest/call-record.ts';

export const PARTITION_CHECKPOINTS_TABLE = 'partition_checkpoints';

/** A saved state of one partition number of a stateful job and the input offsets it covers. */
export interface PartitionCheckpoint {
  readonly sequence: number;
  /** Topic → next offset to read. */
  readonly offsets: Readonly<Record<string, string>>;
  readonly snapshot: unknown;
}

interface CheckpointRow {
  readonly sequence: string | number;
  readonly offsets: string;
  readonly snapshot: string;
}

/** Reads and writes checkpoints (migration 0010) for one consumer group. */
export class PartitionCheckpointStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly consumerGroup: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The latest checkpoint of the partition, undefined when there is none. */
  async latest(partition: number): Promise<PartitionCheckpoint | undefined> {
    let rows: CheckpointRow[];
    try {
      const result = await this.client.query({
        query:
          `SELECT sequence, offsets, snapshot FROM ${PARTITION_CHECKPOINTS_TABLE} ` +
          'WHERE consumer_group = {group:String} AND partition = {partition:UInt32} ' +
          'ORDER BY sequence DESC LIMIT 1',
        query_params: { group: this.consumerGroup, partition },
        format: 'JSONEachRow',
      });
      rows = await result.json<CheckpointRow>();
    } catch (error) {
      throw toClickHouseError(error);
    }
    const row = rows[0];
    if (row === undefined) return undefined;
    try {
      return {
        sequence: Number(row.sequence),
        offsets: JSON.parse(row.offsets) as Record<string, string>,
        snapshot: JSON.parse(row.snapshot) as unknown,
      };
    } catch (error) {
      throw new PipelineError(
        'SNAPSHOT_INVALID',
        `checkpoint ${String(row.sequence)} of partition ${String(partition)} is not valid JSON`,
        { cause: error },
      );
    }
  }

  /** Stores a checkpoint; resolves once ClickHouse acknowledged it. */
  async save(partition: number, checkpoint: PartitionCheckpoint): Promise<void> {
    try {
      await this.client.insert({
        table: PARTITION_CHECKPOINTS_TABLE,
        format: 'JSONEachRow',
        values: [
          {
            consumer_group: this.consumerGroup,
            partition,
            sequence: checkpoint.sequence,
            offsets: JSON.stringify(checkpoint.offsets),
            snapshot: JSON.stringify(checkpoint.snapshot),
            saved_at: clickHouseDateTime64(this.now()),
          },
        ],
      });
    } catch (error) {
      throw toClickHouseError(error);
    }
  }
}
