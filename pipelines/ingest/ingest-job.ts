import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { startTopicSinkJob, type TopicSinkJob } from '../sinks/topic-sink-job.ts';
import type { Decoded } from '../streaming/decode-step.ts';
import { callRecordProblem, type CallRecord } from './call-record.ts';
import { callRecordDecoder } from './call-record-decoder.ts';
import { callRecordRow } from './call-record-row.ts';
import type { IngestOptions } from './ingest-options.ts';

export interface IngestJobSettings {
  readonly ingest: IngestOptions;
  readonly consumer: ConsumerGroupOptions;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly clickhouse: ClickHouseClient;
  /** False for ClickHouse servers older than 22.2 (no insert_deduplication_token). */
  readonly deduplicationToken: boolean;
  /** The row written per call; defaults to the `cdr_ingest` layout. */
  readonly toRow?: (decoded: Decoded<CallRecord>) => Record<string, unknown>;
  readonly logger: Logger;
}

export type IngestJob = TopicSinkJob;

/**
 * The ingest job: Avro call records from Kafka, decoded through the Schema Registry, invalid ones to
 * the dead-letter topic, good ones inserted into ClickHouse, offsets committed after the insert.
 */
export async function startIngestJob(settings: IngestJobSettings): Promise<IngestJob> {
  const { ingest } = settings;
  return startTopicSinkJob<CallRecord>({
    name: 'ingest',
    topic: ingest.topic,
    deadLetterTopic: ingest.deadLetterTopic,
    table: ingest.table,
    retryInitialDelayMs: ingest.retryInitialDelayMs,
    retryMaxDelayMs: ingest.retryMaxDelayMs,
    consumer: settings.consumer,
    kafka: settings.kafka,
    decoder: callRecordDecoder(settings.codec),
    validate: callRecordProblem,
    toRow: settings.toRow ?? callRecordRow,
    clickhouse: settings.clickhouse,
    deduplicationToken: settings.deduplicationToken,
    logger: settings.logger,
  });
}
