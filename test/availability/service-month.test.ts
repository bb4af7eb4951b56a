import { describe, expect, it } from 'vitest';
import { computeServiceMonth } from '../../pipelines/availability/service-month.ts';
import type { IncidentTicket } from '../../pipelines/incidents/incident-ticket.ts';
import { parisMonthBounds, parisMonthLengthMinutes } from '../../pipelines/time/paris-calendar.ts';
import { LATER, outage, ticket } from './fixtures.ts';

function compute(
  month: string,
  tickets: readonly IncidentTicket[],
  overrides: { slaEligible?: boolean; until?: Date } = {},
) {
  return computeServiceMonth({
    month,
    customerId: 'C-1',
    service: 'hosted-telephony',
    slaEligible: overrides.slaEligible ?? true,
    tickets,
    until: overrides.until ?? LATER,
  });
}

describe('availability of one service over a Paris month', () => {
  it('is 100 % with no failure', () => {
    const row = compute('2026-06', []);
    expect(row).toMatchObject({
      minutesInMonth: 43_200,
      unavailableMinutes: 0,
      excusedMinutes: 0,
      tickets: [],
    });
    expect(row.availabilityPercent.toString()).toBe('100');
    expect(row.creditRate.toString()).toBe('0');
    expect(row.countedSpan).toBeNull();
  });

  it('counts overlapping, nested and touching failures once', () => {
    const row = compute('2026-06', [
      outage('2026-06-10T10:00:00Z', 60, { ticketNumber: 'A' }), // 10:00-11:00
      outage('2026-06-10T10:30:00Z', 90, { ticketNumber: 'B' }), // 10:30-12:00 overlaps A
      outage('2026-06-10T10:45:00Z', 10, { ticketNumber: 'C' }), // inside B
      outage('2026-06-10T12:00:00Z', 30, { ticketNumber: 'D' }), // touches B's end
      outage('2026-06-11T00:00:00Z', 5, { ticketNumber: 'E' }), // separate
    ]);
    expect(row.unavailableMinutes).toBe(150 + 5);
    expect(row.tickets).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('rounds the month total up to the minute once, not each failure', () => {
    // Two failures of 30.5 minutes: 61 minutes, not 62.
    const row = compute('2026-06', [
      outage('2026-06-10T10:00:00Z', 30, {}, 30_000),
      outage('2026-06-11T10:00:00Z', 30, {}, 30_000),
    ]);
    expect(row.unavailableMinutes).toBe(61);
    // A single millisecond counts as a started minute.
    expect(compute('2026-06', [outage('2026-06-10T10:00:00Z', 0, {}, 1)]).unavailableMinutes).toBe(1);
  });

  it('splits a failure spanning a month end at Paris midnight', () => {
    // 23:00 Paris on 30 June (21:00Z) to 02:00 Paris on 1 July (00:00Z): 60 minutes in June, 120 in July.
    const spanning = outage('2026-06-30T21:00:00Z', 180, { ticketNumber: 'X' });
    expect(parisMonthBounds('2026-07').start.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(compute('2026-06', [spanning]).unavailableMinutes).toBe(60);
    expect(compute('2026-07', [spanning]).unavailableMinutes).toBe(120);
    expect(compute('2026-07', [spanning]).tickets).toEqual(['X']);
    // A failure resolved exactly at the month's start does not touch the month.
    expect(compute('2026-07', [outage('2026-06-30T21:00:00Z', 60)]).tickets).toEqual([]);
  });

  it('counts a whole month of failure across two month ends as the month length', () => {
    const long = ticket({
      startedAt: new Date('2026-05-20T00:00:00Z'),
      resolvedAt: new Date('2026-07-05T00:00:00Z'),
    });
    const row = compute('2026-06', [long]);
    expect(row.unavailableMinutes).toBe(43_200);
    expect(row.availabilityPercent.toString()).toBe('0');
    expect(row.creditRate.toString()).toBe('0.2');
  });

  it('handles DST months: March 2026 has 44,580 minutes and October 2026 44,700', () => {
    expect(parisMonthLengthMinutes('2026-03')).toBe(44_580);
    expect(parisMonthLengthMinutes('2026-10')).toBe(44_700);
    // 00:30 to 03:30 Paris on 29 March 2026, across the skipped hour: 2 hours really elapsed.
    const march = compute('2026-03', [
      ticket({ startedAt: new Date('2026-03-28T23:30:00Z'), resolvedAt: new Date('2026-03-29T01:30:00Z') }),
    ]);
    expect(march.minutesInMonth).toBe(44_580);
    expect(march.unavailableMinutes).toBe(120);
    expect(march.availabilityPercent.toString()).toBe('99.73082');
    // The whole of October, including the repeated hour: 44,700 minutes down.
    const { start, end } = parisMonthBounds('2026-10');
    const october = compute('2026-10', [ticket({ startedAt: start, resolvedAt: end })]);
    expect(october.unavailableMinutes).toBe(44_700);
    // 67 minutes in October: 99.850111 %, the objective is met; 68 minutes is not.
    expect(compute('2026-10', [outage('2026-10-10T08:00:00Z', 67)]).creditRate.toString()).toBe('0');
    expect(compute('2026-10', [outage('2026-10-10T08:00:00Z', 68)]).creditRate.toString()).toBe('0.05');
    // 66 minutes in March meets it (99.851951 %), 67 does not (99.849708 %).
    expect(compute('2026-03', [outage('2026-03-10T08:00:00Z', 66)]).creditRate.toString()).toBe('0');
    expect(compute('2026-03', [outage('2026-03-10T08:00:00Z', 67)]).creditRate.toString()).toBe('0.05');
  });

  it('excludes Excusable Events, and counts a minute covered by both an excusable and a non-excusable failure', () => {
    const row = compute('2026-06', [
      // Planned maintenance 10:00-13:00, an operator fault 12:00-14:00 overlapping its last hour.
      outage('2026-06-10T10:00:00Z', 180, {
        ticketNumber: 'M',
        cause: 'PLANNED_MAINTENANCE',
        plannedMaintenance: true,
      }),
      outage('2026-06-10T12:00:00Z', 120, { ticketNumber: 'F' }),
      // Customer equipment, force majeure and another operator: excused.
      outage('2026-06-12T10:00:00Z', 30, { cause: 'CUSTOMER_EQUIPMENT' }),
      outage('2026-06-13T10:00:00Z', 30, { cause: 'FORCE_MAJEURE' }),
      outage('2026-06-14T10:00:00Z', 30, { cause: 'THIRD_PARTY_OPERATOR' }),
      // Flagged planned maintenance with an unknown cause: excused.
      outage('2026-06-15T10:00:00Z', 30, { cause: 'UNKNOWN', plannedMaintenance: true }),
      // Unknown cause, not planned: counted.
      outage('2026-06-16T10:00:00Z', 30, { cause: 'UNKNOWN' }),
    ]);
    expect(row.unavailableMinutes).toBe(120 + 30);
    expect(row.excusedMinutes).toBe(120 + 4 * 30);
    expect(row.tickets).toHaveLength(7);
    expect(row.creditRate.toString()).toBe('0.05'); // 150 minutes: 99.652777 %
  });

  it('rounds excused time down so that counted and excused minutes never exceed the month', () => {
    const row = compute('2026-06', [
      outage('2026-06-10T10:00:00Z', 10, {}, 30_000),
      outage('2026-06-10T10:10:30Z', 10, { cause: 'CUSTOMER_ACT' }, 10_000),
    ]);
    expect(row.unavailableMinutes).toBe(11);
    expect(row.excusedMinutes).toBe(10);
  });

  it('marks a customer without SLA eligibility and gives no credit, availability still computed', () => {
    const row = compute('2026-06', [outage('2026-06-10T10:00:00Z', 2000)], { slaEligible: false });
    expect(row.slaEligible).toBe(false);
    expect(row.unavailableMinutes).toBe(2000);
    expect(row.availabilityPercent.toString()).toBe('95.37037');
    expect(row.creditRate.toString()).toBe('0');
  });

  it('runs an open failure to the computation bound, and never past the month end', () => {
    const open = ticket({ startedAt: new Date('2026-06-30T20:00:00Z'), resolvedAt: null });
    expect(compute('2026-06', [open], { until: new Date('2026-06-30T21:00:00Z') }).unavailableMinutes).toBe(
      60,
    );
    expect(compute('2026-06', [open], { until: LATER }).unavailableMinutes).toBe(120);
    expect(compute('2026-07', [open], { until: new Date('2026-07-01T22:00:00Z') }).unavailableMinutes).toBe(
      24 * 60,
    );
    // Nothing is counted after the bound, even for a resolved failure.
    expect(
      compute('2026-06', [outage('2026-06-10T10:00:00Z', 60)], { until: new Date('2026-06-10T10:15:00Z') })
        .unavailableMinutes,
    ).toBe(15);
  });

  it('ignores other customers and services', () => {
    const row = compute('2026-06', [
      outage('2026-06-10T10:00:00Z', 60, { customerId: 'C-2' }),
      outage('2026-06-10T10:00:00Z', 60, { service: 'access-link' }),
    ]);
    expect(row.unavailableMinutes).toBe(0);
  });
});
