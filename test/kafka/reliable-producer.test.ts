import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type Message,
  type Producer,
  type ProducerBatch,
  type RecordMetadata,
} from 'kafkajs';
import { KafkaMockCluster } from '../../infra/local/kafka-mock-cluster.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { sleep } from '../../pipelines/core/retry.ts';
import { partitionForKey } from '../../pipelines/kafka/message-partitioner.ts';
import { ReliableProducer, type SendReport } from '../../pipelines/kafka/reliable-producer.ts';

/**
 * kafkajs 2.2.4 loses records silently when a partition's leader moves to a broker that already answered
 * within the same send() (tulios/kafkajs#1303). These tests move leaders on the librdkafka mock cluster,
 * show the loss with a plain kafkajs producer, and show that ReliableProducer loses nothing.
 *
 * Everything written is read back by one consumer group started once (a group join costs 3 s on the mock);
 * `consumedIds` waits until the consumer has passed each partition's high watermark.
 */

const PARTITIONS = 6;
const PLAIN_STREAM_RUNS = 4;
const MOVE_EVERY_MS = Number(process.env['MOVE_EVERY_MS'] ?? 50);
const topics = {
  plainStale: 'plain-stale-leader',
  reliableStale: 'reliable-stale-leader',
  reliableStream: 'reliable-stream',
  plainStreams: Array.from({ length: PLAIN_STREAM_RUNS }, (_, i) => `plain-stream-${i}`),
};

let cluster: KafkaMockCluster;
let kafka: Kafka;
let admin: Admin;
let consumer: Consumer;
/** topic -> partition -> ids read, and the last offset read. */
const consumed = new Map<string, Map<number, { ids: string[]; lastOffset: bigint }>>();

async function consumedIds(topic: string): Promise<Set<string>> {
  const highs = await admin.fetchTopicOffsets(topic);
  const caughtUp = (): boolean =>
    highs.every(
      ({ partition, high }) =>
        BigInt(high) === 0n || (consumed.get(topic)?.get(partition)?.lastOffset ?? -1n) >= BigInt(high) - 1n,
    );
  for (const deadline = Date.now() + 30_000; !caughtUp(); await sleep(50)) {
    if (Date.now() > deadline) throw new Error(`consumer did not catch up on ${topic}`);
  }
  return new Set([...(consumed.get(topic)?.values() ?? [])].flatMap((p) => p.ids));
}

async function newProducer(): Promise<Producer> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

function keyedMessages(prefix: string, count: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({ key: `${prefix}-${i}`, value: `${prefix}-${i}` }));
}

const isWarmUp = (message: Message): boolean => String(message.key).includes('warm-up');

function missingFrom(sent: readonly Message[], received: Set<string>): string[] {
  return sent.map((m) => String(m.value)).filter((id) => !received.has(id));
}

/**
 * The deterministic trigger: the producer believes broker 2 leads partition 1, but it moved to broker 1,
 * which also leads partition 0. Broker 1 answers for partition 0 first (broker 2 is slowed down), broker 2
 * answers NOT_LEADER for partition 1, and kafkajs's retry skips broker 1 since it already answered.
 */
async function sendWithStaleLeader(
  topic: string,
  send: (messages: Message[]) => Promise<unknown>,
): Promise<{ sent: Message[]; result: unknown }> {
  await cluster.setPartitionLeader(topic, 0, 1);
  await cluster.setPartitionLeader(topic, 1, 2);
  const warmUp = keyedMessages(`${topic}-warm-up`, 10); // loads the producer's metadata
  await send(warmUp);
  await cluster.setRtt(2, 100);
  await cluster.setPartitionLeader(topic, 1, 1);
  const messages = keyedMessages(topic, 40);
  try {
    return { sent: [...warmUp, ...messages], result: await send(messages) };
  } finally {
    await cluster.setRtt(2, 0);
  }
}

/** Sends `batches` batches one after the other while leaders keep moving among the 3 brokers. */
async function sendWhileLeadersMove(
  topic: string,
  send: (messages: Message[]) => Promise<RecordMetadata[] | undefined>,
): Promise<{ sent: Message[]; partitionsMissingFromResults: number }> {
  const sent: Message[] = [];
  let partitionsMissingFromResults = 0;
  let sending = true;
  const mover = (async () => {
    for (let move = 0; sending; move++) {
      const partition = move % PARTITIONS;
      const round = Math.floor(move / PARTITIONS);
      await cluster.setPartitionLeader(topic, partition, ((round + partition) % 3) + 1);
      await sleep(MOVE_EVERY_MS);
    }
  })();
  try {
    for (let batch = 0; batch < 30; batch++) {
      const messages = keyedMessages(`${topic}-${batch}`, 60);
      const result = await send(messages);
      sent.push(...messages);
      if (result !== undefined) {
        const targeted = new Set(messages.map((m) => partitionForKey(String(m.key), PARTITIONS)));
        partitionsMissingFromResults += [...targeted].filter(
          (p) => !result.some((r) => r.partition === p),
        ).length;
      }
    }
  } finally {
    sending = false;
    await mover;
  }
  return { sent, partitionsMissingFromResults };
}

