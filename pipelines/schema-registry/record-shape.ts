import { PipelineError } from '../core/errors.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';
import type { AvroCodec, DecodeResult as AvroDecodeResult } from './avro-codec.ts';

/** The fields of a decoded Avro record. */
export type Fields = Readonly<Record<string, unknown>>;

/** Thrown by a record's shape reader at the first field of the wrong shape. */
export class ShapeProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export function recordFields(value: unknown): Fields {
  if (typeof value !== 'object' || value === null) throw new ShapeProblem('value is not a record');
  return value as Fields;
}

export function requiredString(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new ShapeProblem(`${name} is not a string`);
  return value;
}

export function requiredInstant(fields: Fields, name: string): Date {
  const value = fields[name];
  if (!(value instanceof Date)) throw new ShapeProblem(`${name} is not a timestamp`);
  return value;
}

/** Nullable fields absent from the writer's schema (an older version) read as null, their default. */
export function nullableString(fields: Fields, name: string): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ShapeProblem(`${name} is not a string or null`);
  return value;
}

export function nullableInteger(fields: Fields, name: string): number | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value)) throw new ShapeProblem(`${name} is not an integer or null`);
  return value as number;
}

export function nullableInstant(fields: Fields, name: string): Date | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date)) throw new ShapeProblem(`${name} is not a timestamp or null`);
  return value;
}

/**
 * Decodes records through the registry and reads them with `toValue`, which throws ShapeProblem for a value of
 * another shape (a record written with another schema on the topic, an unknown enum symbol): that record is
 * rejected with RECORD_DECODE_FAILED (details: schemaId, reason), other errors propagate.
 */
export function shapedDecoder<T>(
  codec: AvroCodec,
  typeName: string,
  toValue: (value: unknown) => T,
): RecordDecoder<T> {
  const read = (result: AvroDecodeResult): DecodeResult<T> => {
    if (!result.ok) return result;
    try {
      return { ok: true, value: toValue(result.value) };
    } catch (error) {
      if (!(error instanceof ShapeProblem)) throw error;
      return {
        ok: false,
        error: new PipelineError(
          'RECORD_DECODE_FAILED',
          `schema ${result.schemaId} is not a ${typeName}: ${error.reason}`,
          { details: { schemaId: result.schemaId, reason: error.reason } },
        ),
      };
    }
  };
  return {
    async decode(bytes) {
      return read(await codec.decode(bytes));
    },
    decodeSync(bytes) {
      const result = codec.decodeSync(bytes);
      return result === undefined ? undefined : read(result);
    },
  };
}
