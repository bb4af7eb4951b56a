import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka, Producer } from 'kafkajs';

/** Count and total time of one kind of call made by the fraud job. */
export interface CallTimes {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Wraps the job's ClickHouse client and Kafka producer to time what each batch waits for: inserts per table
 * (audit trail, checkpoints) and producer sends (commands, alerts, dead letters). Calls pass through unchanged.
 */
export class FraudJobProbe {
  readonly calls = new Map<string, CallTimes>();

  clickhouse(client: ClickHouseClient): ClickHouseClient {
    return new Proxy(client, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'insert' || typeof value !== 'function') return value;
        return (params: { table: string }) =>
          this.timed(`ClickHouse insert ${params.table}`, () =>
            (value as (p: unknown) => Promise<unknown>).call(target, params),
          );
      },
    });
  }

  kafka(kafka: Kafka): Kafka {
    return new Proxy(kafka, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'producer' || typeof value !== 'function') return value;
        return (...args: unknown[]) =>
          this.producer((value as (...a: unknown[]) => Producer).apply(target, args));
      },
    });
  }

  reset(): void {
    this.calls.clear();
  }

  private producer(producer: Producer): Producer {
    return new Proxy(producer, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if ((property !== 'send' && property !== 'sendBatch') || typeof value !== 'function') return value;
        return (params: { topic?: string; topicMessages?: { topic: string }[] }) => {
          const topics = params.topic ?? (params.topicMessages ?? []).map((t) => t.topic).join('+');
          return this.timed(`Kafka send ${topics}`, () =>
            (value as (p: unknown) => Promise<unknown>).call(target, params),
          );
        };
      },
    });
  }

  private async timed<T>(name: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      const ms = performance.now() - started;
      const times = this.calls.get(name) ?? { count: 0, totalMs: 0, maxMs: 0 };
      times.count++;
      times.totalMs += ms;
      times.maxMs = Math.max(times.maxMs, ms);
      this.calls.set(name, times);
    }
  }
}
