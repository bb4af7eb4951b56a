import type { Decimal } from 'decimal.js';

/** The service a subscription belongs to when nothing else is said: the hosted-telephony plan. */
export const HOSTED_TELEPHONY_SERVICE = 'hosted-telephony';

/**
 * Availability of one service of one customer over one Europe/Paris calendar month (DOMAIN.md 3), and the
 * credit rate it earns. Stored in ClickHouse `sla_availability` (migration 0006); invoicing applies
 * `creditRate` to the monthly amount invoiced for `service`.
 */
export interface ServiceAvailability {
  /** `YYYY-MM`, Europe/Paris. */
  readonly month: string;
  readonly customerId: string;
  readonly service: string;
  readonly minutesInMonth: number;
  /** Minutes counted against the SLA: incidents merged (a minute counts once), excusable events excluded. */
  readonly unavailableMinutes: number;
  /** Minutes of excusable events (no credit). */
  readonly excusedMinutes: number;
  /** Exact: (minutesInMonth - unavailableMinutes) / minutesInMonth x 100. */
  readonly availabilityPercent: Decimal;
  readonly slaEligible: boolean;
  /** 0, 0.05, 0.10 or 0.20 of the service's monthly amount; 0 when not eligible. */
  readonly creditRate: Decimal;
  /** Ticket numbers that contributed (counted or excused). */
  readonly tickets: readonly string[];
}
