import { PipelineError } from '../core/errors.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import type { DecodeResult, RecordDecoder } from '../streaming/decode-step.ts';
import { isIncidentCause, isIncidentStatus, type IncidentTicket } from './incident-ticket.ts';

type Fields = Readonly<Record<string, unknown>>;

/** Thrown inside `toIncidentTicket` only, to stop at the first field of the wrong shape. */
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

function requiredInstant(fields: Fields, name: string): Date {
  const value = fields[name];
  if (!(value instanceof Date)) throw new ShapeProblem(`${name} is not a timestamp`);
  return value;
}

/** Nullable fields absent from the writer's schema (an older version) read as null, their default. */
function nullableInstant(fields: Fields, name: string): Date | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date)) throw new ShapeProblem(`${name} is not a timestamp or null`);
  return value;
}

/**
 * The IncidentTicket in a decoded value (decoding uses the writer's schema). An unknown status is a
 * problem (the event goes to the dead-letter topic); an unknown cause reads as UNKNOWN, as the schema's
 * enum default says (not excusable: counted against the SLA). Fields this code does not know are dropped.
 */
export function toIncidentTicket(value: unknown): IncidentTicket {
  if (typeof value !== 'object' || value === null) throw new ShapeProblem('value is not a record');
  const fields = value as Fields;
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
  return {
    async decode(bytes: Buffer): Promise<DecodeResult<IncidentTicket>> {
      const result = await codec.decode(bytes);
      if (!result.ok) return result;
      try {
        return { ok: true, value: toIncidentTicket(result.value) };
      } catch (error) {
        if (!(error instanceof ShapeProblem)) throw error;
        return {
          ok: false,
          error: new PipelineError(
            'RECORD_DECODE_FAILED',
            `schema ${result.schemaId} is not an IncidentTicket: ${error.reason}`,
            { details: { schemaId: result.schemaId, reason: error.reason } },
          ),
        };
      }
    },
  };
}
