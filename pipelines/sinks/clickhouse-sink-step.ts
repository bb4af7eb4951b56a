import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse/client-factory.ts';
import type { Decoded, DecodedBatch } from '../streaming/decode-step.ts';
import type { BatchContext, Step } from '../streaming/step.ts';

/**
 * Sink tables carry the provenance of each row in these columns, which is what makes the sink idempotent.
 */
export interface Provenance {
  readonly kafka_topic: string;
  readonly kafka_partition: number;
  readonly kafka_offset: string;
}

export interface ClickHouseSinkSettings<T> {
  readonly client: ClickHouseClient;
  readonly table: string;
  readonly toRow: (decoded: Decoded<T>) => Record<string, unknown>;
  /**
   * Send an `insert_deduplication_token` per batch (ClickHouse 22.2+), so an insert retried after a
   * timeout whose first attempt was in fact written is stored once. Off for servers that predate it.
   */
  readonly deduplicationToken: boolean;
}

export interface SinkResult {
  readonly inserted: number;
  readonly skippedAlreadyStored: number;
}

/**
 * Inserts a batch's good records into one ClickHouse table, and resolves only once ClickHouse
 * acknowledged the insert: the runner commits offsets after that, never before.
 *
 * Exactly once across crashes: when the chain is built for a newly assigned partition, the sink reads
 * the highest offset already stored for it and drops records at or below it, so a batch inserted but
 * not committed before a crash is not stored twice when the next owner replays it.
 */
export function clickHouseSinkStep<T>(
  settings: ClickHouseSinkSettings<T>,
): Step<DecodedBatch<T>, SinkResult> {
  let storedUpTo: bigint | undefined;
  let loaded = false;

  async function highestStoredOffset(context: BatchContext): Promise<bigint | undefined> {
    const result = await settings.client.query({
      query: `SELECT toString(max(kafka_offset)) AS offset, count() AS rows FROM ${settings.table}
              WHERE kafka_topic = '${escape(context.topic)}' AND kafka_partition = ${context.partition}`,
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ offset: string; rows: string | number }>();
    const first = rows[0];
    return first === undefined || Number(first.rows) === 0 ? undefined : BigInt(first.offset);
  }

  return {
    name: `clickhouse:${settings.table}`,
    async run(input, context) {
      try {
        if (!loaded) {
          storedUpTo = await highestStoredOffset(context);
          loaded = true;
        }
        const fresh = input.decoded.filter(
          (d) => storedUpTo === undefined || BigInt(d.record.offset) > storedUpTo,
        );
        if (fresh.length > 0) {
          const clickhouse_settings: ClickHouseSettings = settings.deduplicationToken
            ? {
                insert_deduplication_token: `${context.topic}/${context.partition}/${fresh[0]?.record.offset}-${context.lastOffset}`,
              }
            : {};
          await settings.client.insert({
            table: settings.table,
            values: fresh.map(settings.toRow),
            format: 'JSONEachRow',
            clickhouse_settings,
          });
        }
        const last = BigInt(context.lastOffset);
        if (storedUpTo === undefined || last > storedUpTo) storedUpTo = last;
        return { inserted: fresh.length, skippedAlreadyStored: input.decoded.length - fresh.length };
      } catch (error) {
        throw toClickHouseError(error);
      }
    },
  };
}

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
