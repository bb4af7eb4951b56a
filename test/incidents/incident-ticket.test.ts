import { describe, expect, it } from 'vitest';
import { loadAvroSchema } from '../../pipelines/schema-registry/avro-codec.ts';
import { parseIncidentFile } from '../../pipelines/incidents/incident-file.ts';
import { incidentRow, incidentVersion } from '../../pipelines/incidents/incident-row.ts';
import { toIncidentTicket } from '../../pipelines/incidents/incident-ticket-decoder.ts';
import {
  EXCUSABLE_CAUSES,
  INCIDENT_CAUSES,
  INCIDENT_STATUSES,
  incidentTicketProblem,
  isExcusable,
  type IncidentTicket,
} from '../../pipelines/incidents/incident-ticket.ts';
import { INCIDENT_TICKET_SCHEMA_FILE } from '../../pipelines/incidents/schema-file.ts';

const base: IncidentTicket = {
  eventId: 'T-1/1',
  ticketNumber: 'T-1',
  status: 'OPENED',
  customerId: 'C-1001',
  service: 'hosted-telephony',
  cause: 'UNKNOWN',
  plannedMaintenance: false,
  startedAt: new Date('2026-06-10T08:00:00Z'),
  acknowledgedAt: null,
  resolvedAt: null,
  updatedAt: new Date('2026-06-10T08:01:00Z'),
  description: 'no dial tone',
};

describe('the IncidentTicket schema and type', () => {
  it('has the enums of the code, namespaced, with an UNKNOWN default for causes added later', async () => {
    const schema = await loadAvroSchema(INCIDENT_TICKET_SCHEMA_FILE);
    expect(schema.subject).toBe('net.cdrpipeline.incident.IncidentTicket');
    const json = JSON.parse(schema.text) as { fields: { name: string; type: unknown; default?: unknown }[] };
    const typeOf = (name: string) =>
      json.fields.find((f) => f.name === name)?.type as { symbols: string[]; default?: string };
    expect(typeOf('status').symbols).toEqual([...INCIDENT_STATUSES]);
    expect(typeOf('cause').symbols).toEqual([...INCIDENT_CAUSES]);
    expect(typeOf('cause').default).toBe('UNKNOWN');
    // A value round-trips through Avro as the same ticket.
    const ticket = { ...base, acknowledgedAt: new Date('2026-06-10T08:05:00Z') };
    expect(toIncidentTicket(schema.type.fromBuffer(schema.type.toBuffer(ticket)))).toEqual(ticket);
  });

  it('reads a cause this code does not know as UNKNOWN (counted against the SLA), and refuses an unknown status', () => {
    expect(toIncidentTicket({ ...base, cause: 'SOLAR_FLARE' }).cause).toBe('UNKNOWN');
    expect(() => toIncidentTicket({ ...base, status: 'CANCELLED' })).toThrow(/status CANCELLED/);
  });

  it('knows the Excusable Events of the contract', () => {
    expect([...EXCUSABLE_CAUSES].sort()).toEqual([
      'CUSTOMER_ACT',
      'CUSTOMER_EQUIPMENT',
      'CUSTOMER_NOT_COOPERATING',
      'FORCE_MAJEURE',
      'OVER_CAPACITY',
      'PLANNED_MAINTENANCE',
      'THIRD_PARTY_OPERATOR',
    ]);
    expect(isExcusable({ cause: 'OPERATOR_FAULT', plannedMaintenance: false })).toBe(false);
    expect(isExcusable({ cause: 'UNKNOWN', plannedMaintenance: false })).toBe(false);
    expect(isExcusable({ cause: 'OPERATOR_FAULT', plannedMaintenance: true })).toBe(true);
  });

  it('validates what the schema cannot say', () => {
    expect(incidentTicketProblem(base)).toBeUndefined();
    expect(incidentTicketProblem({ ...base, ticketNumber: ' ' })).toBe('ticketNumber is empty');
    expect(incidentTicketProblem({ ...base, service: 'Hosted Telephony' })).toMatch(/service must be/);
    expect(incidentTicketProblem({ ...base, resolvedAt: new Date('2026-06-10T07:00:00Z') })).toBe(
      'resolvedAt is before startedAt',
    );
    expect(
      incidentTicketProblem({
        ...base,
        acknowledgedAt: new Date('2026-06-10T10:00:00Z'),
        resolvedAt: new Date('2026-06-10T09:00:00Z'),
      }),
    ).toBe('resolvedAt is before acknowledgedAt');
    expect(incidentTicketProblem({ ...base, status: 'CLOSED' })).toBe('a CLOSED ticket needs resolvedAt');
    expect(incidentTicketProblem({ ...base, status: 'ACKNOWLEDGED' })).toBe(
      'an ACKNOWLEDGED ticket needs acknowledgedAt',
    );
    expect(incidentTicketProblem({ ...base, cause: 'PLANNED_MAINTENANCE' })).toMatch(
      /plannedMaintenance true/,
    );
    expect(incidentTicketProblem({ ...base, startedAt: new Date(Number.NaN) })).toBe(
      'startedAt is not a valid instant',
    );
  });

  it('orders the states of a ticket by updatedAt, then status', () => {
    const at = (iso: string) => new Date(iso);
    expect(incidentVersion({ ...base, updatedAt: at('2026-06-10T09:00:00Z') })).toBeGreaterThan(
      incidentVersion({ ...base, status: 'CLOSED', updatedAt: at('2026-06-10T08:59:59.999Z') }),
    );
    expect(incidentVersion({ ...base, status: 'CLOSED' })).toBeGreaterThan(
      incidentVersion({ ...base, status: 'ACKNOWLEDGED' }),
    );
    expect(incidentRow(base, { kind: 'file', name: 'x.csv' })).toMatchObject({
      ticket_number: 'T-1',
      started_at: '2026-06-10 08:00:00.000',
      resolved_at: null,
      source: 'file:x.csv',
      kafka_topic: '',
    });
  });
});

