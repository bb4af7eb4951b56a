import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { KafkaDeadLetterSink } from '../kafka/kafka-dead-letter-sink.ts';
import { withJobProducer } from '../kafka/job-producer.ts';
import { deadLetterStep } from '../streaming/dead-letter-step.ts';
import {
  decodeStep,
  type Decoded,
  type RecordDecoder,
  type RecordValidator,
} from '../streaming/decode-step.ts';
import { pipe } from '../streaming/step.ts';
import { StreamingConsumer } from '../streaming/streaming-consumer.ts';
import { clickHouseSinkStep } from './clickhouse-sink-step.ts';

/** What a topic-to-ClickHouse job needs: where to read, how to decode and check, where to write. */
export interface TopicSinkJobSettings<T> {
  /** Names the job in logs (`ingest`, `incidents`). */
  readonly name: string;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly table: string;
  readonly retryInitialDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly consumer: ConsumerGroupOptions;
  readonly kafka: Kafka;
  readonly decoder: RecordDecoder<T>;
  readonly validate: RecordValidator<T>;
  /** The row written per record; must carry the sink's provenance columns (kafka_topic, kafka_partition, kafka_offset). */
  readonly toRow: (decoded: Decoded<T>) => Record<string, unknown>;
  readonly clickhouse: ClickHouseClient;
  /** False for ClickHouse servers older than 22.2 (no insert_deduplication_token). */
  readonly deduplicationToken: boolean;
  readonly logger: Logger;
}

export interface TopicSinkJob {
  readonly consumer: StreamingConsumer;
  /** Resolves when stopped, rejects when the job failed (a non-retriable error). */
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Records of one topic decoded (Avro through the Schema Registry), invalid ones to the dead-letter topic,
 * good ones inserted into one ClickHouse table, offsets committed after the insert. The CDR ingest job and
 * the incidents ingest job are this with their own decoder, validator and row.
 */
export async function startTopicSinkJob<T>(settings: TopicSinkJobSettings<T>): Promise<TopicSinkJob> {
  const logger = settings.logger.child({ job: settings.name });
  return withJobProducer(settings.kafka, logger, async (producer) => {
    const deadLetters = new KafkaDeadLetterSink(producer, settings.deadLetterTopic, logger);
    const consumer = new StreamingConsumer(settings.kafka, {
      topics: [settings.topic],
      group: settings.consumer,
      logger,
      retry: {
        initialDelayMs: settings.retryInitialDelayMs,
        maxDelayMs: settings.retryMaxDelayMs,
        factor: 2,
        jitter: 0.2,
      },
      pipelineFor: () =>
        pipe(
          pipe(decodeStep(settings.decoder, settings.validate), deadLetterStep<T>(deadLetters)),
          clickHouseSinkStep<T>({
            client: settings.clickhouse,
            table: settings.table,
            toRow: settings.toRow,
            deduplicationToken: settings.deduplicationToken,
          }),
        ),
    });
    await consumer.start();
    logger.info({ topic: settings.topic, table: settings.table }, `${settings.name} job running`);
    return {
      consumer,
      done: () => consumer.done(),
      stop: () => consumer.stop(),
    };
  });
}
