import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import {
  nullableInteger,
  nullableString,
  recordFields,
  requiredInstant,
  requiredString,
  shapedDecoder,
  ShapeProblem,
} from '../schema-registry/record-shape.ts';
import type { RecordDecoder } from '../streaming/decode-step.ts';
import { isRegistrationEventType, type RegistrationEvent } from './registration-event.ts';

/** The schema's default for softswitch, for values written with a schema that lacked the field. */
const DEFAULT_SOFTSWITCH = 'default';

/**
 * The RegistrationEvent in a decoded value. Throws ShapeProblem when the value is not one: a record
 * written with another schema on the topic, or a later version of this one with an event type this
 * code does not know (decoding uses the writer's schema, so only this check keeps unknown symbols out).
 * Fields this code does not know are dropped.
 */
function toRegistrationEvent(value: unknown): RegistrationEvent {
  const fields = recordFields(value);
  const type = requiredString(fields, 'type');
  if (!isRegistrationEventType(type))
    throw new ShapeProblem(`type ${type} is not a known registration event type`);
  return {
    eventId: requiredString(fields, 'eventId'),
    accountId: requiredString(fields, 'accountId'),
    type,
    timestamp: requiredInstant(fields, 'timestamp'),
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

/**
 * Decodes Avro registration events through the registry into plain RegistrationEvent objects, and
 * rejects values of another shape with RECORD_DECODE_FAILED (details: schemaId, reason).
 */
export function registrationEventDecoder(codec: AvroCodec): RecordDecoder<RegistrationEvent> {
  return shapedDecoder(codec, 'RegistrationEvent', toRegistrationEvent);
}
