import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { parseOptions } from '../../pipelines/config/options.ts';
import { silentLogger, type Logger } from '../../pipelines/core/logger.ts';
import { sleep } from '../../pipelines/core/retry.ts';
import { CallRecordPublisher } from '../../pipelines/ingest/call-record-publisher.ts';
import { ingestOptionsSpec, type IngestOptions } from '../../pipelines/ingest/ingest-options.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../../pipelines/ingest/schema-files.ts';
import { consumerGroupOptionsSpec, type ConsumerGroupOptions } from '../../pipelines/kafka/kafka-options.ts';
import { ReliableProducer } from '../../pipelines/kafka/reliable-producer.ts';
import { AvroCodec } from '../../pipelines/schema-registry/avro-codec.ts';
import { createTopic, testInfrastructure, uniqueTopic } from './infrastructure.ts';

/** Kafka, registry and ClickHouse wired for one ingest test file, on the run's shared infrastructure. */
export interface IngestFixture {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly reliable: ReliableProducer;
  readonly codec: AvroCodec;
  readonly schemaId: number;
  readonly clickhouse: ClickHouseClient;
  readonly logger: Logger;
  close(): Promise<void>;
  /** Fresh topics (records + dead letters) and a publisher for them. */
  topics(partitions: number): Promise<{ ingest: IngestOptions; publisher: CallRecordPublisher }>;
  group(name: string): ConsumerGroupOptions;
}

export async function openIngestFixture(clickhouse?: ClickHouseClient): Promise<IngestFixture> {
  const infrastructure = testInfrastructure();
  const logger = silentLogger();
  const kafka = new Kafka({ brokers: [...infrastructure.kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  const reliable = new ReliableProducer(producer, admin, logger);
  const codec = new AvroCodec({ url: infrastructure.schemaRegistryUrl });
  const schemaId = await codec.register(CALL_RECORD_SCHEMA_FILE);
  const client =
    clickhouse ??
    (await createClickHouseClient(
      infrastructure.clickhouseUrl === undefined
        ? { dataPath: mkdtempSync(join(tmpdir(), 'cdr-ingest-test-')) }
        : { url: infrastructure.clickhouseUrl, database: `test_${process.pid}` },
      logger,
    ));
  if (clickhouse === undefined) await runMigrations(client, { logger });
  return {
    kafka,
    admin,
    producer,
    reliable,
    codec,
    schemaId,
    clickhouse: client,
    logger,
    async close() {
      await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
      if (clickhouse === undefined) await client.close();
    },
    async topics(partitions) {
      const topic = uniqueTopic('cdr.test');
      const deadLetterTopic = `${topic}.dlq`;
      await createTopic(topic, partitions);
      await createTopic(deadLetterTopic, 1);
      return {
        ingest: parseOptions('ingest', ingestOptionsSpec, {
          topic,
          deadLetterTopic,
          retryInitialDelayMs: 50,
          retryMaxDelayMs: 500,
        }),
        publisher: new CallRecordPublisher(codec, schemaId, reliable, topic),
      };
    },
    group(name) {
      return parseOptions('consumer', consumerGroupOptionsSpec, {
        groupId: `${name}-${process.pid}-${Date.now().toString(36)}`,
        sessionTimeoutMs: 3000,
        heartbeatIntervalMs: 300,
        maxWaitTimeMs: 200,
      });
    },
  };
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Committed offsets of a group, summed over the topic's partitions (-1 = none counts as 0). */
export async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/** Consumes a topic to its end (from the beginning) and returns its records. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  expected: number,
): Promise<{ key: string | null; headers: Record<string, string> }[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${process.pid}-${Date.now().toString(36)}`,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 200,
  });
  const records: { key: string | null; headers: Record<string, string> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      records.push({ key: message.key?.toString() ?? null, headers });
      return Promise.resolve();
    },
  });
  try {
    await waitFor(`${expected} records on ${topic}`, () => records.length >= expected);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
