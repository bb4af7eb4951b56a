import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import { callRecordProblem, type CallRecord } from '../ingest/call-record.ts';
import { callRecordDecoder } from '../ingest/call-record-decoder.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../ingest/schema-files.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { withJobProducer } from '../kafka/job-producer.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import { registrationEventDecoder } from '../registration/registration-event-decoder.ts';
import { registrationEventProblem, type RegistrationEvent } from '../registration/registration-event.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../registration/schema-file.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { startCoPartitionedJob, topicInput, type CoPartitionedJob } from '../streaming/co-partitioned-job.ts';
import type { RecordValidator } from '../streaming/decode-step.ts';
import { BreachPublisher, FAIR_USE_BREACH_SCHEMA_FILE } from './breach-publisher.ts';
import { publishLateInputs } from './late-input-letters.ts';
import type { RatingInput } from './rating-input.ts';
import type { RatingJobOptions } from './rating-job-options.ts';
import type { RatingOutputs, RatingProcessor } from './rating-processor.ts';
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

export type RatingJob = CoPartitionedJob<RatingInput, RatingOutputs>;

/** The outputs of several polls as one, in order. */
export function mergeRatingOutputs(all: readonly RatingOutputs[]): RatingOutputs {
  return {
    ratedCalls: all.flatMap((o) => o.ratedCalls),
    breaches: all.flatMap((o) => o.breaches),
    rerates: all.flatMap((o) => o.rerates),
    late: all.flatMap((o) => o.late),
  };
}

/** A call record the rating cannot use: invalid, or a callee that is not a number. */
function callProblemWith(classify: NumberClassifier): RecordValidator<CallRecord> {
  return (call) => {
    const problem = callRecordProblem(call);
    if (problem !== undefined) return problem;
    const destination = classify(call.callee);
    return destination.class === 'invalid' ? `callee: ${destination.problem ?? 'not a number'}` : undefined;
  };
}

/**
 * The streaming rating job: call records and SIP registration events from two co-partitioned topics,
 * rated in event time per partition number (RatingProcessor, checkpointed with the offsets it covers),
 * rated calls and breaches stored in ClickHouse, breaches published, late inputs sent for review.
 */
export async function startRatingJob(settings: RatingJobSettings): Promise<RatingJob> {
  const { job } = settings;
  const logger = settings.logger.child({ job: 'rating' });
  return withJobProducer(settings.kafka, logger, async (reliable) => {
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
    const clock = settings.clock ?? Date.now;
    return startCoPartitionedJob<RatingInput, RatingOutputs>({
      name: 'rating',
      inputs: [
        topicInput(
          job.callsTopic,
          callRecordDecoder(settings.codec),
          callProblemWith(settings.classify),
          (record: CallRecord): RatingInput => ({ kind: 'call', record }),
        ),
        topicInput(
          job.registrationsTopic,
          registrationEventDecoder(settings.codec),
          registrationEventProblem,
          (event: RegistrationEvent): RatingInput => ({ kind: 'registration', event }),
        ),
      ],
      newProcessor: settings.newProcessor,
      write: async (all) => {
        const outputs = mergeRatingOutputs(all);
        await settings.sink.write(outputs);
        await breaches.publish(outputs.breaches);
        await publishLateInputs(reliable, job.deadLetterTopic, outputs.late, new Date(clock()));
        if (outputs.late.length > 0)
          logger.warn({ count: outputs.late.length }, 'late inputs sent for review');
      },
      writeEveryBatch: job.writeEveryBatch,
      deadLetterTopic: job.deadLetterTopic,
      consumer: settings.consumer,
      groupId: job.groupId,
      checkpointIntervalMs: job.checkpointIntervalMs,
      retry: { initialDelayMs: job.retryInitialDelayMs, maxDelayMs: job.retryMaxDelayMs },
      kafka: settings.kafka,
      producer: reliable,
      clickhouse: settings.clickhouse,
      logger,
      clock,
    });
  });
}
