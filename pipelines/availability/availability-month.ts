import type { IncidentTicket } from '../incidents/incident-ticket.ts';
import type { Customer } from '../reference/reference-types.ts';
import { nextParisMonth, parisMonthBoundsMs, previousParisMonth } from '../time/paris-calendar.ts';
import { capCredits } from './credit-cap.ts';
import { HOSTED_TELEPHONY_SERVICE } from './service-availability.ts';
import { computeServiceMonth, ticketIntervalInMonth, type ServiceMonth } from './service-month.ts';
import { timeToRepair, type TimeToRepair } from './time-to-repair.ts';

/** Months before the computed one whose credits can share a 30-day window with it (February is 28 days). */
export const CAP_LOOKBACK_MONTHS = 2;

export interface AvailabilityMonthInput {
  /** `YYYY-MM`, Europe/Paris. */
  readonly month: string;
  /** Latest state of every ticket touching the month or the CAP_LOOKBACK_MONTHS before it. */
  readonly tickets: readonly IncidentTicket[];
  /** The reference customers (eligibility, service period). */
  readonly customers: readonly Customer[];
  /** The computation bound: open failures run to here. */
  readonly until: Date;
}

export interface AvailabilityMonth {
  readonly month: string;
  /** One row per (customer, service), sorted; creditRate is after the 20 % cap. */
  readonly rows: readonly ServiceMonth[];
  /** Time to repair of every ticket with failure time in the month, by ticket number. */
  readonly repairs: readonly TimeToRepair[];
  /** Tickets of customers missing from the reference data (rows are produced, marked not eligible). */
  readonly unknownCustomers: readonly string[];
}

/** Whether the customer is in service at some point of the month (order date to termination date). */
export function isCustomerActiveIn(customer: Customer, month: string): boolean {
  const first = `${month}-01`;
  const nextFirst = `${nextParisMonth(month)}-01`;
  return (
    customer.orderDate < nextFirst &&
    (customer.terminationDate === undefined || customer.terminationDate >= first)
  );
}

/**
 * The availability rows of a month, what `availability run` stores and invoicing reads:
 * - every customer active in the month gets a row for HOSTED_TELEPHONY_SERVICE (100 % when no failure), so
 *   invoicing can rely on a row;
 * - every active customer gets a row for each service that had a failure in the month (anyone's);
 * - a customer with a failure gets a row for that service even when not active or unknown (not eligible).
 * Credits are capped with the same customer's service over the CAP_LOOKBACK_MONTHS before (credit-cap.ts).
 */
export function computeAvailabilityMonth(input: AvailabilityMonthInput): AvailabilityMonth {
  const { month, until } = input;
  const bounds = parisMonthBoundsMs(month);
  const inMonth = input.tickets.filter((t) => ticketIntervalInMonth(t, bounds, until) !== undefined);
  const customers = new Map(input.customers.map((c) => [c.id, c]));
  const active = input.customers.filter((c) => isCustomerActiveIn(c, month));
  const services = new Set([HOSTED_TELEPHONY_SERVICE, ...inMonth.map((t) => t.service)]);
  const keys = new Map<string, { customerId: string; service: string }>();
  const add = (customerId: string, service: string): void => {
    keys.set(`${customerId}\u0000${service}`, { customerId, service });
  };
  for (const customer of active) for (const service of services) add(customer.id, service);
  for (const ticket of inMonth) add(ticket.customerId, ticket.service);

  const months = lookbackMonths(month);
  const rows = [...keys.values()]
    .sort((a, b) => compare(a.customerId, b.customerId) || compare(a.service, b.service))
    .map(({ customerId, service }) => {
      const slaEligible = customers.get(customerId)?.slaEligible ?? false;
      const tickets = input.tickets.filter((t) => t.customerId === customerId && t.service === service);
      const history = months.map((m) =>
        computeServiceMonth({ month: m, customerId, service, slaEligible, tickets, until }),
      );
      return withCap(history);
    });
  const repairs = inMonth
    .map((t) => timeToRepair(t, until))
    .sort((a, b) => compare(a.ticketNumber, b.ticketNumber));
  const unknownCustomers = [...new Set(inMonth.map((t) => t.customerId))]
    .filter((id) => !customers.has(id))
    .sort(compare);
  return { month, rows, repairs, unknownCustomers };
}

/** The computed month's row with its credit capped against the months before it (the last of `history`). */
function withCap(history: readonly ServiceMonth[]): ServiceMonth {
  const capped = capCredits(
    history.map((m) => ({ key: m.month, rate: m.uncappedCreditRate, span: m.countedSpan })),
  );
  const current = history.at(-1) as ServiceMonth;
  return { ...current, creditRate: capped.at(-1)?.cappedRate ?? current.uncappedCreditRate };
}

/** The CAP_LOOKBACK_MONTHS months before `month`, then `month`. */
function lookbackMonths(month: string): string[] {
  const months = [month];
  for (let i = 0; i < CAP_LOOKBACK_MONTHS; i++) months.unshift(previousParisMonth(months[0] ?? month));
  return months;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
