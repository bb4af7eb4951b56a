import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import { ReliableProducer } from './reliable-producer.ts';

/** The producer a streaming job writes with (dead letters, published outputs), and how to close it. */
export interface JobProducer {
  readonly reliable: ReliableProducer;
  close(): Promise<void>;
}

/** Connects a producer and the admin client ReliableProducer reads partition counts with. */
export async function openJobProducer(kafka: Kafka, logger: Logger): Promise<JobProducer> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  return {
    reliable: new ReliableProducer(producer, admin, logger),
    async close() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
}

/**
 * Starts a job that writes with a job producer: the producer is closed when the job stops, or at once when
 * it fails to start.
 */
export async function withJobProducer<Job extends { stop(): Promise<void> }>(
  kafka: Kafka,
  logger: Logger,
  start: (producer: ReliableProducer) => Promise<Job>,
): Promise<Job> {
  const producer = await openJobProducer(kafka, logger);
  let job: Job;
  try {
    job = await start(producer.reliable);
  } catch (error) {
    await producer.close();
    throw error;
  }
  const stop = job.stop.bind(job);
  return Object.assign(job, {
    async stop() {
      await stop();
      await producer.close();
    },
  });
}
