import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../core/logger.ts';

const levels: Record<logLevel, 'error' | 'warn' | 'info' | 'debug' | 'silent'> = {
  [logLevel.NOTHING]: 'silent',
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs's own logs into the pipeline's pino logger, as a child with `component: kafkajs`. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const method = levels[level];
      if (method === 'silent') return;
      kafkaLogger[method]({ namespace, ...fields }, message);
    };
}

/** The kafkajs level matching a pino level, so kafkajs does not build log entries pino would drop. */
export function kafkajsLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}