describe('ticket files', () => {
  it('reads CSV with a header in any order and rejects bad rows with their line and reason', () => {
    const csv = [
      'ticketNumber,eventId,status,customerId,service,cause,plannedMaintenance,startedAt,acknowledgedAt,resolvedAt,updatedAt,description',
      'T-1,T-1/1,closed,C-1001,hosted-telephony,third-party-operator,false,2026-06-10T08:00:00Z,,2026-06-10T09:00:00Z,2026-06-10T09:00:00Z,"carrier outage, fixed"',
      'T-2,T-2/1,closed,C-1001,hosted-telephony,operator-fault,,2026-06-10 08:00,,2026-06-10T09:00:00Z,2026-06-10T09:00:00Z,',
      'T-3,T-3/1,reopened,C-1001,hosted-telephony,,,2026-06-10T08:00:00Z,,,2026-06-10T09:00:00Z,',
      'T-4,T-4/1,opened,C-1001',
    ].join('\r\n');
    const rows = parseIncidentFile(csv, 'csv');
    expect(rows[0]).toMatchObject({
      ok: true,
      line: 2,
      ticket: { cause: 'THIRD_PARTY_OPERATOR', description: 'carrier outage, fixed' },
    });
    expect(rows.slice(1).map((r) => (r.ok ? r.line : [r.line, r.reason]))).toEqual([
      [3, 'startedAt must be an ISO 8601 instant with Z or an offset'],
      [4, 'status REOPENED is not a known ticket status'],
      [5, 'expected 12 fields as in the header, got 4'],
    ]);
  });

  it('reads JSON Lines with epoch milliseconds or ISO instants', () => {
    const rows = parseIncidentFile(
      `${JSON.stringify({ ...base, startedAt: Date.UTC(2026, 5, 10, 8), updatedAt: '2026-06-10T10:01:00+02:00', acknowledgedAt: null })}\n\n[1]\n`,
      'jsonl',
    );
    expect(rows[0]).toEqual({ ok: true, line: 1, ticket: base });
    expect(rows[1]).toMatchObject({ ok: false, line: 3, reason: 'not a JSON object' });
  });
});
