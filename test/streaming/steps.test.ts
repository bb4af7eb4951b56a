import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { DeadLetter } from '../../pipelines/streaming/dead-letter.ts';
import { deadLetterStep } from '../../pipelines/streaming/dead-letter-step.ts';
import { decodeStep, type DecodeResult, type RecordDecoder } from '../../pipelines/streaming/decode-step.ts';
import type { PartitionBatch, SourceRecord } from '../../pipelines/streaming/source-record.ts';
import { pipe, type BatchContext } from '../../pipelines/streaming/step.ts';

// A decoder over JSON text: the decode step's logic is what is under test here, not Avro.
const jsonDecoder: RecordDecoder<{ n: number }> = {
  decode(bytes: Buffer): Promise<DecodeResult<{ n: number }>> {
    try {
      return Promise.resolve({ ok: true, value: JSON.parse(bytes.toString('utf8')) as { n: number } });
    } catch {
      return Promise.resolve({ ok: false, error: new PipelineError('RECORD_DECODE_FAILED', 'not JSON') });
    }
  },
};

function record(offset: number, value: string | null): SourceRecord {
  return {
    topic: 't',
    partition: 0,
    offset: String(offset),
    timestamp: '0',
    key: null,
    value: value === null ? null : Buffer.from(value),
    headers: {},
  };
}

const batch: PartitionBatch = {
  topic: 't',
  partition: 0,
  records: [
    record(10, '{"n":1}'),
    record(11, 'garbage'),
    record(12, null),
    record(13, '{"n":-5}'),
    record(14, '{"n":2}'),
  ],
};
const context: BatchContext = {
  topic: 't',
  partition: 0,
  firstOffset: '10',
  lastOffset: '14',
  logger: silentLogger(),
};

describe('decode and dead-letter steps', () => {
  it('separates good records from undecodable, empty and invalid ones, each with its reason', async () => {
    const step = decodeStep(jsonDecoder, (v) => (v.n < 0 ? `n must be positive, got ${v.n}` : undefined));
    const result = await step.run(batch, context);
    expect(result.decoded.map((d) => [d.record.offset, d.value.n])).toEqual([
      ['10', 1],
      ['14', 2],
    ]);
    expect(result.rejected.map((r) => [r.record.offset, r.error.code, r.error.message])).toEqual([
      ['11', 'RECORD_DECODE_FAILED', 'not JSON'],
      ['12', 'RECORD_DECODE_FAILED', 'record has no value (tombstone)'],
      ['13', 'RECORD_INVALID', 'n must be positive, got -5'],
    ]);
  });

  it('publishes dead letters before passing on, and not twice when the batch is retried', async () => {
    const published: DeadLetter[][] = [];
    const chain = pipe(
      decodeStep(jsonDecoder, () => undefined),
      deadLetterStep<{ n: number }>({
        publish: (letters) => {
          published.push([...letters]);
          return Promise.resolve();
        },
      }),
    );
    const first = await chain.run(batch, context);
    await chain.run(batch, context);
    expect(first.decoded).toHaveLength(3);
    expect(published).toHaveLength(1);
    expect(published[0]?.map((l) => l.record.offset)).toEqual(['11', '12']);
    expect(chain.name).toBe('decode > dead-letter');
  });

  it('does not pass records on when the dead-letter sink fails', async () => {
    const failure = new PipelineError('KAFKA_UNAVAILABLE', 'dlq down', { retriable: true });
    const chain = pipe(
      decodeStep(jsonDecoder, () => undefined),
      deadLetterStep<{ n: number }>({ publish: () => Promise.reject(failure) }),
    );
    await expect(chain.run(batch, context)).rejects.toBe(failure);
  });
});
