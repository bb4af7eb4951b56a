import type { Consumer, EachBatchPayload, Kafka, PartitionAssigner } from 'kafkajs';
import { PipelineError, errorMessage, isRetriable } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { DEFAULT_RETRY, retry, sleep, type RetryOptions } from '../core/retry.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import {
  isCommitPlan,
  nextOffset,
  type OffsetToCommit,
  type PartitionBatch,
  type SourceRecord,
} from './source-record.ts';
import type { BatchContext, Step } from './step.ts';

/** Errors of a commit that only mean the group is changing hands (kafkajs protocol error types). */
const GROUP_CHANGE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'COORDINATOR_NOT_AVAILABLE',
]);

function isGroupChangeError(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const type = (cause as { type?: unknown }).type;
    if (typeof type === 'string' && GROUP_CHANGE_ERRORS.has(type)) return true;
  }
  return false;
}

export type PartitionPipelineFactory = (topic: string, partition: number) => Step<PartitionBatch, unknown>;

export interface StreamingConsumerSettings {
  readonly topics: readonly string[];
  readonly group: ConsumerGroupOptions;
  /** Builds the step chain of one assigned partition; called again after every rebalance. */
  readonly pipelineFor: PartitionPipelineFactory;
  /** Backoff while a retriable step keeps failing (the sink is down). Retries until the batch goes stale or stop(). */
  readonly retry?: Omit<RetryOptions, 'maxAttempts' | 'signal'>;
  readonly logger: Logger;
  /** How partitions are spread over the group's members; kafkajs's round robin when absent. */
  readonly partitionAssigners?: readonly PartitionAssigner[];
  /** Called on every new assignment, before the chains are rebuilt (state shared across chains resets here). */
  readonly onAssignment?: () => void;
}

export interface StreamingConsumerStats {
  batchesCommitted: number;
  recordsCommitted: number;
  retriesAfterFailure: number;
  batchesAbandonedOnRebalance: number;
}

/**
 * Runs step chains over a consumer group, in batch mode, committing a partition's offsets only after
 * its chain (decode, dead-letter, sink) resolved for the whole batch. A chain that keeps state across
 * batches returns a CommitPlan instead: the offsets its last durable checkpoint covers.
 *
 * While a retriable failure lasts (ClickHouse down), the partition is paused so nothing more is fetched,
 * the batch is retried with backoff, heartbeats keep the membership alive, and nothing is committed.
 * A batch that goes stale during a rebalance is abandoned uncommitted: its new owner reprocesses it.
 * A non-retriable failure stops the consumer without committing the batch; `run()` rejects with it.
 */
export class StreamingConsumer {
  readonly stats: StreamingConsumerStats = {
    batchesCommitted: 0,
    recordsCommitted: 0,
    retriesAfterFailure: 0,
    batchesAbandonedOnRebalance: 0,
  };
  private readonly consumer: Consumer;
  private readonly pipelines = new Map<string, Step<PartitionBatch, unknown>>();
  private readonly abort = new AbortController();
  private fatal: PipelineError | undefined;
  private readonly settled: Promise<void>;
  private settle: (error?: unknown) => void = () => undefined;

