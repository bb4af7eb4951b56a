import { PipelineError } from '../core/errors.ts';
import type { AvroCodec, DecodeResult as AvroDecodeResult } from '../schema-registry/avro-codec.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';
import type { CallRecord } from './call-record.ts';

/**
 * Reports why a decoded value is not a CallRecord (a record written with another schema on the topic),
 * or undefined when it has the CallRecord shape. Field by field, written out: this runs once per record.
 */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'value is not a record';
  const fields = value as Record<string, unknown>;
  if (typeof fields['callId'] !== 'string') return 'callId is not a string';
  if (typeof fields['accountId'] !== 'string') return 'accountId is not a string';
  if (typeof fields['caller'] !== 'string') return 'caller is not a string';
  if (typeof fields['callee'] !== 'string') return 'callee is not a string';
  if (typeof fields['disposition'] !== 'string') return 'disposition is not a string';
  if (typeof fields['direction'] !== 'string') return 'direction is not a string';
  if (typeof fields['softswitch'] !== 'string') return 'softswitch is not a string';
  if (!(fields['startTime'] instanceof Date)) return 'startTime is not a timestamp';
  if (!(fields['endTime'] instanceof Date)) return 'endTime is not a timestamp';
  if (!Number.isInteger(fields['durationSeconds'])) return 'durationSeconds is not an integer';
  if (!Number.isInteger(fields['billableSeconds'])) return 'billableSeconds is not an integer';
  return undefined;
}

function toCallRecord(result: AvroDecodeResult): DecodeResult<CallRecord> {
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
}

/** Decodes Avro call records through the registry and rejects values of another shape. */
export function callRecordDecoder(codec: AvroCodec): RecordDecoder<CallRecord> {
  return {
    async decode(bytes: Buffer): Promise<DecodeResult<CallRecord>> {
      return toCallRecord(await codec.decode(bytes));
    },
    decodeSync(bytes: Buffer): DecodeResult<CallRecord> | undefined {
      const result = codec.decodeSync(bytes);
      return result === undefined ? undefined : toCallRecord(result);
    },
  };
}
