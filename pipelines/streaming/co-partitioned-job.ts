import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import { PartitionCheckpointStore } from '../clickhouse/partition-checkpoint-store.ts';
import type { Logger } from '../core/logger.ts';
import { coPartitionedAssigner } from '../kafka/co-partitioned-assigner.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import { KafkaDeadLetterSink } from '../kafka/kafka-dead-letter-sink.ts';
import { ReliableProducer } from '../kafka/reliable-producer.ts';
import { CheckpointedPartition } from './checkpointed-partition.ts';
import { checkpointedPartitionStep } from './checkpointed-partition-step.ts';
import type { DeadLetterSink } from './dead-letter.ts';
import { deadLetterStep } from './dead-letter-step.ts';
import { decodeStep, type RecordDecoder, type RecordValidator } from './decode-step.ts';
import type { PartitionProcessor } from './partition-processor.ts';
import type { PartitionBatch } from './source-record.ts';
import { pipe, type Step } from './step.ts';
import { StreamingConsumer } from './streaming-consumer.ts';

/** One input topic of a co-partitioned job: how its records become the processor's inputs. */
export interface TopicInput<In> {
  readonly topic: string;
  chain(
    deadLetters: DeadLetterSink,
    partition: CheckpointedPartition<In, unknown>,
  ): Step<PartitionBatch, unknown>;
}

/** A topic whose records are decoded with `decoder`, checked with `validate` (bad ones to the dead-letter topic). */
export function topicInput<T, In>(
  topic: string,
  decoder: RecordDecoder<T>,
  validate: RecordValidator<T>,
  toInput: (value: T) => In,
): TopicInput<In> {
  return {
    topic,
    chain: (deadLetters, partition) =>
      pipe(
        pipe(decodeStep(decoder, validate), deadLetterStep<T>(deadLetters)),
        checkpointedPartitionStep(partition, toInput),
      ),
  };
}

export interface CoPartitionedJobSettings<In, Out> {
  /** For logs: `rating`, `fraud`. */
  readonly name: string;
  readonly inputs: readonly TopicInput<In>[];
  readonly newProcessor: () => PartitionProcessor<In, Out>;
  /** Stores and publishes the outputs of a batch; idempotent (see CheckpointedPartitionSettings.write). */
  readonly write: (outputs: readonly Out[]) => Promise<void>;
  /** See CheckpointedPartitionSettings.writeEveryBatch. */
  readonly writeEveryBatch: boolean;
  readonly deadLetterTopic: string;
  /** Session, heartbeat and fetch settings; the group id is `groupId`. */
  readonly consumer: ConsumerGroupOptions;
  /** Also the key of the job's checkpoints. */
  readonly groupId: string;
  readonly checkpointIntervalMs: number;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly kafka: Kafka;
  /** Where the dead letters go; the job's own producer writes them. */
  readonly producer: ReliableProducer;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  readonly clock?: () => number;
}

export interface CoPartitionedJob<In, Out> {
  readonly consumer: StreamingConsumer;
  /** The partition numbers this instance owns now, with their state. */
  readonly partitions: ReadonlyMap<number, CheckpointedPartition<In, Out>>;
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A stateful job over co-partitioned topics (partition i of every input topic on one instance, keyed by
 * SIP account): records decoded through the Schema Registry (bad ones to the dead-letter topic), fed per
 * partition number to an event-time processor restored from its latest checkpoint, outputs written batch
 * by batch, checkpoints with the offsets they cover, offsets committed at checkpoints.
 */
export async function startCoPartitionedJob<In, Out>(
  settings: CoPartitionedJobSettings<In, Out>,
): Promise<CoPartitionedJob<In, Out>> {
  const { logger } = settings;
  const deadLetters = new KafkaDeadLetterSink(settings.producer, settings.deadLetterTopic, logger);
  const checkpoints = new PartitionCheckpointStore(settings.clickhouse, settings.groupId);
  const topics = settings.inputs.map((input) => input.topic);
  const partitions = new Map<number, CheckpointedPartition<In, Out>>();
  const partitionFor = (partition: number): CheckpointedPartition<In, Out> => {
    let owned = partitions.get(partition);
    if (owned === undefined) {
      owned = new CheckpointedPartition<In, Out>({
        partition,
        topics,
        newProcessor: settings.newProcessor,
        checkpoints,
        write: settings.write,
        writeEveryBatch: settings.writeEveryBatch,
        checkpointIntervalMs: settings.checkpointIntervalMs,
        clock: settings.clock ?? Date.now,
        logger: logger.child({ partition }),
      });
      partitions.set(partition, owned);
    }
    return owned;
  };
  const byTopic = new Map(settings.inputs.map((input) => [input.topic, input]));
  const consumer = new StreamingConsumer(settings.kafka, {
    topics,
    group: { ...settings.consumer, groupId: settings.groupId },
    logger,
    partitionAssigners: [coPartitionedAssigner],
    onAssignment: () => {
      partitions.clear();
    },
    retry: { ...settings.retry, factor: 2, jitter: 0.2 },
    pipelineFor: (topic, partition) => {
      const input = byTopic.get(topic);
      if (input === undefined) throw new Error(`${settings.name} job: no input for topic ${topic}`);
      return input.chain(deadLetters, partitionFor(partition) as CheckpointedPartition<In, unknown>);
    },
  });
  await consumer.start();
  logger.info({ topics, groupId: settings.groupId }, `${settings.name} job running`);
  return {
    consumer,
    partitions,
    done: () => consumer.done(),
    stop: () => consumer.stop(),
  };
}
