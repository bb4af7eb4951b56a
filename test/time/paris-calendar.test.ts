import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import {
  isParisMonth,
  nextParisMonth,
  parisDateOf,
  parisLocalMidnight,
  parisMonthBounds,
  parisMonthLengthMinutes,
  parisMonthOf,
  parisMonthOfMs,
  previousParisMonth,
} from '../../pipelines/time/paris-calendar.ts';
import { parisOffsetMs, summerTimeEndMs, summerTimeStartMs } from '../../pipelines/time/paris-offset.ts';

const intlParis = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD hh:mm:ss` in Paris, according to ICU's time-zone data (en-CA formats `2026-04-01, 00:30:00`). */
function intlWallClock(ms: number): string {
  return intlParis.format(new Date(ms)).replace(', ', ' ');
}

const DAY = 86_400_000;
const FIRST_YEAR = 1996;
const LAST_YEAR = 2040;

function forEachDay(action: (dayStartUtcMs: number) => void): void {
  for (let t = Date.UTC(FIRST_YEAR, 0, 1); t < Date.UTC(LAST_YEAR + 1, 0, 1); t += DAY) action(t);
}

function expectCode(action: () => unknown, code: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe(code);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('Paris calendar against Intl (1996-2040)', () => {
  it('gives the month and the date Intl gives, either side of every possible Paris midnight', () => {
    const mismatches: string[] = [];
    let checked = 0;
    forEachDay((day) => {
      // Paris midnight is 22:00 UTC the day before in summer, 23:00 UTC in winter.
      for (const ms of [day - 2 * 3_600_000 - 1, day - 2 * 3_600_000, day - 3_600_000 - 1, day - 3_600_000]) {
        const expected = intlWallClock(ms);
        const month = parisMonthOfMs(ms);
        const date = parisDateOf(new Date(ms));
        if (month !== expected.slice(0, 7) || date !== expected.slice(0, 10)) {
          mismatches.push(`${new Date(ms).toISOString()}: ${month} ${date}, Intl ${expected}`);
        }
        checked += 1;
      }
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(60_000);
  });

  it('has the offset Intl has at every quarter hour of 2026 and around each transition of every year', () => {
    const offsetOf = (ms: number): number => {
      const wall = intlWallClock(ms);
      const asUtc = Date.parse(`${wall.replace(' ', 'T')}Z`);
      return asUtc - (ms - (ms % 1000));
    };
    const mismatches: string[] = [];
    const check = (ms: number): void => {
      if (parisOffsetMs(ms) !== offsetOf(ms)) mismatches.push(new Date(ms).toISOString());
    };
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) check(ms);
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (const transition of [summerTimeStartMs(year), summerTimeEndMs(year)]) {
        for (const ms of [transition - 1000, transition - 1, transition, transition + 1000]) check(ms);
        // The transition is at 01:00 UTC on a Sunday: the offset changes there and nowhere else that day.
        expect(parisOffsetMs(transition - 1)).not.toBe(parisOffsetMs(transition));
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('puts Paris midnight of every day where Intl does', () => {
    const mismatches: string[] = [];
    forEachDay((day) => {
      const date = new Date(day).toISOString().slice(0, 10);
      const midnight = parisLocalMidnight(date).getTime();
      if (
        intlWallClock(midnight) !== `${date} 00:00:00` ||
        intlWallClock(midnight - 1).slice(0, 10) === date
      ) {
        mismatches.push(date);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it('bounds every month at Paris midnight on the 1st, consistently with parisMonthOf', () => {
    const mismatches: string[] = [];
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${year}-${String(m).padStart(2, '0')}`;
        const { start, end } = parisMonthBounds(month);
        const ok =
          intlWallClock(start.getTime()) === `${month}-01 00:00:00` &&
          end.getTime() === parisMonthBounds(nextParisMonth(month)).start.getTime() &&
          parisMonthOf(start) === month &&
          parisMonthOf(new Date(end.getTime() - 1)) === month &&
          parisMonthOf(new Date(start.getTime() - 1)) === previousParisMonth(month);
        if (!ok) mismatches.push(month);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('follows the same rule beyond its precomputed table (year 2400)', () => {
    for (const iso of [
      '2400-03-26T00:59:59.999Z',
      '2400-03-26T01:00:00Z',
      '2400-06-30T22:00:00Z',
      '2400-12-31T23:00:00Z',
    ]) {
      const ms = Date.parse(iso);
      expect(parisMonthOfMs(ms)).toBe(intlWallClock(ms).slice(0, 7));
    }
  });
});

describe('Paris months', () => {
  it('puts the DST-affected month ends in the right month', () => {
    expect(parisMonthOf(new Date('2026-03-31T21:59:59.999Z'))).toBe('2026-03');
    expect(parisMonthOf(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04');
    expect(parisMonthOf(new Date('2026-10-31T22:59:59.999Z'))).toBe('2026-10');
    expect(parisMonthOf(new Date('2026-10-31T23:30:00Z'))).toBe('2026-11');
    expect(parisMonthOf(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01');
    expect(parisDateOf(new Date('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29');
  });

  it('counts the minutes of each month, with an hour less in March and an hour more in October', () => {
    expect(parisMonthLengthMinutes('2026-03')).toBe(31 * 1440 - 60);
    expect(parisMonthLengthMinutes('2026-10')).toBe(31 * 1440 + 60);
    expect(parisMonthLengthMinutes('2026-02')).toBe(28 * 1440);
    expect(parisMonthLengthMinutes('2028-02')).toBe(29 * 1440);
    expect(parisMonthLengthMinutes('2026-04')).toBe(30 * 1440);
    expect(parisMonthLengthMinutes('2026-12')).toBe(31 * 1440);
  });

  it('gives the UTC instants of Paris midnight', () => {
    expect(parisMonthBounds('2026-03')).toEqual({
      start: new Date('2026-02-28T23:00:00Z'),
      end: new Date('2026-03-31T22:00:00Z'),
    });
    expect(parisLocalMidnight('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(parisLocalMidnight('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(parisLocalMidnight('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(parisLocalMidnight('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('steps months across years', () => {
    expect(nextParisMonth('2026-12')).toBe('2027-01');
    expect(previousParisMonth('2027-01')).toBe('2026-12');
    expect(isParisMonth('2026-13')).toBe(false);
    expect(isParisMonth('2026-1')).toBe(false);
    expect(isParisMonth('2026-01')).toBe(true);
  });

  it('answers correctly whatever the order of lookups (memo of the last month)', () => {
    const instants = [
      '2026-04-15T10:00:00Z',
      '2026-03-31T22:30:00Z',
      '2026-03-31T21:30:00Z',
      '2031-07-01T00:00:00Z',
    ];
    for (let round = 0; round < 3; round++) {
      for (const iso of instants)
        expect(parisMonthOf(new Date(iso))).toBe(intlWallClock(Date.parse(iso)).slice(0, 7));
    }
  });

  it('rejects malformed months, dates and instants', () => {
    expectCode(() => parisMonthBounds('2026-13'), 'INVALID_ARGUMENT');
    expectCode(() => parisMonthBounds('26-01'), 'INVALID_ARGUMENT');
    expectCode(() => parisLocalMidnight('2026-02-29'), 'INVALID_ARGUMENT');
    expectCode(() => parisLocalMidnight('2026-2-01'), 'INVALID_ARGUMENT');
    expectCode(() => parisMonthOf(new Date(Number.NaN)), 'INVALID_ARGUMENT');
    expectCode(() => parisDateOf(new Date('nope')), 'INVALID_ARGUMENT');
  });
});
