import { describe, expect, it } from 'vitest';
import {
  minutesOfSeconds,
  padDecimals,
  sumDecimals,
  twoDecimals,
} from '../../pipelines/reports/report-decimal.ts';
import { reportPeriod } from '../../pipelines/reports/report-period.ts';

describe('reportPeriod', () => {
  it('gives the Paris month with its offsets across the spring DST change', () => {
    expect(reportPeriod('2026-03')).toEqual({
      month: '2026-03',
      label: 'March 2026',
      timeZone: 'Europe/Paris',
      start: new Date('2026-02-28T23:00:00.000Z'),
      end: new Date('2026-03-31T22:00:00.000Z'),
      startLocal: '2026-03-01T00:00:00+01:00',
      endLocal: '2026-04-01T00:00:00+02:00',
    });
  });

  it('and across the autumn change and the year end', () => {
    expect(reportPeriod('2025-10')).toMatchObject({
      label: 'October 2025',
      startLocal: '2025-10-01T00:00:00+02:00',
      endLocal: '2025-11-01T00:00:00+01:00',
    });
    expect(reportPeriod('2025-12')).toMatchObject({
      label: 'December 2025',
      start: new Date('2025-11-30T23:00:00.000Z'),
      endLocal: '2026-01-01T00:00:00+01:00',
    });
  });

  it('rejects what is not a month', () => {
    expect(() => reportPeriod('2026-13')).toThrow(/not a month/);
  });
});

describe('report decimals', () => {
  it('sum exactly, without exponent', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['0.000001', '0.000001'])).toBe('0.000002');
    expect(sumDecimals(['99999999999999999999999999999999.999999', '0.000001'])).toBe(
      '100000000000000000000000000000000',
    );
    expect(sumDecimals(['1.5', '-1.5'])).toBe('0');
    expect(sumDecimals([])).toBe('0');
  });

  it('turn seconds into minutes with 2 decimals, half away from zero', () => {
    expect(minutesOfSeconds(0)).toBe('0.00');
    expect(minutesOfSeconds(91)).toBe('1.52'); // 1.51666...
    expect(minutesOfSeconds(3)).toBe('0.05');
    expect(minutesOfSeconds(9_007_199_254_740_991)).toBe('150119987579016.52');
  });

  it('pad decimal strings without ever dropping a digit', () => {
    expect(twoDecimals('6.1')).toBe('6.10');
    expect(twoDecimals('0')).toBe('0.00');
    expect(padDecimals(['12.3457', '0', '3.1'])).toEqual(['12.3457', '0.0000', '3.1000']);
    expect(padDecimals(['1', '2.5'])).toEqual(['1.00', '2.50']);
    expect(padDecimals(['0.000001'])).toEqual(['0.000001']);
  });
});
