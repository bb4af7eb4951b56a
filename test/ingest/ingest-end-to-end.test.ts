import type { IngestOptions } from '../../pipelines/ingest/ingest-options.ts';
import type { ConsumerGroupOptions } from '../../pipelines/kafka/kafka-options.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { takeCallRecords } from '../../pipelines/demo/call-record-generator.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { callRecordDecoder } from '../../pipelines/ingest/call-record-decoder.ts';
import { callRecordRow } from '../../pipelines/ingest/call-record-row.ts';
import { callRecordProblem } from '../../pipelines/ingest/call-record.ts';
import { startIngestJob } from '../../pipelines/ingest/ingest-job.ts';
import { KafkaDeadLetterSink } from '../../pipelines/kafka/kafka-dead-letter-sink.ts';
import { clickHouseSinkStep, type SinkResult } from '../../pipelines/sinks/clickhouse-sink-step.ts';
import { deadLetterStep } from '../../pipelines/streaming/dead-letter-step.ts';
import { decodeStep } from '../../pipelines/streaming/decode-step.ts';
import { pipe, type Step } from '../../pipelines/streaming/step.ts';
import { StreamingConsumer } from '../../pipelines/streaming/streaming-consumer.ts';
import type { PartitionBatch } from '../../pipelines/streaming/source-record.ts';
import {
  committedTotal,
  openIngestFixture,
  readTopic,
  waitFor,
  type IngestFixture,
} from '../support/ingest-fixture.ts';

let fixture: IngestFixture;
beforeAll(async () => {
  fixture = await openIngestFixture();
});
afterAll(async () => {
  await fixture.close();
});

function records(seed: number, count: number): CallRecord[] {
  return takeCallRecords({ seed, accounts: 50, start: new Date('2026-10-01T08:00:00Z') }, count);
}

