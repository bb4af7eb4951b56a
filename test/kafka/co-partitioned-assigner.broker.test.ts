import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, Partitioners, logLevel, type Consumer, type ConsumerCrashEvent } from 'kafkajs';
import { KafkaMockCluster } from '../../infra/local/kafka-mock-cluster.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { sleep } from '../../pipelines/core/retry.ts';
import {
  CO_PARTITIONED_ASSIGNER_NAME,
  coPartitionedAssigner,
} from '../../pipelines/kafka/co-partitioned-assigner.ts';

/**
 * The co-partitioned assigner in real consumer groups on the librdkafka mock cluster: two members share
 * partition numbers of both topics, an account's records of both topics reach the same member, the
 * survivor takes everything when one leaves, and mismatched partition counts stop the group.
 */

/** Odd on purpose: kafkajs's RoundRobinAssigner would then give partition i of the two topics to different members. */
const PARTITIONS = 5;
const CALLS = 'co-calls';
const REGISTRATIONS = 'co-registrations';
const MISMATCHED_CALLS = 'co-calls-12';
const MISMATCHED_REGISTRATIONS = 'co-registrations-8';
const WAIT_MS = 30_000;

let cluster: KafkaMockCluster;
let kafka: Kafka;

beforeAll(async () => {
  cluster = await KafkaMockCluster.start({
    brokers: 3,
    topics: [
      { name: CALLS, partitions: PARTITIONS },
      { name: REGISTRATIONS, partitions: PARTITIONS },
      { name: MISMATCHED_CALLS, partitions: 12 },
      { name: MISMATCHED_REGISTRATIONS, partitions: 8 },
    ],
  });
  kafka = new Kafka({
    clientId: 'co-partitioned-test',
    brokers: [...cluster.bootstrapServers],
    logLevel: logLevel.NOTHING,
  });
});

afterAll(async () => {
  await cluster.stop();
});

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A group member that records its latest assignment and which member each record reached. */
class Member {
  readonly consumer: Consumer;
  assignment: Record<string, number[]> = {};
  protocol = '';
  readonly received: { topic: string; partition: number; key: string }[] = [];
  crash: ConsumerCrashEvent['payload'] | undefined;

  constructor(
    readonly name: string,
    groupId: string,
  ) {
    this.consumer = kafka.consumer({
      groupId,
      partitionAssigners: [coPartitionedAssigner],
      sessionTimeout: 3000,
      heartbeatInterval: 300,
      maxWaitTimeInMs: 200,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
      this.protocol = payload.groupProtocol;
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.crash = payload;
    });
  }

  async start(topics: string[]): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        this.received.push({ topic, partition, key: message.key?.toString() ?? '' });
        return Promise.resolve();
      },
    });
  }

  partitionsOf(topic: string): number[] {
    return [...(this.assignment[topic] ?? [])].sort((a, b) => a - b);
  }
}

async function produceAccounts(prefix: string, count: number): Promise<string[]> {
  const accounts = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const topic of [CALLS, REGISTRATIONS]) {
      await producer.send({
        topic,
        acks: -1,
        messages: accounts.map((key) => ({ key, value: `${topic}:${key}` })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return accounts;
}

const allPartitions = Array.from({ length: PARTITIONS }, (_, i) => i);

describe('co-partitioned assigner on the mock broker', () => {
  it('puts partition i of both topics on the same member, and everything on the survivor', async () => {
    const first = new Member('first', 'co-partitioned-group');
    const second = new Member('second', 'co-partitioned-group');
    const members = [first, second];
    try {
      await first.start([CALLS, REGISTRATIONS]);
      await waitFor('the first member to get every partition', () =>
        [CALLS, REGISTRATIONS].every((t) => first.partitionsOf(t).length === PARTITIONS),
      );
      await second.start([CALLS, REGISTRATIONS]);
      await waitFor(
        'both members to share the partitions',
        () =>
          members.every((m) => m.partitionsOf(CALLS).length > 0) &&
          first.partitionsOf(CALLS).length + second.partitionsOf(CALLS).length === PARTITIONS,
      );

      for (const member of members) {
        expect(member.protocol).toBe(CO_PARTITIONED_ASSIGNER_NAME);
        expect(member.partitionsOf(REGISTRATIONS), member.name).toEqual(member.partitionsOf(CALLS));
      }
      expect([...first.partitionsOf(CALLS), ...second.partitionsOf(CALLS)].sort()).toEqual(allPartitions);

      // An account's call and registration records reach the same member.
      const accounts = await produceAccounts('shared', 60);
      await waitFor('every record', () => first.received.length + second.received.length === 120);
      for (const account of accounts) {
        const receivers = members.filter((m) => m.received.some((r) => r.key === account));
        expect(
          receivers.map((m) => m.name),
          account,
        ).toHaveLength(1);
        const topics = receivers[0]?.received.filter((r) => r.key === account).map((r) => r.topic);
        expect(topics?.sort(), account).toEqual([CALLS, REGISTRATIONS]);
      }
      expect(members.every((m) => m.received.length > 0)).toBe(true);

      await first.consumer.disconnect();
      await waitFor('the survivor to get every partition', () =>
        [CALLS, REGISTRATIONS].every((t) => second.partitionsOf(t).length === PARTITIONS),
      );
      expect(second.partitionsOf(CALLS)).toEqual(allPartitions);
      expect(second.partitionsOf(REGISTRATIONS)).toEqual(allPartitions);
      const later = await produceAccounts('after-leave', 30);
      await waitFor('the survivor to read both topics of every account', () =>
        later.every((account) =>
          [CALLS, REGISTRATIONS].every((topic) =>
            second.received.some((r) => r.key === account && r.topic === topic),
          ),
        ),
      );
    } finally {
      await Promise.all(members.map((m) => m.consumer.disconnect()));
    }
  });

  it('stops the group when the topics have different partition counts', async () => {
    const member = new Member('only', 'co-partitioned-mismatch');
    try {
      await member.start([MISMATCHED_CALLS, MISMATCHED_REGISTRATIONS]);
      await waitFor('the consumer to crash', () => member.crash !== undefined);

      expect(member.crash?.restart).toBe(false);
      expect(member.crash?.error).toBeInstanceOf(PipelineError);
      expect(member.crash?.error).toMatchObject({ code: 'KAFKA_NOT_CO_PARTITIONED' });
      expect(member.crash?.error.message).toMatch(/co-calls-12: 12, co-registrations-8: 8/);
      expect(member.assignment).toEqual({});
      expect(member.received).toEqual([]);
    } finally {
      await member.consumer.disconnect();
    }
  });
});
