import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { ReliableProducer } from '../../pipelines/kafka/reliable-producer.ts';
import { AvroCodec } from '../../pipelines/schema-registry/avro-codec.ts';
import { testInfrastructure } from '../support/infrastructure.ts';
import { waitFor } from '../support/ingest-fixture.ts';

/** Kafka and the registry of the run, for one test file. */
export interface BrokerFixture {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly reliable: ReliableProducer;
  readonly codec: AvroCodec;
  close(): Promise<void>;
}

export async function openBroker(): Promise<BrokerFixture> {
  const infrastructure = testInfrastructure();
  const kafka = new Kafka({ brokers: [...infrastructure.kafkaBrokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  return {
    kafka,
    admin,
    producer,
    reliable: new ReliableProducer(producer, admin, silentLogger()),
    codec: new AvroCodec({ url: infrastructure.schemaRegistryUrl }),
    async close() {
      await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    },
  };
}

export interface TopicRecord {
  readonly partition: number;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/** Consumes a topic from the beginning until `expected` records arrived, then waits `settleMs` for extra ones. */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  expected: number,
  settleMs = 500,
): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({
    groupId: `fraud-reader-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 100,
  });
  const records: TopicRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      records.push({
        partition,
        key: message.key?.toString() ?? null,
        value: message.value ?? Buffer.alloc(0),
        headers,
      });
      return Promise.resolve();
    },
  });
  try {
    await waitFor(`${expected} records on ${topic}`, () => records.length >= expected);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
  } finally {
    await consumer.disconnect();
  }
  return records;
}
