import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import {
  nullableInstant,
  recordFields,
  requiredInstant,
  requiredString,
  shapedDecoder,
  ShapeProblem,
} from '../schema-registry/record-shape.ts';
import type { RecordDecoder } from '../streaming/decode-step.ts';
import { isIncidentCause, isIncidentStatus, type IncidentTicket } from './incident-ticket.ts';

/**
 * The IncidentTicket in a decoded value (decoding uses the writer's schema). An unknown status is a
 * problem (the event goes to the dead-letter topic); an unknown cause reads as UNKNOWN, as the schema's
 * enum default says (not excusable: counted against the SLA). Fields this code does not know are dropped.
 */
export function toIncidentTicket(value: unknown): IncidentTicket {
  const fields = recordFields(value);
  const status = requiredString(fields, 'status');
  if (!isIncidentStatus(status)) throw new ShapeProblem(`status ${status} is not a known ticket status`);
  const cause = fields['cause'] === undefined ? 'UNKNOWN' : requiredString(fields, 'cause');
  const planned = fields['plannedMaintenance'] ?? false;
  if (typeof planned !== 'boolean') throw new ShapeProblem('plannedMaintenance is not a boolean');
  const description = fields['description'] ?? '';
  if (typeof description !== 'string') throw new ShapeProblem('description is not a string');
  return {
    eventId: requiredString(fields, 'eventId'),
    ticketNumber: requiredString(fields, 'ticketNumber'),
    status,
    customerId: requiredString(fields, 'customerId'),
    service: requiredString(fields, 'service'),
    cause: isIncidentCause(cause) ? cause : 'UNKNOWN',
    plannedMaintenance: planned,
    startedAt: requiredInstant(fields, 'startedAt'),
    acknowledgedAt: nullableInstant(fields, 'acknowledgedAt'),
    resolvedAt: nullableInstant(fields, 'resolvedAt'),
    updatedAt: requiredInstant(fields, 'updatedAt'),
    description,
  };
}

/**
 * Decodes Avro ticket events through the registry into plain IncidentTicket objects, and rejects values
 * of another shape with RECORD_DECODE_FAILED (details: schemaId, reason).
 */
export function incidentTicketDecoder(codec: AvroCodec): RecordDecoder<IncidentTicket> {
  return shapedDecoder(codec, 'IncidentTicket', toIncidentTicket);
}
