import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { allOverrideNames } from '../../pipelines/fraud/rule-metrics.ts';
import { compileFraudRules } from '../../pipelines/fraud/rules-file.ts';
import { loadFraudRules, parseFraudRules } from '../../pipelines/fraud/load-fraud-rules.ts';
import { RULES_TEXT } from './fixtures.ts';

function problems(text: string): { line?: number; field?: string; message: string }[] {
  const result = compileFraudRules(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(({ line, field, message }) => ({
    ...(line === undefined ? {} : { line }),
    ...(field === undefined ? {} : { field }),
    message,
  }));
}

function thrown(action: () => unknown): PipelineError {
  try {
    action();
  } catch (error) {
    if (error instanceof PipelineError) return error;
    throw error;
  }
  throw new Error('expected a PipelineError');
}

function lineOf(text: string, fragment: string): number {
  return text.slice(0, text.indexOf(fragment)).split('\n').length;
}

describe('rules.yaml', () => {
  it('compiles the shipped rules with documented defaults in window units', async () => {
    const rules = await loadFraudRules();
    expect(rules.version).toMatch(/^[0-9a-f]{12}$/);
    expect(rules.hash.startsWith(rules.version)).toBe(true);
    expect(rules.irsfBurst?.window).toEqual({ sizeMs: 3_600_000, slideMs: 300_000 });
    expect(rules.irsfBurst?.levels.critical).toEqual({ calls: 30, minutes: 7200, cost: 100_000_000 });
    expect(rules.spendVelocity?.levels.warning).toEqual({ cost: 30_000_000 });
    expect(rules.scannerUserAgent?.userAgents).toContain('friendly-scanner');
    expect(rules.newNetwork).toMatchObject({
      ipv4PrefixLength: 24,
      ipv6PrefixLength: 48,
      learningPeriodMs: 3 * 86_400_000,
    });
    expect(rules.outOfHoursSpike?.businessHours).toEqual({
      days: [1, 2, 3, 4, 5],
      fromMinute: 480,
      toMinute: 1140,
      closedOnPublicHolidays: true,
    });
  });

  it('versions the content: comments and layout do not change the version, a threshold does', () => {
    const base = parseFraudRules(RULES_TEXT).version;
    expect(parseFraudRules(`# a comment\n${RULES_TEXT}\n\n`).version).toBe(base);
    const changed = RULES_TEXT.replace(
      'critical: { calls: 30, minutes: 120',
      'critical: { calls: 31, minutes: 120',
    );
    expect(parseFraudRules(changed).version).not.toBe(base);
  });

  it('rejects unknown keys with their line and path', () => {
    const text = RULES_TEXT.replace('    maxSeconds: 6\n', '    maxSeconds: 6\n    maxSecond: 7\n');
    expect(problems(text)).toEqual([
      {
        line: lineOf(text, 'maxSecond: 7'),
        field: 'rules.short-call-burst.maxSecond',
        message: expect.stringMatching(/unknown key/) as string,
      },
    ]);
    const metric = RULES_TEXT.replace('warning: { calls: 20 }', 'warning: { calls: 20, call: 3 }');
    expect(problems(metric)).toEqual([
      expect.objectContaining({
        field: 'rules.short-call-burst.warning.call',
        message: expect.stringMatching(/unknown key/) as string,
      }),
    ]);
    expect(problems(`${RULES_TEXT}\nextra: 1\n`)).toEqual([
      expect.objectContaining({ field: 'extra', message: expect.stringMatching(/unknown key/) as string }),
    ]);
  });

  it('reports every problem of a file at once', () => {
    const text = RULES_TEXT.replace("cost: '30.00' }", 'cost: 30 }')
      .replace(
        'window: { size: 10m, slide: 1m }\n    maxSeconds',
        'window: { size: 10m, slide: 3m }\n    maxSeconds',
      )
      .replace('    window: 10m\n    warning: { run: 5 }', '    window: ten minutes\n    warning: { run: 5 }')
      .replace('warning: { numbers: 1 }', 'warning: { numbers: 20 }')
      .replace("from: '08:00'", "from: '8h'");
    const found = problems(text);
    expect(found.map((p) => p.field)).toEqual([
      'rules.high-risk-destination.warning',
      'rules.spend-velocity.warning.cost',
      'rules.out-of-hours-spike.businessHours.from',
      'rules.sequential-dialling.window',
      'rules.short-call-burst.window.slide',
    ]);
    expect(found[0]?.message).toMatch(/numbers: the warning threshold exceeds the critical one/);
    expect(found[1]?.message).toMatch(/quoted decimal/);
    expect(found[3]?.message).toMatch(/duration/);
    expect(found[4]?.message).toMatch(/divide/);
  });

  it('needs every rule, and accepts one turned off', () => {
    const without = RULES_TEXT.replace(/ {2}short-call-burst:[\s\S]*$/, '');
    expect(problems(without)).toEqual([
      expect.objectContaining({
        field: 'rules.short-call-burst',
        message: expect.stringMatching(/missing rule/) as string,
      }),
    ]);
    const off = parseFraudRules(`${without}  short-call-burst:\n    enabled: false\n`);
    expect(off.shortCallBurst).toBeUndefined();
    expect(off.irsfBurst).toBeDefined();
  });

  it('throws FRAUD_RULES_INVALID listing the problems', () => {
    expect(() => parseFraudRules('rules: []\n')).toThrow(PipelineError);
    const error = thrown(() => parseFraudRules('rules:\n  irsf-burst: {}\n'));
    expect(error.code).toBe('FRAUD_RULES_INVALID');
    expect(error.message).toMatch(/rules\.yaml:\d+: rules\.credential-brute-force: missing rule/);
    expect(error.message).toMatch(/rules\.irsf-burst\.window: required/);
  });

  it('names the per-customer overrides after rule, level and metric', () => {
    expect(allOverrideNames()).toContain('fraud.irsf-burst.critical.calls');
    expect(allOverrideNames()).toContain('fraud.spend-velocity.warning.cost');
    expect(allOverrideNames()).toContain('fraud.credential-brute-force.warning.failures');
  });
});
