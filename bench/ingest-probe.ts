import type { ClickHouseClient } from '@clickhouse/client';
import type { Consumer, ConsumerConfig, ConsumerRunConfig, EachBatchHandler, Kafka } from 'kafkajs';
import type { AvroCodec } from '../pipelines/schema-registry/avro-codec.ts';

/** Where one batch's time went, in milliseconds, as seen from outside the pipeline code. */
export interface BatchTiming {
  readonly records: number;
  /** The whole eachBatch handler of the StreamingConsumer: decode, dead letters, sink, commit. */
  handlerMs: number;
  /** Sum of the per-record `codec.decodeSync` (and, before a schema is cached, `codec.decode`) calls. */
  decodeMs: number;
  /** From the last decode to the insert call, less any query: dead-letter step, offset filter, row mapping. */
  decodeToInsertMs: number;
  /** `clickhouse.insert`: JSON encoding of the rows by the client plus chDB parsing and writing them. */
  insertMs: number;
  /** `clickhouse.query`: the sink's highest-stored-offset lookup, on a partition's first batch. */
  queryMs: number;
  /** `consumer.commitOffsets` after the sink. */
  commitMs: number;
}

interface OpenBatch extends BatchTiming {
  lastDecodeEndedAt: number;
}

/**
 * Lightweight timing around the ingest job, without touching pipeline code: the job is handed a
 * Kafka, a ClickHouse client and a codec that delegate to the real ones and note the time of each
 * call. The job consumes one partition batch at a time (partitionsConsumedConcurrently 1), so every
 * call is attributed to the batch in progress. Cost: two `performance.now()` per record.
 */
export class IngestProbe {
  groupJoinedAt: number | undefined;
  firstBatchAt: number | undefined;
  lastCommitEndedAt: number | undefined;
  readonly batches: BatchTiming[] = [];
  private current: OpenBatch | undefined;

  kafka(kafka: Kafka): Kafka {
    return delegate(kafka, {
      consumer: (config: ConsumerConfig) => this.consumer(kafka.consumer(config)),
    });
  }

  clickhouse(client: ClickHouseClient): ClickHouseClient {
    return delegate(client, {
      insert: async (params) => {
        const started = performance.now();
        const batch = this.current;
        if (batch !== undefined) batch.decodeToInsertMs += started - batch.lastDecodeEndedAt - batch.queryMs;
        try {
          return await client.insert(params);
        } finally {
          if (batch !== undefined) batch.insertMs += performance.now() - started;
        }
      },
      query: async (params) => {
        const started = performance.now();
        try {
          return await client.query(params);
        } finally {
          if (this.current !== undefined) this.current.queryMs += performance.now() - started;
        }
      },
    });
  }

  codec(codec: AvroCodec): AvroCodec {
    return delegate(codec, {
      decodeSync: (buffer: Buffer) => {
        const started = performance.now();
        try {
          return codec.decodeSync(buffer);
        } finally {
          const ended = performance.now();
          if (this.current !== undefined) {
            this.current.decodeMs += ended - started;
            this.current.lastDecodeEndedAt = ended;
          }
        }
      },
      decode: async (buffer: Buffer) => {
        const started = performance.now();
        try {
          return await codec.decode(buffer);
        } finally {
          const ended = performance.now();
          if (this.current !== undefined) {
            this.current.decodeMs += ended - started;
            this.current.lastDecodeEndedAt = ended;
          }
        }
      },
    });
  }

  private consumer(consumer: Consumer): Consumer {
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.groupJoinedAt ??= performance.now();
    });
    return {
      ...consumer,
      run: (config?: ConsumerRunConfig) =>
        consumer.run({
          ...config,
          ...(config?.eachBatch === undefined ? {} : { eachBatch: this.timedBatch(config.eachBatch) }),
        }),
      commitOffsets: async (offsets) => {
        const started = performance.now();
        try {
          await consumer.commitOffsets(offsets);
        } finally {
          const ended = performance.now();
          if (this.current !== undefined) this.current.commitMs += ended - started;
          this.lastCommitEndedAt = ended;
        }
      },
    };
  }

  private timedBatch(handler: EachBatchHandler): EachBatchHandler {
    return async (payload) => {
      const started = performance.now();
      this.firstBatchAt ??= started;
      const batch: OpenBatch = {
        records: payload.batch.messages.length,
        handlerMs: 0,
        decodeMs: 0,
        decodeToInsertMs: 0,
        insertMs: 0,
        queryMs: 0,
        commitMs: 0,
        lastDecodeEndedAt: started,
      };
      this.current = batch;
      try {
        await handler(payload);
      } finally {
        batch.handlerMs = performance.now() - started;
        this.current = undefined;
        const { lastDecodeEndedAt: _, ...timing } = batch;
        this.batches.push(timing);
      }
    };
  }
}

/** An object answering like `target` (methods bound to it), except for the `overrides`. */
function delegate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property, _receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
