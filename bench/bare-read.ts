import type { Kafka } from 'kafkajs';
import type { ConsumerGroupOptions } from '../pipelines/kafka/kafka-options.ts';
import { PipelineError } from '../pipelines/core/errors.ts';

export interface BareRead {
  readonly started: number;
  readonly joinedAt: number;
  readonly firstBatchAt: number;
  /** When the batch holding the last record arrived. */
  readonly endedAt: number;
  readonly seen: number;
  readonly batches: number;
}

/**
 * The ceiling for a job on this broker: a kafkajs consumer with the job's group options (fetch sizes,
 * partitions consumed concurrently), a fresh group, eachBatch doing nothing but counting, autoCommit, until `records`
 * records of `topics` were seen. Times are performance.now() values.
 */
export async function bareRead(
  kafka: Kafka,
  topics: readonly string[],
  records: number,
  options: ConsumerGroupOptions,
  timeoutMs: number,
): Promise<BareRead> {
  const consumer = kafka.consumer({
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    heartbeatInterval: options.heartbeatIntervalMs,
    maxBytesPerPartition: options.maxBytesPerPartition,
    maxWaitTimeInMs: options.maxWaitTimeMs,
  });
  let joinedAt: number | undefined;
  let firstBatchAt: number | undefined;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joinedAt ??= performance.now();
  });
  let seen = 0;
  let batches = 0;
  let finished: (endedAt: number) => void = () => undefined;
  const allSeen = new Promise<number>((resolve) => {
    finished = resolve;
  });
  const started = performance.now();
  let endedAt: number;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      eachBatch: async ({ batch }) => {
        firstBatchAt ??= performance.now();
        batches++;
        seen += batch.messages.length;
        if (seen >= records) finished(performance.now());
        await Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      endedAt = await Promise.race([
        allSeen,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            reject(
              new PipelineError(
                'PIPELINE_FAILED',
                `bare read: ${seen} of ${records} records after ${timeoutMs / 1000} s`,
              ),
            );
          }, timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  if (joinedAt === undefined || firstBatchAt === undefined)
    throw new PipelineError('PIPELINE_FAILED', 'bare read: no group join or batch was observed');
  if (seen !== records)
    throw new PipelineError('PIPELINE_FAILED', `bare read: saw ${seen} records, expected ${records}`);
  return { started, joinedAt, firstBatchAt, endedAt, seen, batches };
}
