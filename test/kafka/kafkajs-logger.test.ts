import { Writable } from 'node:stream';
import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../pipelines/core/logger.ts';
import { kafkajsLevelFor, kafkajsLogCreator } from '../../pipelines/kafka/kafkajs-logger.ts';

function capture(level: string): {
  lines: Record<string, unknown>[];
  logger: ReturnType<typeof createLogger>;
} {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level, name: 'test' }, sink) };
}

describe('kafkajs logs routed into pino', () => {
  it('keeps the message, namespace and fields, at the matching level, as a kafkajs child', () => {
    const { lines, logger } = capture('info');
    const log = kafkajsLogCreator(logger)(logLevel.INFO);
    log({
      namespace: 'ConsumerGroup',
      level: logLevel.WARN,
      label: 'WARN',
      log: { timestamp: '2026-11-26T00:00:00Z', logger: 'kafkajs', message: 'rebalancing', groupId: 'g1' },
    });
    log({
      namespace: 'Connection',
      level: logLevel.DEBUG,
      label: 'DEBUG',
      log: { timestamp: 'x', logger: 'kafkajs', message: 'hidden' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      component: 'kafkajs',
      namespace: 'ConsumerGroup',
      groupId: 'g1',
      msg: 'rebalancing',
    });
    expect(lines[0]).not.toHaveProperty('logger');
  });

  it('asks kafkajs for no more detail than pino will print', () => {
    expect(kafkajsLevelFor(capture('debug').logger)).toBe(logLevel.DEBUG);
    expect(kafkajsLevelFor(capture('warn').logger)).toBe(logLevel.WARN);
    expect(kafkajsLevelFor(capture('silent').logger)).toBe(logLevel.NOTHING);
  });
});
