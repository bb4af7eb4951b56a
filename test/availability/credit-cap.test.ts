import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { computeAvailabilityMonth } from '../../pipelines/availability/availability-month.ts';
import { capCredits } from '../../pipelines/availability/credit-cap.ts';
import { customer, LATER, ticket } from './fixtures.ts';

const DAY = 86_400_000;
const at = (iso: string): number => new Date(iso).getTime();

function rates(credits: { key: string; rate: string; span: [string, string] | null }[]): string[] {
  return capCredits(
    credits.map((c) => ({
      key: c.key,
      rate: new Decimal(c.rate),
      span: c.span === null ? null : { startMs: at(c.span[0]), endMs: at(c.span[1]) },
    })),
  ).map((c) => c.cappedRate.toString());
}

describe('the 20 % cap over 30 consecutive days', () => {
  it('caps together credits whose failures fit in 30 days; the earlier keeps its credit', () => {
    expect(
      rates([
        { key: '2026-01', rate: '0.2', span: ['2026-01-29T23:00:00Z', '2026-01-31T23:00:00Z'] },
        { key: '2026-02', rate: '0.2', span: ['2026-01-31T23:00:00Z', '2026-02-02T10:00:00Z'] },
      ]),
    ).toEqual(['0.2', '0']);
    expect(
      rates([
        { key: '2026-01', rate: '0.1', span: ['2026-01-20T00:00:00Z', '2026-01-20T05:00:00Z'] },
        { key: '2026-02', rate: '0.2', span: ['2026-02-10T00:00:00Z', '2026-02-11T00:00:00Z'] },
      ]),
    ).toEqual(['0.1', '0.1']);
  });

  it('leaves credits of failures more than 30 days apart alone', () => {
    expect(
      rates([
        { key: '2026-01', rate: '0.2', span: ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z'] },
        { key: '2026-02', rate: '0.2', span: ['2026-02-01T00:00:01Z', '2026-02-02T00:00:00Z'] },
      ]),
    ).toEqual(['0.2', '0.2']);
  });

  it('is exactly 30 days inclusive of the window length', () => {
    const start = at('2026-03-01T00:00:00Z');
    const credits = (gapMs: number) =>
      capCredits([
        { key: 'a', rate: new Decimal('0.2'), span: { startMs: start, endMs: start + DAY } },
        {
          key: 'b',
          rate: new Decimal('0.2'),
          span: { startMs: start + DAY, endMs: start + 30 * DAY + gapMs },
        },
      ]).map((c) => c.cappedRate.toString());
    expect(credits(0)).toEqual(['0.2', '0']);
    expect(credits(1)).toEqual(['0.2', '0.2']);
  });

  it('never grants more than 20 % from three credits in one window, and ignores months without credit', () => {
    expect(
      rates([
        { key: 'c', rate: '0.1', span: ['2026-03-01T00:00:00Z', '2026-03-01T05:00:00Z'] },
        { key: 'a', rate: '0.05', span: ['2026-02-01T00:00:00Z', '2026-02-01T02:00:00Z'] },
        { key: 'b', rate: '0.1', span: ['2026-02-14T00:00:00Z', '2026-02-14T05:00:00Z'] },
        { key: 'none', rate: '0', span: null },
      ]),
    ).toEqual(['0.05', '0.05', '0.1', '0']);
  });

  it('applies to the computed month through the months before it', () => {
    // One 3-day failure from 30 January 00:00 Paris to 2 February 00:00 Paris: 20 % in January, and the
    // February part (1 day, also below 97 %) gets nothing more.
    const failure = ticket({
      ticketNumber: 'LONG',
      startedAt: new Date('2026-01-29T23:00:00Z'),
      resolvedAt: new Date('2026-02-01T23:00:00Z'),
    });
    const customers = [customer('C-1')];
    const january = computeAvailabilityMonth({
      month: '2026-01',
      tickets: [failure],
      customers,
      until: LATER,
    });
    const february = computeAvailabilityMonth({
      month: '2026-02',
      tickets: [failure],
      customers,
      until: LATER,
    });
    expect(january.rows[0]?.creditRate.toString()).toBe('0.2');
    expect(february.rows[0]).toMatchObject({ unavailableMinutes: 1440 });
    expect(february.rows[0]?.uncappedCreditRate.toString()).toBe('0.2');
    expect(february.rows[0]?.creditRate.toString()).toBe('0');
    // Without the January part the February day earns its 20 %.
    const alone = ticket({
      startedAt: new Date('2026-01-31T23:00:00Z'),
      resolvedAt: new Date('2026-02-01T23:00:00Z'),
    });
    expect(
      computeAvailabilityMonth({
        month: '2026-02',
        tickets: [alone],
        customers,
        until: LATER,
      }).rows[0]?.creditRate.toString(),
    ).toBe('0.2');
  });
});
