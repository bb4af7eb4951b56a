import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import { publishActionBatch, recordActionBatch } from '../fraud-actions/action-steps.ts';
import type { FraudActionsOptions } from '../fraud-actions/fraud-actions-options.ts';
import { createFraudPublishers } from '../fraud-actions/fraud-publishers.ts';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import { callRecordProblem, type CallRecord } from '../ingest/call-record.ts';
import { callRecordDecoder } from '../ingest/call-record-decoder.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../ingest/schema-files.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { withJobProducer } from '../kafka/job-producer.ts';
import { publishLateInputs } from '../rating-job/late-input-letters.ts';
import { registrationEventDecoder } from '../registration/registration-event-decoder.ts';
import { registrationEventProblem, type RegistrationEvent } from '../registration/registration-event.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../registration/schema-file.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import {
  startCoPartitionedJob,
  topicInput,
  type CoPartitionedJob,
  type TopicInput,
} from '../streaming/co-partitioned-job.ts';
import { accountCommandDecoder } from './account-command-decoder.ts';
import type { FraudJobOptions } from './fraud-job-options.ts';
import type { FraudJobInput, FraudJobOutputs, FraudPartitionProcessor } from './fraud-partition-processor.ts';

export interface FraudJobSettings {
  readonly job: FraudJobOptions;
  readonly actions: FraudActionsOptions;
  /** Session, heartbeat and fetch settings; the group id is `job.groupId`. */
  readonly consumer: ConsumerGroupOptions;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly clickhouse: ClickHouseClient;
  /** A detector and a policy for one partition number, the command topic given (or not, see followOperatorCommands). */
  readonly newProcessor: (commandTopic: string | undefined) => FraudPartitionProcessor;
  readonly rulesVersion: string;
  readonly logger: Logger;
  readonly clock?: () => number;
}

const LATE_FOR_DETECTION =
  'older than the watermark minus fraudDetector.allowedLatenessSeconds: not evaluated, kept for review';

export type FraudJob = CoPartitionedJob<FraudJobInput, FraudJobOutputs>;

/**
 * The fraud job: call records and registration events (and the command topic, for operator reinstatements)
 * from co-partitioned topics, evaluated in event time per partition number as they arrive, alerts decided
 * by the action policy, alerts and commands recorded in ClickHouse then published (commands keyed by
 * account, deterministic ids), state checkpointed with the offsets it covers.
 */
export async function startFraudJob(settings: FraudJobSettings): Promise<FraudJob> {
  const { job, actions } = settings;
  const logger = settings.logger.child({ job: 'fraud' });
  return withJobProducer(settings.kafka, logger, async (reliable) => {
    await Promise.all([
      settings.codec.register(CALL_RECORD_SCHEMA_FILE),
      settings.codec.register(REGISTRATION_EVENT_SCHEMA_FILE),
    ]);
    const publishers = await createFraudPublishers(settings.codec, reliable, actions, settings.rulesVersion);
    const clock = settings.clock ?? Date.now;
    const now = (): Date => new Date(clock());
    const inputs: TopicInput<FraudJobInput>[] = [
      topicInput(
        job.callsTopic,
        callRecordDecoder(settings.codec),
        callRecordProblem,
        (record: CallRecord): FraudJobInput => ({ kind: 'call', record }),
      ),
      topicInput(
        job.registrationsTopic,
        registrationEventDecoder(settings.codec),
        registrationEventProblem,
        (event: RegistrationEvent): FraudJobInput => ({ kind: 'registration', event }),
      ),
    ];
    const commandTopic = job.followOperatorCommands ? actions.commandTopic : undefined;
    if (commandTopic !== undefined) {
      inputs.push(
        topicInput(
          commandTopic,
          accountCommandDecoder(settings.codec),
          () => undefined,
          (command: AccountCommand): FraudJobInput => ({ kind: 'command', command }),
        ),
      );
    }
    return startCoPartitionedJob<FraudJobInput, FraudJobOutputs>({
      name: 'fraud',
      inputs,
      newProcessor: () => settings.newProcessor(commandTopic),
      write: async (all) => {
        const batch = {
          alerts: all.flatMap((o) => o.alerts),
          decisions: all.flatMap((o) => o.decisions),
          commands: all.flatMap((o) => o.commands),
        };
        const late = all.flatMap((o) => o.late);
        if (batch.alerts.length > 0) {
          await recordActionBatch(
            { client: settings.clickhouse, rulesVersion: settings.rulesVersion, clock: now },
            batch,
          );
          const result = await publishActionBatch(
            { ...publishers, client: settings.clickhouse, clock: now },
            batch,
          );
          logger.info(
            {
              alerts: result.alerts,
              commands: result.commands,
              rules: [...new Set(batch.alerts.map((a) => a.rule))],
            },
            'fraud alerts recorded and commands published',
          );
        }
        await publishLateInputs(reliable, job.deadLetterTopic, late, now(), LATE_FOR_DETECTION);
      },
      // Commands go out as soon as the batch that caused them is evaluated: detection latency.
      writeEveryBatch: true,
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