  constructor(
    kafka: Kafka,
    private readonly settings: StreamingConsumerSettings,
  ) {
    const { group } = settings;
    this.consumer = kafka.consumer({
      groupId: group.groupId,
      sessionTimeout: group.sessionTimeoutMs,
      heartbeatInterval: group.heartbeatIntervalMs,
      maxBytesPerPartition: group.maxBytesPerPartition,
      maxWaitTimeInMs: group.maxWaitTimeMs,
      retry: { retries: 5 },
      ...(settings.partitionAssigners === undefined
        ? {}
        : { partitionAssigners: [...settings.partitionAssigners] }),
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      // A new assignment: every partition's chain is rebuilt from scratch (state must not leak across owners).
      this.pipelines.clear();
      settings.onAssignment?.();
      settings.logger.info({ memberAssignment: payload.memberAssignment }, 'partitions assigned');
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.settle(payload.error);
    });
    this.settled = new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        if (error === undefined) resolve();
        else reject(error instanceof Error ? error : new Error(errorMessage(error)));
      };
    });
  }

  /** Starts consuming. Resolves once the group is joined for the first time. */
  async start(): Promise<void> {
    const joined = new Promise<void>((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [...this.settings.topics],
      fromBeginning: this.settings.group.fromBeginning,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.group.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    await joined;
  }

  /** Resolves when stopped with `stop()`, rejects on a fatal failure. */
  done(): Promise<void> {
    return this.settled;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.consumer.disconnect();
    if (this.fatal === undefined) this.settle();
  }

  /** For tests and operators: which partitions are paused right now. */
  paused(): { topic: string; partitions: number[] }[] {
    return this.consumer.paused();
  }

  private pipelineFor(topic: string, partition: number): Step<PartitionBatch, unknown> {
    const key = `${topic}/${partition}`;
    let pipeline = this.pipelines.get(key);
    if (pipeline === undefined) {
      pipeline = this.settings.pipelineFor(topic, partition);
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const first = batch.messages[0];
    const last = batch.messages.at(-1);
    if (first === undefined || last === undefined || this.fatal !== undefined) return;
    const records: SourceRecord[] = batch.messages.map((m) => ({
      topic: batch.topic,
      partition: batch.partition,
      offset: m.offset,
      timestamp: m.timestamp,
      key: m.key,
      value: m.value,
      headers: m.headers ?? {},
    }));
    const context: BatchContext = {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: first.offset,
      lastOffset: last.offset,
      logger: this.settings.logger.child({ topic: batch.topic, partition: batch.partition }),
    };
    const input: PartitionBatch = {
      topic: batch.topic,
      partition: batch.partition,
      records,
      highWatermark: batch.highWatermark,
    };
    const pipeline = this.pipelineFor(batch.topic, batch.partition);
    const gone = (): boolean => !payload.isRunning() || payload.isStale() || this.abort.signal.aborted;

    let resume: (() => void) | undefined;
    let seekTo: readonly OffsetToCommit[] = [];
    let toCommit: readonly OffsetToCommit[] = [
      { topic: batch.topic, partition: batch.partition, offset: nextOffset(last.offset) },
    ];
    try {
      await retry(
        async () => {
          if (gone())
            throw new PipelineError('ABORTED', 'batch abandoned: partition revoked or consumer stopping');
          const output = await pipeline.run(input, context);
          if (isCommitPlan(output)) {
            toCommit = output.offsets;
            seekTo = output.seekTo ?? [];
          }
        },
        {
          ...DEFAULT_RETRY,
          ...this.settings.retry,
          maxAttempts: Number.POSITIVE_INFINITY,
          signal: this.abort.signal,
          shouldRetry: (error) => isRetriable(error) && !gone(),
          onRetry: (error, attempt, delayMs) => {
            this.stats.retriesAfterFailure++;
            // Stop fetching this partition while the failure lasts.
            resume ??= payload.pause();
            context.logger.warn({ err: error, attempt, delayMs }, 'batch failed, retrying after backoff');
          },
          sleep: (ms, signal) => this.sleepWithHeartbeats(ms, payload, signal),
        },
      );
    } catch (error) {
      if (gone() || (error instanceof PipelineError && error.code === 'ABORTED')) {
        this.stats.batchesAbandonedOnRebalance++;
        context.logger.info({ firstOffset: first.offset }, 'batch left uncommitted for the next owner');
        return;
      }
      this.fail(error, context);
      return;
    } finally {
      resume?.();
    }

    if (seekTo.length > 0) {
      for (const target of seekTo) this.consumer.seek(target);
      context.logger.info({ seekTo }, 'partition read again from its checkpoint');
      return;
    }
    payload.resolveOffset(last.offset);
    if (toCommit.length > 0) {
      try {
        await this.consumer.commitOffsets([...toCommit]);
      } catch (error) {
        if (!isGroupChangeError(error) && !gone()) {
          this.fail(error, context);
          return;
        }
        // The group is rebalancing: the partition's next owner reads again from the last commit (idempotent sinks).
        this.stats.batchesAbandonedOnRebalance++;
        context.logger.info(
          { err: error, toCommit },
          'commit refused during a rebalance; left to the next owner',
        );
        return;
      }
    }
    this.stats.batchesCommitted++;
    this.stats.recordsCommitted += records.length;
  }

  private async sleepWithHeartbeats(
    ms: number,
    payload: EachBatchPayload,
    signal?: AbortSignal,
  ): Promise<void> {
    const slice = Math.max(50, this.settings.group.heartbeatIntervalMs);
    for (let left = ms; left > 0; left -= slice) {
      await sleep(Math.min(slice, left), signal);
      try {
        await payload.heartbeat();
      } catch (error) {
        // A rebalance is in progress: the batch is stale, the retry predicate sees it.
        this.settings.logger.debug({ err: error }, 'heartbeat failed while waiting to retry');
      }
    }
  }

  private fail(error: unknown, context: BatchContext): void {
    this.fatal =
      error instanceof PipelineError
        ? error
        : new PipelineError(
            'PIPELINE_FAILED',
            `unexpected failure in ${context.topic}/${context.partition}: ${errorMessage(error)}`,
            {
              cause: error,
            },
          );
    context.logger.error(
      { err: error, firstOffset: context.firstOffset },
      'fatal: stopping the consumer, batch not committed',
    );
    const fatal = this.fatal;
    // Stop outside the eachBatch callback: disconnect waits for running batches to finish.
    setImmediate(() => {
      this.abort.abort();
      this.consumer.disconnect().then(
        () => {
          this.settle(fatal);
        },
        (disconnectError: unknown) => {
          context.logger.error({ err: disconnectError }, 'disconnect failed');
          this.settle(fatal);
        },
      );
    });
  }
}
