import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
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
 * Records are read back once the leader moves are over: a kafkajs consumer rejoins its group on every
 * NOT_LEADER fetch error, which costs seconds per rejoin on the mock.
 */

const PARTITIONS = 6;
/** Stream runs at most, until one shows what the test is about (the timing of a leader move). */
const STREAM_RUNS = 4;
/** Well above kafkajs's retry backoff (below), or kafkajs gives up with NOT_LEADER after its retries. */
const MOVE_EVERY_MS = 80;
const LEADER_MOVES = 12;

let cluster: KafkaMockCluster;
let kafka: Kafka;
let admin: Admin;
let groups = 0;

/** Every id in `topics`, read by a new consumer group until it has passed each partition's high watermark. */
async function readIds(...topics: string[]): Promise<Set<string>> {
  const highs = new Map<string, bigint>();
  for (const topic of topics) {
    for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
      highs.set(`${topic}/${partition}`, BigInt(high));
    }
  }
  const ids = new Set<string>();
  const consumer = kafka.consumer({
    groupId: `reader-${++groups}`,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    // kafkajs heartbeats between fetches: a fetch wait longer than the session timeout gets the member evicted.
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    const caughtUp = new Promise<void>((resolve) => {
      const done = (): void => {
        if ([...highs.values()].every((high) => high === 0n)) resolve();
      };
      done();
      void consumer.run({
        eachMessage: ({ topic, partition, message }) => {
          ids.add(message.value?.toString() ?? '');
          const key = `${topic}/${partition}`;
          if (BigInt(message.offset) + 1n >= (highs.get(key) ?? 0n)) highs.set(key, 0n);
          done();
          return Promise.resolve();
        },
      });
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      caughtUp,
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`did not read ${topics.join(', ')} to the end within 20 s`));
        }, 20_000);
      }),
    ]).finally(() => {
      clearTimeout(timer);
    });
  } finally {
    await consumer.disconnect();
  }
  return ids;
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

/**
 * Sends batches back to back while, concurrently, partition leaders move among the 3 brokers (one move every
 * MOVE_EVERY_MS, LEADER_MOVES in all, each partition in turn), until the moves are over.
 */
async function sendWhileLeadersMove(
  topic: string,
  send: (messages: Message[]) => Promise<RecordMetadata[]>,
): Promise<{ sent: Message[]; partitionsMissingFromResults: number }> {
  const sent: Message[] = [];
  let partitionsMissingFromResults = 0;
  const leaders = { moving: true };
  const mover = (async () => {
    try {
      for (let move = 0; move < LEADER_MOVES; move++) {
        await sleep(MOVE_EVERY_MS);
        const partition = move % PARTITIONS;
        const round = Math.floor(move / PARTITIONS);
        await cluster.setPartitionLeader(topic, partition, ((round + partition) % 3) + 1);
      }
    } finally {
      leaders.moving = false;
    }
  })();
  try {
    for (let batch = 0; leaders.moving; batch++) {
      const messages = keyedMessages(`${topic}-${batch}`, 30);
      const result = await send(messages);
      sent.push(...messages);
      const targeted = new Set(messages.map((m) => partitionForKey(String(m.key), PARTITIONS)));
      partitionsMissingFromResults += [...targeted].filter(
        (p) => !result.some((r) => r.partition === p),
      ).length;
    }
  } finally {
    leaders.moving = false;
    await mover;
  }
  return { sent, partitionsMissingFromResults };
}

beforeAll(async () => {
  cluster = await KafkaMockCluster.start({ brokers: 3 });
  kafka = new Kafka({
    clientId: 'reliable-producer-test',
    brokers: [...cluster.bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 10, initialRetryTime: 20, maxRetryTime: 100 },
  });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
  await cluster.stop();
});

/** Runs `scenario` on fresh topics, at most STREAM_RUNS times, until `shows` says the run showed it. */
async function repeatUntil<R>(
  name: string,
  scenario: (topic: string) => Promise<R>,
  shows: (result: R) => boolean,
): Promise<{ topic: string; result: R }[]> {
  const runs: { topic: string; result: R }[] = [];
  for (let run = 0; run < STREAM_RUNS; run++) {
    const topic = `${name}-${run}`;
    await cluster.createTopic(topic, PARTITIONS);
    const result = await scenario(topic);
    runs.push({ topic, result });
    if (shows(result)) break;
  }
  return runs;
}

