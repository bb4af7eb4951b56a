import { Decimal } from 'decimal.js';
import { MS_PER_MINUTE } from '../time/civil-days.ts';
import { parisMonthBoundsMs, parisMonthLengthMinutes } from '../time/paris-calendar.ts';
import { isExcusable, type IncidentTicket } from '../incidents/incident-ticket.ts';
import { availabilityPercent, creditRateForMinutes } from './credit-tiers.ts';
import { clipInterval, mergeIntervals, subtractIntervals, totalMs, type Interval } from './intervals.ts';
import type { ServiceAvailability } from './service-availability.ts';

/** One customer's service over one Paris month, before the 20 % cap across months (credit-cap.ts). */
export interface ServiceMonth extends ServiceAvailability {
  /** The credit rate of the month's own availability (0 when not eligible), before the cap. */
  readonly uncappedCreditRate: Decimal;
  /**
   * From the first to the last instant counted against the SLA in the month; null when none. The cap
   * groups credits whose spans fit in 30 consecutive days.
   */
  readonly countedSpan: Interval | null;
}

export interface ServiceMonthInput {
  /** `YYYY-MM`, Europe/Paris. */
  readonly month: string;
  readonly customerId: string;
  readonly service: string;
  readonly slaEligible: boolean;
  /** The customer's tickets of this service (latest state of each); others are ignored. */
  readonly tickets: readonly IncidentTicket[];
  /** The computation bound: open failures run to here; nothing after it is counted. */
  readonly until: Date;
}

/** A ticket's unavailability `[startedAt, resolvedAt or until)` inside the month and before `until`. */
export function ticketIntervalInMonth(
  ticket: Pick<IncidentTicket, 'startedAt' | 'resolvedAt'>,
  month: Interval,
  until: Date,
): Interval | undefined {
  const horizon = Math.min(month.endMs, until.getTime());
  return clipInterval(
    { startMs: ticket.startedAt.getTime(), endMs: ticket.resolvedAt?.getTime() ?? horizon },
    { startMs: month.startMs, endMs: horizon },
  );
}

/**
 * Availability of one service of one customer over a Paris calendar month (DOMAIN.md 3):
 * - each ticket's failure is clipped to the month (a failure spanning months is split at Paris midnight)
 *   and to `until` (an open failure runs to it);
 * - failures are merged so that an instant counts once;
 * - an instant covered by any non-excusable failure counts against the SLA, even when an Excusable Event
 *   covers it too; excused time is what Excusable Events cover and nothing counted covers;
 * - time is counted in milliseconds, then turned into minutes once per month: unavailable minutes rounded
 *   up (a started minute counts, the customer's side), excused minutes rounded down (so counted + excused
 *   never exceed the month);
 * - the month's length is the Paris month's (DST months have 60 minutes fewer or more);
 * - customers without SLA eligibility get creditRate 0 (slaEligible false marks them).
 */
export function computeServiceMonth(input: ServiceMonthInput): ServiceMonth {
  const { startMs, endMs } = parisMonthBoundsMs(input.month);
  const month = { startMs, endMs };
  const minutesInMonth = parisMonthLengthMinutes(input.month);
  const counted: Interval[] = [];
  const excusable: Interval[] = [];
  const tickets = new Set<string>();
  for (const ticket of input.tickets) {
    if (ticket.customerId !== input.customerId || ticket.service !== input.service) continue;
    const interval = ticketIntervalInMonth(ticket, month, input.until);
    if (interval === undefined) continue;
    tickets.add(ticket.ticketNumber);
    (isExcusable(ticket) ? excusable : counted).push(interval);
  }
  const countedMerged = mergeIntervals(counted);
  const excused = subtractIntervals(mergeIntervals(excusable), countedMerged);
  const unavailableMinutes = Math.ceil(totalMs(countedMerged) / MS_PER_MINUTE);
  const excusedMinutes = Math.floor(totalMs(excused) / MS_PER_MINUTE);
  const rate = creditRateForMinutes(minutesInMonth, unavailableMinutes);
  const first = countedMerged[0];
  const last = countedMerged.at(-1);
  const creditRate = input.slaEligible ? rate : new Decimal(0);
  return {
    month: input.month,
    customerId: input.customerId,
    service: input.service,
    minutesInMonth,
    unavailableMinutes,
    excusedMinutes,
    availabilityPercent: availabilityPercent(minutesInMonth, unavailableMinutes),
    slaEligible: input.slaEligible,
    creditRate,
    uncappedCreditRate: creditRate,
    tickets: [...tickets].sort(),
    countedSpan:
      first === undefined || last === undefined ? null : { startMs: first.startMs, endMs: last.endMs },
  };
}
