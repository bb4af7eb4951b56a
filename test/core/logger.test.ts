import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskNumber } from '../../pipelines/core/logger.ts';

describe('logger', () => {
  it('masks phone numbers, keeping only the prefix and the last two digits', () => {
    expect(maskNumber('+33612345678')).toBe('+336******78');
    expect(maskNumber('112')).toBe('***');
  });

  it('writes NDJSON with number fields masked', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger({ level: 'info', name: 'test' }, sink).child({ component: 'rating' });
    logger.info({ callee: '+33612345678', call: { caller: '+33123456789' } }, 'rated');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'info',
      name: 'test',
      component: 'rating',
      msg: 'rated',
      callee: '+336******78',
    });
    expect(entry['call']).toEqual({ caller: '+331******89' });
    expect(lines[0]).not.toContain('12345678');
  });
});