beforeAll(async () => {
  cluster = await KafkaMockCluster.start({
    brokers: 3,
    topics: [
      { name: topics.plainStale, partitions: 2 },
      { name: topics.reliableStale, partitions: 2 },
      { name: topics.reliableStream, partitions: PARTITIONS },
      ...topics.plainStreams.map((name) => ({ name, partitions: PARTITIONS })),
    ],
  });
  kafka = new Kafka({
    clientId: 'reliable-producer-test',
    brokers: [...cluster.bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 50, maxRetryTime: 500 },
  });
  admin = kafka.admin();
  await admin.connect();
  consumer = kafka.consumer({
    groupId: 'reliable-producer-test',
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    // kafkajs heartbeats between fetches: a fetch wait longer than the session timeout gets the member evicted.
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  await consumer.subscribe({
    topics: [topics.plainStale, topics.reliableStale, topics.reliableStream, ...topics.plainStreams],
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const byPartition = consumed.get(topic) ?? new Map<number, { ids: string[]; lastOffset: bigint }>();
      const state = byPartition.get(partition) ?? { ids: [], lastOffset: -1n };
      state.ids.push(message.value?.toString() ?? '');
      state.lastOffset = BigInt(message.offset);
      byPartition.set(partition, state);
      consumed.set(topic, byPartition);
      return Promise.resolve();
    },
  });
});

afterAll(async () => {
  await consumer.disconnect();
  await admin.disconnect();
  await cluster.stop();
});

describe('kafkajs without the acknowledgement check (tulios/kafkajs#1303)', () => {
  it('resolves send() without writing the records of a partition whose leader moved', async () => {
    const producer = await newProducer();
    try {
      const { sent, result } = await sendWithStaleLeader(topics.plainStale, (messages) =>
        producer.send({ topic: topics.plainStale, acks: -1, messages }),
      );
      // No error, but no entry for partition 1 either...
      expect((result as RecordMetadata[]).map((r) => r.partition)).toEqual([0]);
      // ...and its records are not in the topic.
      const lost = missingFrom(sent, await consumedIds(topics.plainStale));
      const expectedLost = sent.filter((m) => !isWarmUp(m) && partitionForKey(String(m.key), 2) === 1);
      expect(lost.sort()).toEqual(expectedLost.map((m) => String(m.value)).sort());
    } finally {
      await producer.disconnect();
    }
  });

  it('loses records when leaders move during a stream of sends', async () => {
    const producer = await newProducer();
    const runs: { topic: string; sent: Message[]; partitionsMissingFromResults: number }[] = [];
    try {
      // The loss depends on timing (a leader move landing between a send's metadata read and its answers):
      // repeat until one run shows it, within a bound.
      for (const topic of topics.plainStreams) {
        const run = await sendWhileLeadersMove(topic, (messages) =>
          producer.send({ topic, acks: -1, messages }),
        );
        runs.push({ topic, ...run });
        if (run.partitionsMissingFromResults > 0) break;
      }
    } finally {
      await producer.disconnect();
    }
    const lossy = runs.find((run) => run.partitionsMissingFromResults > 0);
    expect(
      lossy,
      `no send lacked a partition in ${runs.length} runs: the kafkajs bug did not reproduce, so this test proves nothing about the check (was kafkajs upgraded?)`,
    ).toBeDefined();
    if (lossy === undefined) return;
    expect(missingFrom(lossy.sent, await consumedIds(lossy.topic)).length).toBeGreaterThan(0);
  });
});

describe('ReliableProducer', () => {
  it('resends the records of a partition missing from the result', async () => {
    const producer = await newProducer();
    try {
      const reliable = new ReliableProducer(producer, admin, silentLogger(), { retryInitialDelayMs: 10 });
      const reports: SendReport[] = [];
      const { sent } = await sendWithStaleLeader(topics.reliableStale, async (messages) => {
        reports.push(await reliable.send(topics.reliableStale, messages));
      });
      const report = reports[1];
      expect(report?.attempts).toBe(2);
      const resendable = sent.filter((m) => !isWarmUp(m) && partitionForKey(String(m.key), 2) === 1);
      expect(report?.resentRecords).toBe(resendable.length);
      expect(report?.acknowledged.map((r) => r.partition).sort()).toEqual([0, 1]);
      expect(missingFrom(sent, await consumedIds(topics.reliableStale))).toEqual([]);
    } finally {
      await producer.disconnect();
    }
  });

  it('loses nothing when leaders move during a stream of sends', async () => {
    const producer = await newProducer();
    try {
      const reliable = new ReliableProducer(producer, admin, silentLogger(), { retryInitialDelayMs: 10 });
      let resends = 0;
      const { sent } = await sendWhileLeadersMove(topics.reliableStream, async (messages) => {
        const report = await reliable.send(topics.reliableStream, messages);
        if (report.attempts > 1) resends++;
        return [...report.acknowledged];
      });
      expect(missingFrom(sent, await consumedIds(topics.reliableStream))).toEqual([]);
      // Not a requirement, but the run only means something if the check had work to do.
      expect(resends, 'no send needed a resend: leader moves did not hit a send').toBeGreaterThan(0);
    } finally {
      await producer.disconnect();
    }
  });
});

describe('ReliableProducer against a sender that drops partitions', () => {
  const metadata = {
    fetchTopicMetadata: () =>
      Promise.resolve({
        topics: [
          {
            name: 't',
            partitions: [0, 1, 2].map((partitionId) => ({
              partitionErrorCode: 0,
              partitionId,
              leader: 1,
              replicas: [1],
              isr: [1],
            })),
          },
        ],
      }),
  };
  /** Answers for every partition of the batch except those in `drop`, for the first `times` calls. */
  function droppingSender(drop: readonly number[], times: number) {
    const calls: ProducerBatch[] = [];
    return {
      calls,
      sendBatch: (batch: ProducerBatch): Promise<RecordMetadata[]> => {
        calls.push(batch);
        const partitions = new Set(
          batch.topicMessages?.flatMap((t) => t.messages.map((m) => m.partition ?? -1)),
        );
        const answered = [...partitions].filter((p) => calls.length > times || !drop.includes(p));
        return Promise.resolve(answered.map((partition) => ({ topicName: 't', partition, errorCode: 0 })));
      },
    };
  }
  const messages = keyedMessages('unit', 30);
  const onPartition = (p: number): number =>
    messages.filter((m) => partitionForKey(String(m.key), 3) === p).length;

  it('resends only the messages of the missing partitions', async () => {
    const sender = droppingSender([1], 1);
    const reliable = new ReliableProducer(sender, metadata, silentLogger(), { retryInitialDelayMs: 0 });
    const report = await reliable.send('t', messages);
    expect(report).toMatchObject({ records: 30, partitions: 3, attempts: 2, resentRecords: onPartition(1) });
    const resent = sender.calls[1]?.topicMessages?.[0]?.messages ?? [];
    expect(resent.map((m) => m.partition)).toEqual(Array.from({ length: onPartition(1) }, () => 1));
    expect(sender.calls[1]?.acks).toBe(-1);
  });

  it('gives up with a retriable KAFKA_SEND_INCOMPLETE after maxAttempts', async () => {
    const sender = droppingSender([0, 2], 99);
    const reliable = new ReliableProducer(sender, metadata, silentLogger(), {
      retryInitialDelayMs: 0,
      maxAttempts: 3,
    });
    const failure = reliable.send('t', messages);
    await expect(failure).rejects.toBeInstanceOf(PipelineError);
    await expect(failure).rejects.toMatchObject({
      code: 'KAFKA_SEND_INCOMPLETE',
      retriable: true,
      details: { attempts: 3, partitions: ['t[0]', 't[2]'], records: onPartition(0) + onPartition(2) },
    });
    expect(sender.calls).toHaveLength(3);
  });

  it('reports a kafkajs failure as KAFKA_UNAVAILABLE without resending', async () => {
    const error = Object.assign(new Error('Connection error'), {
      name: 'KafkaJSConnectionError',
      retriable: true,
    });
    const sendBatch = (): Promise<RecordMetadata[]> => Promise.reject(error);
    const reliable = new ReliableProducer({ sendBatch }, metadata, silentLogger());
    await expect(reliable.send('t', messages)).rejects.toMatchObject({
      code: 'KAFKA_UNAVAILABLE',
      retriable: true,
      cause: error,
    });
  });
});
