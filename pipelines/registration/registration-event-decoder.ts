import { PipelineError } from '../core/errors.ts';
import type { AvroCodec, DecodeResult as AvroDecodeResult } from '../schema-registry/avro-codec.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';
import { isRegistrationEventType, type RegistrationEvent } from './registration-event.ts';

type Fields = Readonly<Record<string, unknown>>;

/** The schema's default for softswitch, for values written with a schema that lacked the field. */
const DEFAULT_SOFTSWITCH = 'default';

/** Thrown inside `toRegistrationEvent` only, to stop at the first field of the wrong shape. */
class ShapeProblem extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function requiredString(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new ShapeProblem(`${name} is not a string`);
  return value;
}

/** Nullable fields absent from the writer's schema (an older version) read as null, their default. */
function nullableString(fields: Fields, name: string): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ShapeProblem(`${name} is not a string or null`);
  return value;
}

function nullableInteger(fields: Fields, name: string): number | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value)) throw new ShapeProblem(`${name} is not an integer or null`);
  return value as number;
}

/**
 * The RegistrationEvent in a decoded value. Throws ShapeProblem when the value is not one: a record
 * written with another schema on the topic, or a later version of this one with an event type this
 * code does not know (decoding uses the writer's schema, so only this check keeps unknown symbols out).
 * Fields this code does not know are dropped.
 */
function toRegistrationEvent(value: unknown): RegistrationEvent {
  if (typeof value !== 'object' || value === null) throw new ShapeProblem('value is not a record');
  const fields = value as Fields;
  const type = requiredString(fields, 'type');
  if (!isRegistrationEventType(type))
    throw new ShapeProblem(`type ${type} is not a known registration event type`);
  const timestamp = fields['timestamp'];
  if (!(timestamp instanceof Date)) throw new ShapeProblem('timestamp is not a timestamp');
  return {
    eventId: requiredString(fields, 'eventId'),
    accountId: requiredString(fields, 'accountId'),
    type,
    timestamp,
    contact: nullableString(fields, 'contact'),
    instanceId: nullableString(fields, 'instanceId'),
    sourceIp: nullableString(fields, 'sourceIp'),
    sourcePort: nullableInteger(fields, 'sourcePort'),
    userAgent: nullableString(fields, 'userAgent'),
    expiresSeconds: nullableInteger(fields, 'expiresSeconds'),
    authFailureReason: nullableString(fields, 'authFailureReason'),
    realm: nullableString(fields, 'realm'),
    softswitch:
      fields['softswitch'] === undefined ? DEFAULT_SOFTSWITCH : requiredString(fields, 'softswitch'),
  };
}

function toRegistrationEventResult(result: AvroDecodeResult): DecodeResult<RegistrationEvent> {
  if (!result.ok) return result;
  try {
    return { ok: true, value: toRegistrationEvent(result.value) };
  } catch (error) {
    if (!(error instanceof ShapeProblem)) throw error;
    return {
      ok: false,
      error: new PipelineError(
        'RECORD_DECODE_FAILED',
        `schema ${result.schemaId} is not a RegistrationEvent: ${error.reason}`,
        { details: { schemaId: result.schemaId, reason: error.reason } },
      ),
    };
  }
}

/**
 * Decodes Avro registration events through the registry into plain RegistrationEvent objects, and
 * rejects values of another shape with RECORD_DECODE_FAILED (details: schemaId, reason).
 */
export function registrationEventDecoder(codec: AvroCodec): RecordDecoder<RegistrationEvent> {
  return {
    async decode(bytes: Buffer): Promise<DecodeResult<RegistrationEvent>> {
      return toRegistrationEventResult(await codec.decode(bytes));
    },
    decodeSync(bytes: Buffer): DecodeResult<RegistrationEvent> | undefined {
      const result = codec.decodeSync(bytes);
      return result === undefined ? undefined : toRegistrationEventResult(result);
    },
  };
}
