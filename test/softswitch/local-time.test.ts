import { describe, expect, it } from 'vitest';
import { resolveCallTimes } from '../../pipelines/softswitch/call-times.ts';
import { TimeZoneRules } from '../../pipelines/softswitch/time-zone.ts';
import { SOFTSWITCH_STAMP, WallClockFormat } from '../../pipelines/softswitch/wall-clock.ts';

const paris = TimeZoneRules.of('Europe/Paris');
const wall = (text: string): number => {
  const ms = SOFTSWITCH_STAMP.parse(text);
  if (ms === undefined) throw new Error(`bad test date ${text}`);
  return ms;
};
const iso = (instants: readonly number[]): string[] => instants.map((t) => new Date(t).toISOString());

describe('local time to UTC', () => {
  it('converts winter and summer times of Europe/Paris', () => {
    expect(iso(paris.instantsOf(wall('2025-01-15 12:00:00')))).toEqual(['2025-01-15T11:00:00.000Z']);
    expect(iso(paris.instantsOf(wall('2025-07-15 12:00:00')))).toEqual(['2025-07-15T10:00:00.000Z']);
  });

  it('finds no instant in the hour skipped in March and two in the hour repeated in October', () => {
    expect(paris.instantsOf(wall('2025-03-30 02:30:00'))).toEqual([]);
    expect(iso(paris.instantsOf(wall('2025-03-30 01:59:59')))).toEqual(['2025-03-30T00:59:59.000Z']);
    expect(iso(paris.instantsOf(wall('2025-03-30 03:00:00')))).toEqual(['2025-03-30T01:00:00.000Z']);
    expect(iso(paris.instantsOf(wall('2025-10-26 02:30:00')))).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-10-26T01:30:00.000Z',
    ]);
    expect(iso(paris.instantsOf(wall('2025-10-26 03:00:00')))).toEqual(['2025-10-26T02:00:00.000Z']);
  });

  it('agrees, every 5 minutes over both 2025 changes, with a direct search through offsets', () => {
    const fresh = TimeZoneRules.of('Europe/Paris');
    for (const day of ['2025-03-29 12:00:00', '2025-10-25 12:00:00']) {
      for (let minute = 0; minute < 48 * 60; minute += 5) {
        const w = wall(day) + minute * 60_000;
        const expected = [3_600_000, 7_200_000].map((o) => w - o).filter((t) => fresh.offsetAt(t) === w - t);
        expect(paris.instantsOf(w)).toEqual(expected.sort((a, b) => a - b));
      }
    }
  });

  it('handles other zones, including a half-hour change (Lord Howe), and UTC', () => {
    const newYork = TimeZoneRules.of('America/New_York');
    expect(iso(newYork.instantsOf(Date.UTC(2025, 10, 2, 1, 30)))).toEqual([
      '2025-11-02T05:30:00.000Z',
      '2025-11-02T06:30:00.000Z',
    ]);
    const lordHowe = TimeZoneRules.of('Australia/Lord_Howe');
    expect(lordHowe.instantsOf(Date.UTC(2025, 3, 6, 1, 45))).toHaveLength(2);
    expect(lordHowe.instantsOf(Date.UTC(2025, 3, 6, 1, 15))).toHaveLength(1);
    expect(TimeZoneRules.of('UTC').instantsOf(wall('2025-10-26 02:30:00'))).toEqual([
      wall('2025-10-26 02:30:00'),
    ]);
  });

  it('refuses an unknown zone', () => {
    expect(() => TimeZoneRules.of('Europe/Atlantis')).toThrow(/unknown time zone "Europe\/Atlantis"/);
  });
});

describe('resolving a call in the repeated October hour', () => {
  const resolve = (
    start: string,
    answer: string | null,
    end: string,
    duration: number | null,
    billsec: number | null,
  ) => {
    const result = resolveCallTimes(
      paris,
      { start: wall(start), answer: answer === null ? null : wall(answer), end: wall(end) },
      { durationSeconds: duration, billableSeconds: billsec },
    );
    if (!result.ok) return result.reason;
    return [result.startTime, result.answerTime, result.endTime].map((d) => d?.toISOString() ?? null);
  };

  it('reads a call from 02:50 summer time to 02:10 winter time using its duration', () => {
    expect(resolve('2025-10-26 02:50:00', '2025-10-26 02:50:20', '2025-10-26 02:10:00', 1200, 1180)).toEqual([
      '2025-10-26T00:50:00.000Z',
      '2025-10-26T00:50:20.000Z',
      '2025-10-26T01:10:00.000Z',
    ]);
  });

  it('reads a call entirely in the second 02:xx hour when its duration says so', () => {
    expect(resolve('2025-10-26 01:59:00', null, '2025-10-26 02:01:00', 3720, null)).toEqual([
      '2025-10-25T23:59:00.000Z',
      null,
      '2025-10-26T01:01:00.000Z',
    ]);
    expect(resolve('2025-10-26 01:59:00', null, '2025-10-26 02:01:00', 120, null)).toEqual([
      '2025-10-25T23:59:00.000Z',
      null,
      '2025-10-26T00:01:00.000Z',
    ]);
  });

  it('takes the first occurrence (summer time) when durations cannot decide', () => {
    expect(resolve('2025-10-26 02:20:00', null, '2025-10-26 02:20:30', 30, null)).toEqual([
      '2025-10-26T00:20:00.000Z',
      null,
      '2025-10-26T00:20:30.000Z',
    ]);
    expect(resolve('2025-10-26 02:20:00', null, '2025-10-26 02:20:30', null, null)).toEqual([
      '2025-10-26T00:20:00.000Z',
      null,
      '2025-10-26T00:20:30.000Z',
    ]);
  });

  it('rejects a time in the skipped March hour, naming the field', () => {
    expect(resolve('2025-03-30 01:59:00', '2025-03-30 02:00:10', '2025-03-30 03:05:00', 360, 300)).toBe(
      'answer time does not exist in Europe/Paris (skipped by a clock change)',
    );
  });
});

describe('wall-clock patterns', () => {
  it('parses the softswitch stamp and custom layouts, refusing impossible dates', () => {
    expect(SOFTSWITCH_STAMP.parse('2024-02-29 23:59:59')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
    expect(SOFTSWITCH_STAMP.parse('2025-02-29 10:00:00')).toBeUndefined();
    expect(SOFTSWITCH_STAMP.parse('2025-01-01 24:00:00')).toBeUndefined();
    expect(SOFTSWITCH_STAMP.parse('2025-01-01T10:00:00')).toBeUndefined();
    expect(SOFTSWITCH_STAMP.parse(' 2025-01-01 10:00:00')).toBeUndefined();
    const french = WallClockFormat.compile('DD/MM/YYYY HH:mm:ss.SSS');
    expect(french.parse('26/10/2025 02:30:00.250')).toBe(Date.UTC(2025, 9, 26, 2, 30, 0, 250));
    expect(WallClockFormat.compile('YYYYMMDDHHmm').parse('202510260230')).toBe(Date.UTC(2025, 9, 26, 2, 30));
  });

  it('refuses a pattern without date or time of day', () => {
    expect(() => WallClockFormat.compile('HH:mm')).toThrow(/missing YYYY, MM, DD/);
    expect(() => WallClockFormat.compile('YYYY-MM-DD YYYY HH:mm')).toThrow(/YYYY appears twice/);
  });
});
