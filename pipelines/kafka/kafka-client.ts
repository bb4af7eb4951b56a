import { Kafka, type SASLOptions } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import { PipelineError } from '../core/errors.ts';
import type { KafkaOptions } from './kafka-options.ts';
import { kafkajsLevelFor, kafkajsLogCreator } from './kafkajs-logger.ts';

function saslFrom(options: KafkaOptions): SASLOptions | undefined {
  if (options.saslMechanism === 'none') return undefined;
  if (options.saslUsername === undefined || options.saslPassword === undefined) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `kafka.saslMechanism=${options.saslMechanism} needs saslUsername and saslPassword`,
    );
  }
  return { mechanism: options.saslMechanism, username: options.saslUsername, password: options.saslPassword };
}

/** The one place a kafkajs client is built: options validated upstream, logs routed into pino. */
export function createKafka(options: KafkaOptions, logger: Logger): Kafka {
  const sasl = saslFrom(options);
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    ssl: options.ssl,
    ...(sasl === undefined ? {} : { sasl }),
    logLevel: kafkajsLevelFor(logger),
    logCreator: kafkajsLogCreator(logger),
  });
}
