import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import { RatingCheckpointStore } from '../clickhouse/rating-checkpoint-store.ts';
import type { Logger } from '../core/logger.ts';
import { callRecordProblem, type CallRecord } from '../ingest/call-record.ts';
import { callRecordDecoder } from '../ingest/call-record-decoder.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../ingest/schema-files.ts';
import { coPartitionedAssigner } from '../kafka/co-partitioned-assigner.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { KafkaDeadLetterSink } from '../kafka/kafka-dead-letter-sink.ts';
import { ReliableProducer } from '../kafka/reliable-producer.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import { registrationEventDecoder } from '../registration/registration-event-decoder.ts';
import { registrationEventProblem, type RegistrationEvent } from '../registration/registration-event.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../registration/schema-file.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { deadLetterStep } from '../streaming/dead-letter-step.ts';
import { decodeStep, type RecordDecoder, type RecordValidator } from '../streaming/decode-step.ts';
import type { PartitionBatch } from '../streaming/source-record.ts';
import { pipe, type Step } from '../streaming/step.ts';
import { StreamingConsumer } from '../streaming/streaming-consumer.ts';
import { BreachPublisher, FAIR_USE_BREACH_SCHEMA_FILE } from './breach-publisher.ts';
import { publishLateInputs } from './late-input-letters.ts';
import type { RatingInput } from './rating-input.ts';
import type { RatingJobOptions } from './rating-job-options.ts';
import { RatingPartition } from './rating-partition.ts';
import type { RatingOutputs, RatingProcessor } from './rating-processor.ts';
import { ratingStep } from './rating-step.ts';
import type { RatingSink } from './rating-sink.ts';

export interface RatingJobSettings {
  readonly job: RatingJobOptions;
  /** Session, heartbeat and fetch settings; the group id is `job.groupId`. */
  readonly consumer: ConsumerGroupOptions;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly clickhouse: ClickHouseClient;
  readonly newProcessor: () => RatingProcessor;
  readonly sink: RatingSink;
  readonly classify: NumberClassifier;
  readonly logger: Logger;
  readonly clock?: () => number;
}

export interface RatingJob {
  readonly consumer: StreamingConsumer;
  /** The partitions this instance owns now, by partition number. */
  readonly partitions: ReadonlyMap<number, RatingPartition>;
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The streaming rating job: call records and SIP registration events from two co-partitioned topics
 * (partition i of both on one instance), decoded through the Schema Registry (bad records to the
 * dead-letter topic), rated in event time per partition number (RatingPartition), rated calls and breaches
 * stored in ClickHouse, breaches published, checkpoints with the offsets they cover, offsets committed at
 * checkpoints.
 */
export async function startRatingJob(settings: RatingJobSettings): Promise<RatingJob> {
  const { job, logger: parent } = settings;
  const logger = parent.child({ job: 'rating' });
  const producer = settings.kafka.producer({ allowAutoTopicCreation: true });
  const admin = settings.kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const reliable = new ReliableProducer(producer, admin, logger);
  const closeClients = async (): Promise<void> => {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  };
  try {
    await Promise.all([
      settings.codec.register(CALL_RECORD_SCHEMA_FILE),
      settings.codec.register(REGISTRATION_EVENT_SCHEMA_FILE),
    ]);
    const breaches = new BreachPublisher(
      settings.codec,
      await settings.codec.register(FAIR_USE_BREACH_SCHEMA_FILE),
      reliable,
      job.breachesTopic,
    );
    const deadLetters = new KafkaDeadLetterSink(reliable, job.deadLetterTopic, logger);
    const checkpoints = new RatingCheckpointStore(settings.clickhouse, job.groupId);
    const clock = settings.clock ?? Date.now;
    const write = async (outputs: RatingOutputs): Promise<void> => {
      await settings.sink.write(outputs);
      await breaches.publish(outputs.breaches);
      await publishLateInputs(reliable, job.deadLetterTopic, outputs.late, new Date(clock()));
      if (outputs.late.length > 0) logger.warn({ count: outputs.late.length }, 'late inputs sent for review');
    };
    const partitions = new Map<number, RatingPartition>();
    const partitionFor = (partition: number): RatingPartition => {
      let owned = partitions.get(partition);
      if (owned === undefined) {
        owned = new RatingPartition({
          partition,
          topics: [job.callsTopic, job.registrationsTopic],
          newProcessor: settings.newProcessor,
          checkpoints,
          write,
          checkpointIntervalMs: job.checkpointIntervalMs,
          clock,
          logger: logger.child({ partition }),
        });
        partitions.set(partition, owned);
      }
      return owned;
    };
    const classify = settings.classify;
    const callProblem: RecordValidator<CallRecord> = (call) => {
      const problem = callRecordProblem(call);
      if (problem !== undefined) return problem;
      const destination = classify(call.callee);
      return destination.class === 'invalid' ? `callee: ${destination.problem ?? 'not a number'}` : undefined;
    };
    const chain = <T>(
      decoder: RecordDecoder<T>,
      validate: RecordValidator<T>,
      toInput: (value: T) => RatingInput,
      partition: number,
    ): Step<PartitionBatch, unknown> =>
      pipe(
        pipe(decodeStep(decoder, validate), deadLetterStep<T>(deadLetters)),
        ratingStep(partitionFor(partition), toInput),
      );
    const calls = callRecordDecoder(settings.codec);
    const registrations = registrationEventDecoder(settings.codec);
    const consumer = new StreamingConsumer(settings.kafka, {
      topics: [job.callsTopic, job.registrationsTopic],
      group: { ...settings.consumer, groupId: job.groupId },
      logger,
      partitionAssigners: [coPartitionedAssigner],
      onAssignment: () => {
        partitions.clear();
      },
      retry: {
        initialDelayMs: job.retryInitialDelayMs,
        maxDelayMs: job.retryMaxDelayMs,
        factor: 2,
        jitter: 0.2,
      },
      pipelineFor: (topic, partition) =>
        topic === job.callsTopic
          ? chain(
              calls,
              callProblem,
              (record: CallRecord): RatingInput => ({ kind: 'call', record }),
              partition,
            )
          : chain(
              registrations,
              registrationEventProblem,
              (event: RegistrationEvent): RatingInput => ({ kind: 'registration', event }),
              partition,
            ),
    });
    await consumer.start();
    logger.info(
      { callsTopic: job.callsTopic, registrationsTopic: job.registrationsTopic, groupId: job.groupId },
      'rating job running',
    );
    return {
      consumer,
      partitions,
      done: () => consumer.done(),
      async stop() {
        await consumer.stop();
        await closeClients();
      },
    };
  } catch (error) {
    await closeClients();
    throw error;
  }
}
