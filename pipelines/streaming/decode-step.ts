import { PipelineError } from '../core/errors.ts';
import type { DeadLetter } from './dead-letter.ts';
import type { PartitionBatch, SourceRecord } from './source-record.ts';
import type { Step } from './step.ts';

export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: PipelineError };

/** Turns bytes into a value. Record faults come back as `ok: false`; infrastructure faults throw (retriable). */
export interface RecordDecoder<T> {
  decode(bytes: Buffer): Promise<DecodeResult<T>>;
  /**
   * Optional synchronous path with the same results as `decode`, or undefined when it cannot answer
   * without I/O (e.g. a schema not fetched yet): the step then awaits `decode` for that record. Saves a
   * promise and a microtask per record.
   */
  decodeSync?(bytes: Buffer): DecodeResult<T> | undefined;
}

/** Checks a decoded value; returns the reason it is unusable, or undefined when it is fine. */
export type RecordValidator<T> = (value: T) => string | undefined;

export interface Decoded<T> {
  readonly record: SourceRecord;
  readonly value: T;
}

export interface DecodedBatch<T> {
  readonly batch: PartitionBatch;
  readonly decoded: readonly Decoded<T>[];
  readonly rejected: readonly DeadLetter[];
}

export function decodeStep<T>(
  decoder: RecordDecoder<T>,
  validate: RecordValidator<T>,
): Step<PartitionBatch, DecodedBatch<T>> {
  return {
    name: 'decode',
    async run(batch) {
      const decoded: Decoded<T>[] = [];
      const rejected: DeadLetter[] = [];
      for (const record of batch.records) {
        if (record.value === null) {
          rejected.push({
            record,
            error: new PipelineError('RECORD_DECODE_FAILED', 'record has no value (tombstone)'),
          });
          continue;
        }
        const result = decoder.decodeSync?.(record.value) ?? (await decoder.decode(record.value));
        if (!result.ok) {
          rejected.push({ record, error: result.error });
          continue;
        }
        const problem = validate(result.value);
        if (problem === undefined) decoded.push({ record, value: result.value });
        else rejected.push({ record, error: new PipelineError('RECORD_INVALID', problem) });
      }
      return { batch, decoded, rejected };
    },
  };
}
