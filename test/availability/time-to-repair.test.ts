import { describe, expect, it } from 'vitest';
import { timeToRepair } from '../../pipelines/availability/time-to-repair.ts';
import { LATER, ticket } from './fixtures.ts';

const ack = new Date('2026-06-10T10:00:00Z');
const hours = (h: number, ms = 0): Date => new Date(ack.getTime() + h * 3_600_000 + ms);

describe('time to repair against the 4-hour target', () => {
  it('is met at exactly 4 hours from the acknowledgement, missed one millisecond later', () => {
    const started = new Date('2026-06-10T09:00:00Z'); // the failure began an hour before the acknowledgement
    expect(
      timeToRepair(ticket({ startedAt: started, acknowledgedAt: ack, resolvedAt: hours(4) }), LATER),
    ).toMatchObject({
      repairMs: 4 * 3_600_000,
      status: 'met',
    });
    expect(
      timeToRepair(ticket({ startedAt: started, acknowledgedAt: ack, resolvedAt: hours(4, 1) }), LATER)
        .status,
    ).toBe('missed');
  });

  it('reports an open ticket as running or overdue at the computation bound', () => {
    const open = ticket({ startedAt: ack, acknowledgedAt: ack, resolvedAt: null });
    expect(timeToRepair(open, hours(3))).toMatchObject({ repairMs: 3 * 3_600_000, status: 'running' });
    expect(timeToRepair(open, hours(5)).status).toBe('overdue');
  });

  it('has not started without an acknowledgement', () => {
    expect(
      timeToRepair(ticket({ startedAt: ack, acknowledgedAt: null, resolvedAt: hours(1) }), LATER),
    ).toMatchObject({
      repairMs: null,
      status: 'not-acknowledged',
    });
  });
});
