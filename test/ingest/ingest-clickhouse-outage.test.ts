import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClickHouseServer } from '../../infra/local/clickhouse-server.ts';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { takeCallRecords } from '../../pipelines/demo/call-record-generator.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { startIngestJob } from '../../pipelines/ingest/ingest-job.ts';
import type { Decoded } from '../../pipelines/streaming/decode-step.ts';
import { committedTotal, openIngestFixture, waitFor, type IngestFixture } from '../support/ingest-fixture.ts';

/**
 * ClickHouse goes away under a running consumer and comes back. This needs a server in its own process
 * that can be stopped and restarted: Debian's clickhouse-server 18.16, whose old SQL gets its own table
 * (no DateTime64, no LowCardinality, no insert_deduplication_token).
 */
const LEGACY_TABLE = `
  CREATE TABLE IF NOT EXISTS cdr_ingest_legacy (
    call_id String, account_id String, start_time DateTime, billable_s UInt32,
    kafka_topic String, kafka_partition UInt16, kafka_offset UInt64
  ) ENGINE = MergeTree ORDER BY (kafka_topic, kafka_partition, kafka_offset)`;

function legacyRow({ record, value }: Decoded<CallRecord>): Record<string, unknown> {
  return {
    call_id: value.callId,
    account_id: value.accountId,
    start_time: value.startTime.toISOString().slice(0, 19).replace('T', ' '),
    billable_s: value.billableSeconds,
    kafka_topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: Number(record.offset),
  };
}

let server: ClickHouseServer;
let clickhouse: ClickHouseClient;
let fixture: IngestFixture;

beforeAll(async () => {
  server = await ClickHouseServer.start();
  clickhouse = await createClickHouseClient(
    { url: server.url, legacyServer: true, database: 'cdr_legacy', requestTimeoutMs: 2000 },
    silentLogger(),
  );
  await clickhouse.command({ query: LEGACY_TABLE });
  fixture = await openIngestFixture(clickhouse);
});

afterAll(async () => {
  await fixture.close();
  await clickhouse.close();
  await server.destroy();
});

describe('ingest while ClickHouse is unavailable', () => {
  it('stops fetching, retries with backoff, commits nothing, then resumes without loss or duplicates', async () => {
    const { ingest, publisher } = await fixture.topics(4);
    const settings = { ...ingest, table: 'cdr_ingest_legacy' };
    const calls = takeCallRecords({ seed: 7, accounts: 40, start: new Date('2026-10-01T08:00:00Z') }, 1000);
    const group = fixture.group('outage');
    await publisher.publish(calls.slice(0, 500));

    const job = await startIngestJob({
      ingest: settings,
      consumer: group,
      kafka: fixture.kafka,
      codec: fixture.codec,
      clickhouse,
      deduplicationToken: false,
      toRow: legacyRow,
      logger: fixture.logger,
    });
    try {
      await waitFor('the first half committed', () => job.consumer.stats.recordsCommitted >= 500);

      await server.stop();
      await publisher.publish(calls.slice(500));
      await waitFor('retries while ClickHouse is down', () => job.consumer.stats.retriesAfterFailure >= 3);
      expect(job.consumer.paused().flatMap((p) => p.partitions).length).toBeGreaterThan(0);
      expect(await committedTotal(fixture.admin, group.groupId, ingest.topic)).toBe(500);
      expect(job.consumer.stats.recordsCommitted).toBe(500);

      await server.restart();
      await waitFor(
        'everything committed after the restart',
        () => job.consumer.stats.recordsCommitted >= calls.length,
      );
      expect(job.consumer.paused()).toEqual([]);
    } finally {
      await job.stop();
    }
    expect(await committedTotal(fixture.admin, group.groupId, ingest.topic)).toBe(calls.length);
    const [counts] = await (
      await clickhouse.query({
        query: `SELECT count() AS rows, uniqExact(call_id) AS calls FROM cdr_ingest_legacy WHERE kafka_topic = '${ingest.topic}'`,
        format: 'JSONEachRow',
      })
    ).json<{ rows: string; calls: string }>();
    expect(Number(counts?.rows)).toBe(calls.length);
    expect(Number(counts?.calls)).toBe(calls.length);
  });
});
