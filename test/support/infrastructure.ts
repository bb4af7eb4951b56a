import { inject } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';

/** What the global setup hands to every test file (serialisable). */
export interface ProvidedInfrastructure {
  readonly kind: 'containers' | 'local';
  readonly description: string;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** Undefined when tests use chDB in-process. */
  readonly clickhouseUrl: string | undefined;
  /** Local mode only: where to ask the mock cluster for a topic. */
  readonly topicControlUrl: string | undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    infrastructure: ProvidedInfrastructure;
  }
}

export function testInfrastructure(): ProvidedInfrastructure {
  return inject('infrastructure');
}

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}.${process.pid}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates a topic on whichever broker the run uses (the mock cluster has no CreateTopics API). */
export async function createTopic(name: string, partitions: number): Promise<void> {
  const infrastructure = testInfrastructure();
  if (infrastructure.topicControlUrl !== undefined) {
    const response = await fetch(infrastructure.topicControlUrl, {
      method: 'POST',
      body: JSON.stringify({ name, partitions }),
    });
    if (!response.ok) throw new Error(`creating topic ${name} failed: ${await response.text()}`);
    return;
  }
  const admin = new Kafka({ brokers: [...infrastructure.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
