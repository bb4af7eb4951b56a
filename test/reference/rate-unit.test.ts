import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { parseDurationNs, pricePerMinute } from '../../pipelines/reference/tariffs/rate-unit.ts';

describe('CGRateS durations and rate units', () => {
  it('parses Go durations, a bare number being nanoseconds', () => {
    expect(parseDurationNs('60s')).toBe(60_000_000_000n);
    expect(parseDurationNs('1m30s')).toBe(90_000_000_000n);
    expect(parseDurationNs('0.5s')).toBe(500_000_000n);
    expect(parseDurationNs('1h')).toBe(3_600_000_000_000n);
    expect(parseDurationNs('0s')).toBe(0n);
    expect(parseDurationNs('1')).toBe(1n);
    expect(parseDurationNs('60 s')).toMatch(/expected a duration/);
    expect(parseDurationNs('1.5ns')).toMatch(/finer than a nanosecond/);
  });

  it('converts a rate per unit into an exact price per minute, or refuses', () => {
    const perMinute = (rate: string, unit: string) => {
      const ns = parseDurationNs(unit);
      if (typeof ns === 'string') throw new Error(ns);
      return pricePerMinute(new Decimal(rate), ns)?.toFixed();
    };
    expect(perMinute('0.01', '1s')).toBe('0.6');
    expect(perMinute('0.1', '60s')).toBe('0.1');
    expect(perMinute('0.2', '30s')).toBe('0.4');
    expect(perMinute('0.07', '7s')).toBe('0.6');
    expect(perMinute('0.0001', '500ms')).toBe('0.012');
    expect(perMinute('1', '1h')).toBeUndefined();
    expect(perMinute('6', '1h')).toBe('0.1');
    expect(perMinute('0.01', '7s')).toBeUndefined();
    expect(perMinute('0', '7s')).toBe('0');
  });
});
