import { clickHouseDateTime64 } from '../ingest/call-record.ts';
import type { Decoded } from '../streaming/decode-step.ts';
import {
  isIncidentCause,
  isIncidentStatus,
  type IncidentStatus,
  type IncidentTicket,
} from './incident-ticket.ts';

/** The ClickHouse table of tickets (infra/clickhouse/migrations/0007_incidents.sql). */
export const INCIDENTS_TABLE = 'incidents';

const STATUS_RANK: Readonly<Record<IncidentStatus, number>> = {
  OPENED: 0,
  UPDATED: 1,
  ACKNOWLEDGED: 2,
  CLOSED: 3,
};

/**
 * The ReplacingMergeTree version of a ticket event: updatedAt in milliseconds x 4 + the status rank, so a
 * later change wins and, at the same millisecond, the further status wins. Below 2^53 until year 2527.
 */
export function incidentVersion(ticket: Pick<IncidentTicket, 'updatedAt' | 'status'>): number {
  return ticket.updatedAt.getTime() * 4 + STATUS_RANK[ticket.status];
}

/** Where a row came from: a Kafka record, or a line of an imported file. */
export type IncidentRowSource =
  | { readonly kind: 'kafka'; readonly topic: string; readonly partition: number; readonly offset: string }
  | { readonly kind: 'file'; readonly name: string };

/** One row of `incidents`. */
export function incidentRow(ticket: IncidentTicket, source: IncidentRowSource): Record<string, unknown> {
  return {
    ticket_number: ticket.ticketNumber,
    event_id: ticket.eventId,
    status: ticket.status,
    customer_id: ticket.customerId,
    service: ticket.service,
    cause: ticket.cause,
    planned_maintenance: ticket.plannedMaintenance,
    started_at: clickHouseDateTime64(ticket.startedAt),
    acknowledged_at: ticket.acknowledgedAt === null ? null : clickHouseDateTime64(ticket.acknowledgedAt),
    resolved_at: ticket.resolvedAt === null ? null : clickHouseDateTime64(ticket.resolvedAt),
    updated_at: clickHouseDateTime64(ticket.updatedAt),
    description: ticket.description,
    version: incidentVersion(ticket),
    ...(source.kind === 'kafka'
      ? {
          source: 'kafka',
          kafka_topic: source.topic,
          kafka_partition: source.partition,
          kafka_offset: source.offset,
        }
      : { source: `file:${source.name}`, kafka_topic: '', kafka_partition: 0, kafka_offset: 0 }),
  };
}

/** The row of a ticket event consumed from Kafka, with its provenance (for the Kafka sink). */
export function incidentRowFromKafka({ record, value }: Decoded<IncidentTicket>): Record<string, unknown> {
  return incidentRow(value, {
    kind: 'kafka',
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
  });
}

/** The columns `ticketFromRow` reads, instants as epoch milliseconds (see INCIDENT_SELECT). */
export interface IncidentReadRow {
  readonly ticket_number: string;
  readonly event_id: string;
  readonly status: string;
  readonly customer_id: string;
  readonly service: string;
  readonly cause: string;
  readonly planned_maintenance: boolean | number;
  readonly started_ms: string | number;
  readonly acknowledged_ms: string | number | null;
  readonly resolved_ms: string | number | null;
  readonly updated_ms: string | number;
  readonly description: string;
}

/** The select list matching IncidentReadRow. */
export const INCIDENT_SELECT = `ticket_number, event_id, status, customer_id, service, cause, planned_maintenance,
  toUnixTimestamp64Milli(started_at) AS started_ms,
  toUnixTimestamp64Milli(acknowledged_at) AS acknowledged_ms,
  toUnixTimestamp64Milli(resolved_at) AS resolved_ms,
  toUnixTimestamp64Milli(updated_at) AS updated_ms,
  description`;

/** A stored ticket read back. Status and cause were validated on the way in; unknown ones read as UNKNOWN/UPDATED. */
export function ticketFromRow(row: IncidentReadRow): IncidentTicket {
  const instant = (value: string | number | null): Date | null =>
    value === null ? null : new Date(Number(value));
  return {
    eventId: row.event_id,
    ticketNumber: row.ticket_number,
    status: isIncidentStatus(row.status) ? row.status : 'UPDATED',
    customerId: row.customer_id,
    service: row.service,
    cause: isIncidentCause(row.cause) ? row.cause : 'UNKNOWN',
    plannedMaintenance: row.planned_maintenance === true || row.planned_maintenance === 1,
    startedAt: new Date(Number(row.started_ms)),
    acknowledgedAt: instant(row.acknowledged_ms),
    resolvedAt: instant(row.resolved_ms),
    updatedAt: new Date(Number(row.updated_ms)),
    description: row.description,
  };
}
