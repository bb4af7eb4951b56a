import type { IncidentTicket } from '../../pipelines/incidents/incident-ticket.ts';
import type { Customer } from '../../pipelines/reference/reference-types.ts';

let sequence = 0;

/** A closed operator-fault ticket of C-1 on hosted-telephony; override what the test is about. */
export function ticket(overrides: Partial<IncidentTicket> & { startedAt: Date }): IncidentTicket {
  sequence += 1;
  const ticketNumber = overrides.ticketNumber ?? `T-${String(sequence).padStart(4, '0')}`;
  return {
    eventId: `${ticketNumber}/1`,
    ticketNumber,
    status: overrides.resolvedAt === null ? 'ACKNOWLEDGED' : 'CLOSED',
    customerId: 'C-1',
    service: 'hosted-telephony',
    cause: 'OPERATOR_FAULT',
    plannedMaintenance: false,
    acknowledgedAt: overrides.startedAt,
    resolvedAt: null,
    updatedAt: overrides.resolvedAt ?? overrides.startedAt,
    description: '',
    ...overrides,
  };
}

/** A ticket of `minutes` (and `extraMs`) from `start`. */
export function outage(
  start: string,
  minutes: number,
  overrides: Partial<IncidentTicket> = {},
  extraMs = 0,
): IncidentTicket {
  const startedAt = new Date(start);
  return ticket({
    startedAt,
    resolvedAt: new Date(startedAt.getTime() + minutes * 60_000 + extraMs),
    ...overrides,
  });
}

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return {
    id,
    name: id,
    category: 'business',
    slaEligible: true,
    planId: 'illimite-national',
    orderDate: '2024-01-01',
    overrides: { limits: {}, thresholds: {} },
    ...overrides,
  };
}

/** Well after every month the tests compute: every ticket is resolved by then. */
export const LATER = new Date('2030-01-01T00:00:00Z');
