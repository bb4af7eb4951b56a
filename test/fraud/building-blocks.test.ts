import { describe, expect, it } from 'vitest';
import { AlertEmitter, fraudAlertId } from '../../pipelines/fraud/alert-emitter.ts';
import { formatDuration, parseDuration } from '../../pipelines/fraud/duration.ts';
import { formatMoneyUnits, moneyUnitsOfNumber, parseMoneyUnits } from '../../pipelines/fraud/money-units.ts';
import { networkOf } from '../../pipelines/fraud/network-prefix.ts';
import { scannerMatcher } from '../../pipelines/fraud/scanner-user-agents.ts';
import { ipKey } from '../../pipelines/fraud/rules/fraud-rule.ts';

describe('money units', () => {
  it('parses and formats exact decimal amounts in millionths', () => {
    expect(parseMoneyUnits('12.3456')).toBe(12_345_600);
    expect(parseMoneyUnits('0.000001')).toBe(1);
    expect(parseMoneyUnits('100')).toBe(100_000_000);
    expect(parseMoneyUnits('0.0000001')).toBe(1); // beyond millionths: rounded up
    expect(parseMoneyUnits('1e3')).toBeUndefined();
    expect(formatMoneyUnits(12_345_600)).toBe('12.3456');
    expect(formatMoneyUnits(5_000_000)).toBe('5.00');
    expect(formatMoneyUnits(1)).toBe('0.000001');
    expect(moneyUnitsOfNumber(0.1 + 0.2)).toBe(300_000);
    // 0.1 + 0.2 summed in units is exact
    expect(formatMoneyUnits((parseMoneyUnits('0.1') ?? 0) + (parseMoneyUnits('0.2') ?? 0))).toBe('0.30');
  });
});

describe('durations', () => {
  it('reads ms, s, m, h, d and rejects the rest', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('0m')).toBeUndefined();
    expect(parseDuration('1.5h')).toBeUndefined();
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_000)).toBe('90s');
  });
});

describe('networks', () => {
  it('groups IPv4 by /24 and IPv6 by /48', () => {
    expect(networkOf('203.0.113.77', 24, 48)).toBe('203.0.113.0/24');
    expect(networkOf('203.0.113.77', 16, 48)).toBe('203.0.0.0/16');
    expect(networkOf('::ffff:203.0.113.77', 24, 48)).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:abcd:12::1', 24, 48)).toBe('2001:db8:abcd:0:0:0:0:0/48');
    expect(networkOf('2001:DB8:ABCD::', 24, 48)).toBe('2001:db8:abcd:0:0:0:0:0/48');
    expect(networkOf('2001:db8:abcd:12::1', 24, 56)).toBe('2001:db8:abcd:0:0:0:0:0/56');
    expect(networkOf('2001:db8:abcd:1234::1', 24, 56)).toBe('2001:db8:abcd:1200:0:0:0:0/56');
    expect(networkOf('::1', 24, 48)).toBe('0:0:0:0:0:0:0:0/48');
    expect(networkOf('not an ip', 24, 48)).toBeUndefined();
  });
});

describe('scanner matcher', () => {
  it('matches substrings case-insensitively and nothing when empty', () => {
    const isScanner = scannerMatcher(['friendly-scanner', 'sip.vicious']);
    expect(isScanner('Friendly-Scanner 1.0')).toBe(true);
    expect(isScanner('SIP.Vicious')).toBe(true);
    expect(isScanner('sipxvicious')).toBe(false); // patterns are literal, not regular expressions
    expect(isScanner(null)).toBe(false);
    expect(scannerMatcher([])('friendly-scanner')).toBe(false);
  });
});

describe('alert emitter', () => {
  const draft = (
    severity: 'warning' | 'critical',
    windowStart: number,
    windowEnd: number,
    coversUntil = windowEnd,
  ) => ({
    rule: 'irsf-burst' as const,
    severity,
    key: 'account:a',
    windowStart,
    windowEnd,
    coversUntil,
    detectedAt: windowStart,
    accountIds: ['a'],
    reason: 'r',
    counts: {},
    samples: [],
  });

  it('reports a level once per span of overlapping windows; a critical covers the warning', () => {
    const emitter = new AlertEmitter('v1');
    emitter.emit(draft('warning', 0, 100, 150));
    emitter.emit(draft('warning', 50, 150)); // overlaps: suppressed
    emitter.emit(draft('critical', 60, 160));
    emitter.emit(draft('warning', 150, 250)); // covered by the critical until 160
    emitter.emit(draft('warning', 160, 260));
    const alerts = emitter.drain();
    expect(alerts.map((a) => [a.severity, a.windowStart.getTime()])).toEqual([
      ['warning', 0],
      ['critical', 60],
      ['warning', 160],
    ]);
    expect(alerts[0]?.alertId).toBe(fraudAlertId('irsf-burst', 'account:a', 0, 'warning'));
    expect(alerts[0]?.alertId).toMatch(/^[0-9a-f]{32}$/);
    expect(alerts[0]?.rulesVersion).toBe('v1');
    expect(emitter.suppressed).toBe(2);
    const restored = new AlertEmitter('v1');
    restored.restore(JSON.parse(JSON.stringify(emitter.snapshot())));
    restored.emit(draft('warning', 200, 300));
    restored.emit(draft('warning', 260, 360));
    expect(restored.drain().map((a) => a.windowStart.getTime())).toEqual([260]);
  });

  it('ids differ by rule, key, window start and level', () => {
    const ids = new Set([
      fraudAlertId('irsf-burst', 'account:a', 0, 'warning'),
      fraudAlertId('irsf-burst', 'account:a', 0, 'critical'),
      fraudAlertId('irsf-burst', 'account:a', 1, 'warning'),
      fraudAlertId('irsf-burst', 'account:b', 0, 'warning'),
      fraudAlertId('spend-velocity', 'account:a', 0, 'warning'),
    ]);
    expect(ids.size).toBe(5);
  });
});

describe('source IP keys', () => {
  it('key IPv4 by address and IPv6 by /64', () => {
    expect(ipKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(ipKey('2001:db8:1:2::7')).toBe('ip:2001:db8:1:2:0:0:0:0/64');
    expect(ipKey('2001:db8:1:2:aaaa::9')).toBe('ip:2001:db8:1:2:0:0:0:0/64');
    expect(ipKey('::ffff:203.0.113.7')).toBe('ip:::ffff:203.0.113.7');
  });
});