async function storedCallIds(topic: string): Promise<{ rows: number; distinct: Set<string> }> {
  const result = await fixture.clickhouse.query({
    query: 'SELECT call_id FROM cdr_ingest WHERE kafka_topic = {topic:String}',
    query_params: { topic },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ call_id: string }>();
  return { rows: rows.length, distinct: new Set(rows.map((r) => r.call_id)) };
}

/** Restarts the ingest job in the same group, lets it consume what was not committed, then stops it. */
async function resumeUntilCommitted(
  ingest: IngestOptions,
  group: ConsumerGroupOptions,
  remaining: number,
  deduplicationToken: boolean,
): Promise<void> {
  const restarted = await startIngestJob({
    ingest,
    consumer: group,
    kafka: fixture.kafka,
    codec: fixture.codec,
    clickhouse: fixture.clickhouse,
    deduplicationToken,
    logger: fixture.logger,
  });
  try {
    await waitFor('the rest committed', () => restarted.consumer.stats.recordsCommitted >= remaining);
  } finally {
    await restarted.stop();
  }
}

describe('ingest: Kafka (Avro, Schema Registry) to ClickHouse', () => {
  it('stores every good record exactly once and dead-letters bad ones with their reason', async () => {
    const { ingest, publisher } = await fixture.topics(6);
    const calls = records(1, 3000);
    await publisher.publish(calls);
    const invalid = { ...calls[0], callId: 'invalid-1', billableSeconds: 10_000 } as CallRecord;
    await fixture.reliable.send(ingest.topic, [
      { key: 'sip-bad', value: Buffer.from('definitely not avro') },
      { key: 'sip-bad', value: await fixture.codec.encode(fixture.schemaId, invalid) },
      { key: 'sip-bad', value: null },
    ]);
    const total = calls.length + 3;
    const group = fixture.group('e2e');

    const job = await startIngestJob({
      ingest,
      consumer: group,
      kafka: fixture.kafka,
      codec: fixture.codec,
      clickhouse: fixture.clickhouse,
      deduplicationToken: true,
      logger: fixture.logger,
    });
    try {
      await waitFor('all records committed', () => job.consumer.stats.recordsCommitted >= total);
    } finally {
      await job.stop();
    }

    const stored = await storedCallIds(ingest.topic);
    expect(stored.rows).toBe(calls.length);
    expect(stored.distinct).toEqual(new Set(calls.map((c) => c.callId)));
    expect(await committedTotal(fixture.admin, group.groupId, ingest.topic)).toBe(total);

    const deadLetters = await readTopic(fixture.kafka, ingest.deadLetterTopic, 3);
    expect(deadLetters.map((d) => d.headers['dlq.error.code']).sort()).toEqual([
      'RECORD_DECODE_FAILED',
      'RECORD_DECODE_FAILED',
      'RECORD_INVALID',
    ]);
    expect(
      deadLetters.every((d) => d.key === 'sip-bad' && d.headers['dlq.source.topic'] === ingest.topic),
    ).toBe(true);
    expect(deadLetters.map((d) => d.headers['dlq.reason'])).toContain(
      'billableSeconds exceeds durationSeconds',
    );

    const [exact] = await (
      await fixture.clickhouse.query({
        query: `SELECT toString(min(start_time)) AS first, sum(billable_s) AS billable FROM cdr_ingest WHERE kafka_topic = {topic:String}`,
        query_params: { topic: ingest.topic },
        format: 'JSONEachRow',
      })
    ).json<{ first: string; billable: string }>();
    expect(exact?.first).toBe(
      new Date(Math.min(...calls.map((c) => c.startTime.getTime())))
        .toISOString()
        .replace('T', ' ')
        .replace('Z', ''),
    );
    expect(Number(exact?.billable)).toBe(calls.reduce((sum, c) => sum + c.billableSeconds, 0));
  });

  it('commits nothing for a batch whose insert failed, and stores it after a restart', async () => {
    // If offsets were committed before the sink acknowledged, the failed batch would be skipped after the
    // restart and its calls would be missing from ClickHouse.
    const { ingest, publisher } = await fixture.topics(3);
    const calls = records(2, 1500);
    await publisher.publish(calls);
    const poison = calls[700]?.callId;
    const group = fixture.group('insert-fails');

    const failing = await startIngestJob({
      ingest,
      consumer: group,
      kafka: fixture.kafka,
      codec: fixture.codec,
      clickhouse: fixture.clickhouse,
      deduplicationToken: true,
      logger: fixture.logger,
      toRow: (decoded) => {
        if (decoded.value.callId === poison)
          throw new PipelineError('CLICKHOUSE_QUERY_FAILED', 'insert refused (injected)');
        return callRecordRow(decoded);
      },
    });
    await expect(failing.done()).rejects.toMatchObject({ code: 'CLICKHOUSE_QUERY_FAILED' });
    await failing.stop();
    const committedBeforeRestart = await committedTotal(fixture.admin, group.groupId, ingest.topic);
    expect(committedBeforeRestart).toBeLessThan(calls.length);
    expect((await storedCallIds(ingest.topic)).distinct.has(poison ?? '')).toBe(false);

    await resumeUntilCommitted(ingest, group, calls.length - committedBeforeRestart, true);
    const stored = await storedCallIds(ingest.topic);
    expect(stored.rows).toBe(calls.length);
    expect(stored.distinct.size).toBe(calls.length);
  });

  it('does not store twice a batch inserted but not committed before a crash', async () => {
    const { ingest, publisher } = await fixture.topics(3);
    const calls = records(3, 1500);
    await publisher.publish(calls);
    const group = fixture.group('crash-after-insert');
    const deadLetters = new KafkaDeadLetterSink(fixture.reliable, ingest.deadLetterTopic, fixture.logger);
    // Without insert_deduplication_token (the ClickHouse 18 case): only the sink's stored-offset check
    // prevents the replayed batch from being stored twice.
    let crashed = false;
    // The real chain, then a crash before the runner gets to commit: the process "dies" between insert and commit.
    let insertedBeforeCrash = 0;
    const crashAfterInsert: Step<SinkResult, SinkResult> = {
      name: 'crash',
      run(result) {
        if (!crashed && result.inserted > 0) {
          crashed = true;
          insertedBeforeCrash = result.inserted;
          return Promise.reject(new PipelineError('PIPELINE_FAILED', 'crash after insert (injected)'));
        }
        return Promise.resolve(result);
      },
    };
    const consumer = new StreamingConsumer(fixture.kafka, {
      topics: [ingest.topic],
      group,
      logger: fixture.logger,
      pipelineFor: (): Step<PartitionBatch, unknown> =>
        pipe(
          pipe(
            pipe(
              decodeStep(callRecordDecoder(fixture.codec), callRecordProblem),
              deadLetterStep<CallRecord>(deadLetters),
            ),
            clickHouseSinkStep<CallRecord>({
              client: fixture.clickhouse,
              table: 'cdr_ingest',
              toRow: callRecordRow,
              deduplicationToken: false,
            }),
          ),
          crashAfterInsert,
        ),
    });
    await consumer.start();
    await expect(consumer.done()).rejects.toThrow('crash after insert (injected)');
    expect(insertedBeforeCrash).toBeGreaterThan(0);
    const storedAfterCrash = (await storedCallIds(ingest.topic)).rows;
    const committedAfterCrash = await committedTotal(fixture.admin, group.groupId, ingest.topic);
    expect(storedAfterCrash).toBeGreaterThan(committedAfterCrash);

    await resumeUntilCommitted(ingest, group, calls.length - committedAfterCrash, false);
    const stored = await storedCallIds(ingest.topic);
    expect(stored.distinct.size).toBe(calls.length);
    expect(stored.rows).toBe(calls.length);
  });
});
