import { PipelineError } from '../core/errors.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';
import type { CallRecord } from './call-record.ts';

const requiredStrings = [
  'callId',
  'accountId',
  'caller',
  'callee',
  'disposition',
  'direction',
  'softswitch',
] as const;
const requiredDates = ['startTime', 'endTime'] as const;
const requiredIntegers = ['durationSeconds', 'billableSeconds'] as const;

/**
 * Reports why a decoded value is not a CallRecord (a record written with another schema on the topic),
 * or undefined when it has the CallRecord shape.
 */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'value is not a record';
  const fields = value as Record<string, unknown>;
  for (const name of requiredStrings) if (typeof fields[name] !== 'string') return `${name} is not a string`;
  for (const name of requiredDates) if (!(fields[name] instanceof Date)) return `${name} is not a timestamp`;
  for (const name of requiredIntegers)
    if (!Number.isInteger(fields[name])) return `${name} is not an integer`;
  return undefined;
}

/** Decodes Avro call records through the registry and rejects values of another shape. */
export function callRecordDecoder(codec: AvroCodec): RecordDecoder<CallRecord> {
  return {
    async decode(bytes: Buffer): Promise<DecodeResult<CallRecord>> {
      const result = await codec.decode(bytes);
      if (!result.ok) return result;
      const problem = shapeProblem(result.value);
      if (problem !== undefined) {
        return {
          ok: false,
          error: new PipelineError(
            'RECORD_DECODE_FAILED',
            `schema ${result.schemaId} is not a CallRecord: ${problem}`,
          ),
        };
      }
      return { ok: true, value: result.value as CallRecord };
    },
  };
}