describe('kafkajs without the acknowledgement check (tulios/kafkajs#1303)', () => {
  it('resolves send() without writing the records of a partition whose leader moved', async () => {
    const topic = 'plain-stale-leader';
    await cluster.createTopic(topic, 2);
    const producer = await newProducer();
    let sent: Message[];
    let result: unknown;
    try {
      ({ sent, result } = await sendWithStaleLeader(topic, (messages) =>
        producer.send({ topic, acks: -1, messages }),
      ));
    } finally {
      await producer.disconnect();
    }
    // No error, but no entry for partition 1 either...
    expect((result as RecordMetadata[]).map((r) => r.partition)).toEqual([0]);
    // ...and its records are not in the topic.
    const lost = missingFrom(sent, await readIds(topic));
    const expectedLost = sent.filter((m) => !isWarmUp(m) && partitionForKey(String(m.key), 2) === 1);
    expect(expectedLost.length).toBeGreaterThan(0);
    expect(lost.sort()).toEqual(expectedLost.map((m) => String(m.value)).sort());
  });

  it('loses records when leaders move during a stream of sends', async () => {
    const producer = await newProducer();
    let runs;
    try {
      runs = await repeatUntil(
        'plain-stream',
        (topic) => sendWhileLeadersMove(topic, (messages) => producer.send({ topic, acks: -1, messages })),
        (result) => result.partitionsMissingFromResults > 0,
      );
    } finally {
      await producer.disconnect();
    }
    const lossy = runs.find((run) => run.result.partitionsMissingFromResults > 0);
    expect(
      lossy,
      `no send lacked a partition in ${runs.length} runs: the kafkajs bug did not reproduce, so nothing shows ` +
        'that the stream test below would catch a loss (kafkajs upgraded? mock timing changed?)',
    ).toBeDefined();
    if (lossy === undefined) return;
    expect(missingFrom(lossy.result.sent, await readIds(lossy.topic)).length).toBeGreaterThan(0);
  });
});

describe('ReliableProducer', () => {
  it('resends the records of a partition missing from the result', async () => {
    const topic = 'reliable-stale-leader';
    await cluster.createTopic(topic, 2);
    const producer = await newProducer();
    const reports: SendReport[] = [];
    let sent: Message[];
    try {
      const reliable = new ReliableProducer(producer, admin, silentLogger(), { retryInitialDelayMs: 10 });
      ({ sent } = await sendWithStaleLeader(topic, async (messages) => {
        reports.push(await reliable.send(topic, messages));
      }));
    } finally {
      await producer.disconnect();
    }
    const report = reports[1];
    expect(report?.attempts).toBe(2);
    const resendable = sent.filter((m) => !isWarmUp(m) && partitionForKey(String(m.key), 2) === 1);
    expect(report?.resentRecords).toBe(resendable.length);
    expect(report?.acknowledged.map((r) => r.partition).sort()).toEqual([0, 1]);
    expect(missingFrom(sent, await readIds(topic))).toEqual([]);
  });

  it('loses nothing when leaders move during a stream of sends', async () => {
    const producer = await newProducer();
    let runs;
    try {
      const reliable = new ReliableProducer(producer, admin, silentLogger(), { retryInitialDelayMs: 10 });
      runs = await repeatUntil(
        'reliable-stream',
        async (topic) => {
          let resends = 0;
          const run = await sendWhileLeadersMove(topic, async (messages) => {
            const report = await reliable.send(topic, messages);
            if (report.attempts > 1) resends++;
            return [...report.acknowledged];
          });
          return { ...run, resends };
        },
        (result) => result.resends > 0,
      );
    } finally {
      await producer.disconnect();
    }
    const received = await readIds(...runs.map((run) => run.topic));
    for (const run of runs) expect(missingFrom(run.result.sent, received)).toEqual([]);
    expect(
      runs.some((run) => run.result.resends > 0),
      `no send needed a resend in ${runs.length} runs: the leader moves never hit a send, the run proves nothing`,
    ).toBe(true);
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

  it('rejects a message for a partition the topic does not have, after reading metadata again', async () => {
    let metadataReads = 0;
    const counting = {
      fetchTopicMetadata: () => {
        metadataReads++;
        return metadata.fetchTopicMetadata();
      },
    };
    const sender = droppingSender([], 0);
    const reliable = new ReliableProducer(sender, counting, silentLogger());
    await expect(reliable.send('t', [{ value: 'v', partition: 3 }])).rejects.toMatchObject({
      code: 'RECORD_INVALID',
      retriable: false,
    });
    expect(metadataReads).toBe(2);
    expect(sender.calls).toHaveLength(0);
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
