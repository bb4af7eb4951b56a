import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { KafkaDeadLetterSink } from '../kafka/kafka-dead-letter-sink.ts';
import { ReliableProducer } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { clickHouseSinkStep } from '../sinks/clickhouse-sink-step.ts';
import { deadLetterStep } from '../streaming/dead-letter-step.ts';
import { decodeStep, type Decoded } from '../streaming/decode-step.ts';
import { pipe } from '../streaming/step.ts';
import { StreamingConsumer } from '../streaming/streaming-consumer.ts';
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

export interface IngestJob {
  readonly consumer: StreamingConsumer;
  /** Resolves when stopped, rejects when the job failed (a non-retriable error). */
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The ingest job: Avro call records from Kafka, decoded through the Schema Registry, invalid ones to
 * the dead-letter topic, good ones inserted into ClickHouse, offsets committed after the insert.
 */
export async function startIngestJob(settings: IngestJobSettings): Promise<IngestJob> {
  const logger = settings.logger.child({ job: 'ingest' });
  const producer = settings.kafka.producer({ allowAutoTopicCreation: true });
  const admin = settings.kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const deadLetters = new KafkaDeadLetterSink(
    new ReliableProducer(producer, admin, logger),
    settings.ingest.deadLetterTopic,
    logger,
  );
  const decoder = callRecordDecoder(settings.codec);
  const consumer = new StreamingConsumer(settings.kafka, {
    topics: [settings.ingest.topic],
    group: settings.consumer,
    logger,
    retry: {
      initialDelayMs: settings.ingest.retryInitialDelayMs,
      maxDelayMs: settings.ingest.retryMaxDelayMs,
      factor: 2,
      jitter: 0.2,
    },
    pipelineFor: () =>
      pipe(
        pipe(decodeStep(decoder, callRecordProblem), deadLetterStep<CallRecord>(deadLetters)),
        clickHouseSinkStep<CallRecord>({
          client: settings.clickhouse,
          table: settings.ingest.table,
          toRow: settings.toRow ?? callRecordRow,
          deduplicationToken: settings.deduplicationToken,
        }),
      ),
  });
  const closeClients = async (): Promise<void> => {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  };
  try {
    await consumer.start();
  } catch (error) {
    await closeClients();
    throw error;
  }
  logger.info({ topic: settings.ingest.topic, table: settings.ingest.table }, 'ingest job running');
  return {
    consumer,
    done: () => consumer.done(),
    async stop() {
      await consumer.stop();
      await closeClients();
    },
  };
}
