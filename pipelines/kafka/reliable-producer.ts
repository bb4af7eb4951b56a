import type { Message, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import { PipelineError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { retry } from '../core/retry.ts';
import { parseOptions } from '../config/options.ts';
import { MessagePartitioner, type TopicPartitions } from './message-partitioner.ts';
import { reliableProducerOptionsSpec, type ReliableProducerOptions } from './reliable-producer-options.ts';
import { TopicPartitionsCache, type TopicMetadataSource } from './topic-partitions-cache.ts';

/**
 * The one way this project produces to Kafka.
 *
 * kafkajs 2.2.4 can resolve `send()` without writing some records and without an error
 * (tulios/kafkajs#1303): when a partition's leader moves to a broker that already answered within the
 * same send, the retry skips that broker, and the result simply lacks the partition. For billing data
 * that is silent loss. So this producer assigns every message's partition itself (kafkajs's default
 * partitioner, see message-partitioner.ts), checks that each target partition is in the result with
 * errorCode 0, and resends the messages of the partitions that are not, a bounded number of times,
 * then fails with KAFKA_SEND_INCOMPLETE (retriable).
 *
 * A resend can duplicate records in the rare case a broker wrote them but its answer was lost, and a
 * kafkajs retry after a partial failure can too: every consumer sink must be idempotent (deterministic
 * ids, deduplicating tables). Order within a partition is kept per call; across a resend, records of a
 * resent partition land after records other calls wrote meanwhile.
 *
 * `sender` may be a producer or a transaction (anything with kafkajs's `sendBatch`); `metadata` is
 * usually the connected admin client of the same Kafka instance.
 */

export interface SendReport {
  /** Records handed in. */
  readonly records: number;
  /** Distinct (topic, partition) pairs written to. */
  readonly partitions: number;
  /** `sendBatch` calls made: 1 unless some partitions had to be resent. */
  readonly attempts: number;
  /** Records sent again because their partition was missing from a result. */
  readonly resentRecords: number;
  /** One entry per target partition, from the attempt that wrote it. */
  readonly acknowledged: readonly RecordMetadata[];
}

interface Target {
  readonly topic: string;
  readonly partition: number;
  readonly messages: Message[];
}

const targetKey = (topic: string, partition: number): string => `${partition}@${topic}`;

const isIncomplete = (error: unknown): error is PipelineError =>
  error instanceof PipelineError && error.code === 'KAFKA_SEND_INCOMPLETE';

/** Removes from `pending` every target acknowledged in `results`; returns those acknowledgements. */
function takeAcknowledged(
  pending: Map<string, Target>,
  results: readonly RecordMetadata[],
): RecordMetadata[] {
  const acknowledged: RecordMetadata[] = [];
  for (const result of results) {
    if (result.errorCode === 0 && pending.delete(targetKey(result.topicName, result.partition))) {
      acknowledged.push(result);
    }
  }
  return acknowledged;
}

function describeTargets(targets: Iterable<Target>): { partitions: string[]; records: number } {
  const list = [...targets].sort((x, y) => x.topic.localeCompare(y.topic) || x.partition - y.partition);
  return {
    partitions: list.map((t) => `${t.topic}[${t.partition}]`),
    records: list.reduce((sum, t) => sum + t.messages.length, 0),
  };
}

/** A kafkajs error after its own retries; retriable unless kafkajs says the cause is not. */
function sendFailure(topics: readonly string[], error: unknown): PipelineError {
  const root =
    error instanceof Error && error.name === 'KafkaJSNumberOfRetriesExceeded' ? error.cause : error;
  const retriable = (root as { retriable?: unknown } | undefined)?.retriable !== false;
  return new PipelineError(
    'KAFKA_UNAVAILABLE',
    `kafka send to ${topics.join(', ')} failed: ${errorMessage(error)}`,
    {
      retriable,
      cause: error,
    },
  );
}

export class ReliableProducer {
  private readonly options: ReliableProducerOptions;
  private readonly partitions: TopicPartitionsCache;
  private readonly partitioner = new MessagePartitioner();

  constructor(
    private readonly sender: Pick<Producer, 'sendBatch'>,
    metadata: TopicMetadataSource,
    private readonly logger: Logger,
    options: Partial<ReliableProducerOptions> = {},
  ) {
    this.options = parseOptions('reliableProducer', reliableProducerOptionsSpec, options);
    this.partitions = new TopicPartitionsCache(metadata, this.options.metadataMaxAgeMs);
  }

  send(topic: string, messages: readonly Message[]): Promise<SendReport> {
    return this.sendBatch([{ topic, messages: [...messages] }]);
  }

  /** Resolves once every message is acknowledged by its partition leader; see the file comment. */
  async sendBatch(batches: readonly TopicMessages[]): Promise<SendReport> {
    const targets = await this.assignPartitions(batches);
    const records = describeTargets(targets.values()).records;
    if (targets.size === 0)
      return { records, partitions: 0, attempts: 0, resentRecords: 0, acknowledged: [] };
    const pending = new Map(targets);
    const acknowledged: RecordMetadata[] = [];
    let attempts = 0;
    let resentRecords = 0;
    try {
      await retry(
        async (attempt) => {
          attempts = attempt;
          if (attempt > 1) resentRecords += describeTargets(pending.values()).records;
          acknowledged.push(...takeAcknowledged(pending, await this.sendOnce([...pending.values()])));
          if (pending.size > 0) {
            throw new PipelineError(
              'KAFKA_SEND_INCOMPLETE',
              `kafka did not acknowledge ${pending.size} partition(s) after ${attempt} attempt(s)`,
              { retriable: true, details: { attempts: attempt, ...describeTargets(pending.values()) } },
            );
          }
        },
        {
          maxAttempts: this.options.maxAttempts,
          initialDelayMs: this.options.retryInitialDelayMs,
          maxDelayMs: this.options.retryMaxDelayMs,
          factor: 2,
          jitter: 0.2,
          shouldRetry: isIncomplete,
          onRetry: (error) => {
            this.logger.warn(
              { ...(error as PipelineError).details },
              'kafka send incomplete (kafkajs#1303): resending the records of unacknowledged partitions',
            );
          },
        },
      );
    } catch (error) {
      if (error instanceof PipelineError && error.code === 'RETRIES_EXHAUSTED' && isIncomplete(error.cause)) {
        throw error.cause;
      }
      throw error;
    }
    return { records, partitions: targets.size, attempts, resentRecords, acknowledged };
  }

  private async sendOnce(targets: readonly Target[]): Promise<RecordMetadata[]> {
    const byTopic = new Map<string, Message[]>();
    for (const target of targets) {
      byTopic.set(target.topic, (byTopic.get(target.topic) ?? []).concat(target.messages));
    }
    try {
      return await this.sender.sendBatch({
        acks: this.options.acks === 'all' ? -1 : 1,
        timeout: this.options.timeoutMs,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    } catch (error) {
      // The partition count may be what changed (topic recreated): read it again next time.
      for (const topic of byTopic.keys()) this.partitions.invalidate(topic);
      throw sendFailure([...byTopic.keys()], error);
    }
  }

  private async assignPartitions(batches: readonly TopicMessages[]): Promise<Map<string, Target>> {
    const targets = new Map<string, Target>();
    for (const { topic, messages } of batches) {
      if (messages.length === 0) continue;
      const partitions = await this.partitionsFor(topic, messages);
      for (const message of messages) {
        const partition = this.partitioner.partitionOf(topic, message, partitions);
        const key = targetKey(topic, partition);
        const target = targets.get(key) ?? { topic, partition, messages: [] };
        target.messages.push({ ...message, partition });
        targets.set(key, target);
      }
    }
    return targets;
  }

  /**
   * Partition metadata covering every explicit partition of `messages`, read again once if the cached count
   * is too small (partitions added). kafkajs would drop messages for an unknown partition without an error.
   */
  private async partitionsFor(topic: string, messages: readonly Message[]): Promise<TopicPartitions> {
    const highest = messages.reduce((max, m) => Math.max(max, m.partition ?? -1), -1);
    let partitions = await this.partitions.get(topic);
    if (highest >= partitions.count) {
      this.partitions.invalidate(topic);
      partitions = await this.partitions.get(topic);
    }
    const invalid = messages.find(
      (m) => m.partition !== undefined && !(m.partition >= 0 && m.partition < partitions.count),
    );
    if (invalid !== undefined) {
      throw new PipelineError(
        'RECORD_INVALID',
        `topic ${topic} has ${partitions.count} partitions, a message asks for partition ${invalid.partition}`,
      );
    }
    return partitions;
  }
}
