/** The symbols of the Avro enum `net.cdrpipeline.incident.IncidentStatus`, in schema order. */
export const INCIDENT_STATUSES = ['OPENED', 'UPDATED', 'ACKNOWLEDGED', 'CLOSED'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The symbols of the Avro enum `net.cdrpipeline.incident.IncidentCause`, in schema order. */
export const INCIDENT_CAUSES = [
  'UNKNOWN',
  'OPERATOR_FAULT',
  'CUSTOMER_EQUIPMENT',
  'CUSTOMER_ACT',
  'PLANNED_MAINTENANCE',
  'OVER_CAPACITY',
  'THIRD_PARTY_OPERATOR',
  'CUSTOMER_NOT_COOPERATING',
  'FORCE_MAJEURE',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

/**
 * The contract's Excusable Events (CP "Engagements de niveau de service", DOMAIN.md 3): no credit for the
 * time they cover. OPERATOR_FAULT and UNKNOWN (not established yet) count against the SLA.
 */
export const EXCUSABLE_CAUSES: ReadonlySet<IncidentCause> = new Set<IncidentCause>([
  'CUSTOMER_EQUIPMENT',
  'CUSTOMER_ACT',
  'PLANNED_MAINTENANCE',
  'OVER_CAPACITY',
  'THIRD_PARTY_OPERATOR',
  'CUSTOMER_NOT_COOPERATING',
  'FORCE_MAJEURE',
]);

/** Service names: lower-case words joined by '-' (`hosted-telephony`, `access-link`, `sip-trunk`). */
export const SERVICE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A decoded `net.cdrpipeline.incident.IncidentTicket` (schemas/incident/IncidentTicket.avsc): one state
 * change of a failure ticket, carrying the ticket's whole state. Times are UTC instants; field meanings
 * are documented in the schema.
 */
export interface IncidentTicket {
  readonly eventId: string;
  readonly ticketNumber: string;
  readonly status: IncidentStatus;
  readonly customerId: string;
  readonly service: string;
  readonly cause: IncidentCause;
  readonly plannedMaintenance: boolean;
  readonly startedAt: Date;
  readonly acknowledgedAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly updatedAt: Date;
  readonly description: string;
}

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}

export function isIncidentCause(value: unknown): value is IncidentCause {
  return typeof value === 'string' && (INCIDENT_CAUSES as readonly string[]).includes(value);
}

/** An Excusable Event: an excusable cause, or announced maintenance whatever the cause says. */
export function isExcusable(ticket: Pick<IncidentTicket, 'cause' | 'plannedMaintenance'>): boolean {
  return ticket.plannedMaintenance || EXCUSABLE_CAUSES.has(ticket.cause);
}

function isValidInstant(value: Date | null): boolean {
  return value === null || !Number.isNaN(value.getTime());
}

/**
 * Checks what the Avro schema cannot say. Returns the reason a ticket event is unusable, or undefined.
 * The reason never quotes free text (the description).
 */
export function incidentTicketProblem(ticket: IncidentTicket): string | undefined {
  if (ticket.eventId.trim() === '') return 'eventId is empty';
  if (ticket.ticketNumber.trim() === '') return 'ticketNumber is empty';
  if (ticket.customerId.trim() === '') return 'customerId is empty';
  if (!SERVICE_NAME.test(ticket.service))
    return 'service must be lower-case words joined by "-" (e.g. hosted-telephony)';
  for (const name of ['startedAt', 'acknowledgedAt', 'resolvedAt', 'updatedAt'] as const) {
    if (!isValidInstant(ticket[name])) return `${name} is not a valid instant`;
  }
  const { startedAt, acknowledgedAt, resolvedAt } = ticket;
  if (resolvedAt !== null && resolvedAt.getTime() < startedAt.getTime())
    return 'resolvedAt is before startedAt';
  if (resolvedAt !== null && acknowledgedAt !== null && resolvedAt.getTime() < acknowledgedAt.getTime())
    return 'resolvedAt is before acknowledgedAt';
  if (ticket.status === 'CLOSED' && resolvedAt === null) return 'a CLOSED ticket needs resolvedAt';
  if (ticket.status === 'ACKNOWLEDGED' && acknowledgedAt === null)
    return 'an ACKNOWLEDGED ticket needs acknowledgedAt';
  if (ticket.cause === 'PLANNED_MAINTENANCE' && !ticket.plannedMaintenance)
    return 'cause PLANNED_MAINTENANCE needs plannedMaintenance true';
  return undefined;
}
