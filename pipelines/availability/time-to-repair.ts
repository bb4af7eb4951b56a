import { MS_PER_HOUR } from '../time/civil-days.ts';
import type { IncidentTicket } from '../incidents/incident-ticket.ts';

/** Target time to repair: 4 hours from the operator's acknowledgement (reported, no penalty). */
export const REPAIR_TARGET_MS = 4 * MS_PER_HOUR;

/**
 * - met: resolved within 4 hours of the acknowledgement (exactly 4 hours meets it);
 * - missed: resolved later;
 * - running: acknowledged, not resolved, within the 4 hours so far;
 * - overdue: acknowledged, not resolved, more than 4 hours already;
 * - not-acknowledged: no acknowledgement yet, the clock has not started.
 */
export type RepairStatus = 'met' | 'missed' | 'running' | 'overdue' | 'not-acknowledged';

export interface TimeToRepair {
  readonly ticketNumber: string;
  readonly customerId: string;
  readonly service: string;
  readonly acknowledgedAt: Date | null;
  readonly resolvedAt: Date | null;
  /** Resolution (or `until` while open) minus acknowledgement, in milliseconds; null when not acknowledged. */
  readonly repairMs: number | null;
  readonly status: RepairStatus;
}

export function timeToRepair(ticket: IncidentTicket, until: Date): TimeToRepair {
  const { acknowledgedAt, resolvedAt } = ticket;
  const base = {
    ticketNumber: ticket.ticketNumber,
    customerId: ticket.customerId,
    service: ticket.service,
    acknowledgedAt,
    resolvedAt,
  };
  if (acknowledgedAt === null) return { ...base, repairMs: null, status: 'not-acknowledged' };
  const end = resolvedAt ?? until;
  const repairMs = Math.max(0, end.getTime() - acknowledgedAt.getTime());
  const withinTarget = repairMs <= REPAIR_TARGET_MS;
  const status: RepairStatus =
    resolvedAt === null ? (withinTarget ? 'running' : 'overdue') : withinTarget ? 'met' : 'missed';
  return { ...base, repairMs, status };
}
