import { beforeAll, describe, expect, it } from 'vitest';
import { maskNumber } from '../../pipelines/core/logger.ts';
import type { FraudAlert } from '../../pipelines/fraud/fraud-alert.ts';
import type { FraudInput } from '../../pipelines/fraud/fraud-input.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import {
  CUBA,
  DEFAULT_RULES,
  NATIONAL,
  PREMIUM,
  UK_MOBILE,
  call,
  detector,
  ofRule,
  plus,
  registration,
  rulesWith,
  run,
  threshold,
} from './fixtures.ts';

let reference: ReferenceData;
beforeAll(async () => {
  reference = await loadReferenceData('infra/reference/sample');
});

/** Wednesday 2026-05-13 10:00 Paris: business hours. */
const WEDNESDAY = '2026-05-13T08:00:00.000Z';
/** Saturday 2026-05-16 02:00 Paris. */
const SATURDAY_NIGHT = '2026-05-16T00:00:00.000Z';

function times<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_v, i) => make(i));
}

/** Exactly one alert of the rule and level (for the key, when given) fired, by the input at `index`. */
function expectFiredOnceAt(
  result: { alerts: FraudAlert[]; firedAt: number[] },
  rule: FraudAlert['rule'],
  severity: FraudAlert['severity'],
  index: number,
  key?: string,
): FraudAlert {
  const matching = result.alerts
    .map((alert, i) => ({ alert, at: result.firedAt[i] }))
    .filter(
      ({ alert }) =>
        alert.rule === rule && alert.severity === severity && (key === undefined || alert.key === key),
    );
  expect(
    matching.map((m) => m.at),
    `${rule} ${severity}`,
  ).toEqual([index]);
  const [first] = matching;
  if (first === undefined) throw new Error('no alert');
  return first.alert;
}

function noAlert(
  result: { alerts: FraudAlert[] },
  rule: FraudAlert['rule'],
  severity?: FraudAlert['severity'],
): void {
  expect(ofRule(result.alerts, rule, severity)).toEqual([]);
}

describe('credential brute force', () => {
  const account = DEFAULT_RULES.credentialBruteForce.account;
  const warning = threshold(account, 'warning', 'failures');
  const critical = threshold(account, 'critical', 'failures');

  it('fires the warning at its threshold and the critical at its own, once each, per account', () => {
    const failures = times(critical + 1, (i) =>
      registration(plus(WEDNESDAY, i * 3), 'AUTH_FAILED', `203.0.113.${i % 200}`),
    );
    const result = run(detector(reference), failures);
    const warn = expectFiredOnceAt(
      result,
      'credential-brute-force',
      'warning',
      warning - 1,
      'account:c1001-boutique',
    );
    const crit = expectFiredOnceAt(
      result,
      'credential-brute-force',
      'critical',
      critical - 1,
      'account:c1001-boutique',
    );
    expect(warn.counts).toMatchObject({ failures: warning, 'threshold.failures': warning });
    expect(crit.counts).toMatchObject({ failures: critical, 'threshold.failures': critical });
    expect(crit.accountIds).toEqual(['c1001-boutique']);
    expect(crit.samples).toHaveLength(5);
    expect(crit.samples[0]?.summary).toMatch(/^auth-failure from 203\.0\.113\.0 UA Yealink/);
    expect(crit.reason).toMatch(
      /^critical: REGISTER authentication failures of the account: failures 30 >= failures 30 within 10m$/,
    );
    expect(crit.rulesVersion).toBe(DEFAULT_RULES.version);
    expect(crit.detectedAt.toISOString()).toBe(plus(WEDNESDAY, (critical - 1) * 3));
  });

  it('counts per source IP across accounts and names the accounts', () => {
    const ip = DEFAULT_RULES.credentialBruteForce.sourceIp;
    const ipWarning = threshold(ip, 'warning', 'failures');
    const failures = times(ipWarning + 1, (i) =>
      registration(plus(WEDNESDAY, i * 2), 'AUTH_FAILED', '198.51.100.66', { accountId: `guess-${i}` }),
    );
    const result = run(detector(reference), failures);
    const alert = expectFiredOnceAt(
      result,
      'credential-brute-force',
      'warning',
      ipWarning - 1,
      'ip:198.51.100.66',
    );
    expect(alert.accountIds).toHaveLength(10);
    expect(result.alerts.filter((a) => a.key.startsWith('account:'))).toEqual([]);
  });

  it('does not count failures further apart than the window', () => {
    const failures = times(warning + 5, (i) =>
      registration(plus(WEDNESDAY, i * 120), 'AUTH_FAILED', '203.0.113.9'),
    );
    noAlert(run(detector(reference), failures), 'credential-brute-force');
  });
});

describe('brute force then success', () => {
  const rule = DEFAULT_RULES.bruteForceThenSuccess;
  const warning = threshold(rule, 'warning', 'failures');
  const critical = threshold(rule, 'critical', 'failures');
  const attack = (failures: number, ip = '203.0.113.50', successIp = ip): FraudInput[] => [
    ...times(failures, (i) => registration(plus(WEDNESDAY, i * 20), 'AUTH_FAILED', ip)),
    registration(plus(WEDNESDAY, failures * 20), 'REGISTERED', successIp),
  ];

  it('just below the warning: nothing', () => {
    noAlert(run(detector(reference), attack(warning - 1)), 'brute-force-then-success');
  });

  it('at the warning: a warning on the success', () => {
    const result = run(detector(reference), attack(warning));
    const alert = expectFiredOnceAt(
      result,
      'brute-force-then-success',
      'warning',
      warning,
      'account:c1001-boutique|ip:203.0.113.50',
    );
    expect(alert.samples.at(-1)?.summary).toMatch(/^registered from 203\.0\.113\.50/);
    noAlert(result, 'brute-force-then-success', 'critical');
  });

  it('at and above the critical: one critical, no warning', () => {
    const result = run(detector(reference), attack(critical + 1));
    expectFiredOnceAt(result, 'brute-force-then-success', 'critical', critical + 1);
    noAlert(result, 'brute-force-then-success', 'warning');
  });

  it('a success from another source IP, or failures alone, are not this rule', () => {
    noAlert(
      run(detector(reference), attack(critical, '203.0.113.50', '192.0.2.10')),
      'brute-force-then-success',
    );
    noAlert(run(detector(reference), attack(critical).slice(0, -1)), 'brute-force-then-success');
  });
});

describe('scanner User-Agents', () => {
  it('warns on an attempt and is critical on a success, case-insensitively', () => {
    const result = run(detector(reference), [
      registration(WEDNESDAY, 'AUTH_FAILED', '203.0.113.7', { userAgent: 'friendly-scanner' }),
      registration(plus(WEDNESDAY, 60), 'AUTH_FAILED', '203.0.113.7', { userAgent: 'friendly-scanner' }),
      registration(plus(WEDNESDAY, 120), 'REGISTERED', '203.0.113.7', { userAgent: 'SIPVicious 0.3.4' }),
    ]);
    expectFiredOnceAt(result, 'scanner-user-agent', 'warning', 0);
    const critical = expectFiredOnceAt(result, 'scanner-user-agent', 'critical', 2);
    expect(critical.counts).toMatchObject({ attempts: 3, successes: 1 });
  });

  it('recognises the listed tools, on calls too, and not ordinary phones', () => {
    for (const userAgent of [
      'VaxSIPUserAgent/3.1',
      'sundayddr',
      'PPLSIP',
      'iWar',
      'sip-scan',
      'sipcli/v1.8',
    ]) {
      const result = run(detector(reference), [call(WEDNESDAY, NATIONAL, 30, { userAgent })]);
      expectFiredOnceAt(result, 'scanner-user-agent', 'critical', 0);
    }
    noAlert(
      run(detector(reference), [
        registration(WEDNESDAY, 'AUTH_FAILED', '192.0.2.10', { userAgent: 'Yealink SIP-T46U' }),
      ]),
      'scanner-user-agent',
    );
  });
});

describe('new network', () => {
  const rule = DEFAULT_RULES.newNetwork;
  if (rule === undefined) throw new Error('new-network disabled');
  const learned = (): FraudInput[] =>
    times(rule.learningRegistrations, (i) =>
      registration(plus('2026-05-01T08:00:00Z', i * 3600 * 8), 'REGISTERED', `192.0.2.${10 + (i % 3)}`),
    );
  const after = '2026-05-13T08:00:00.000Z';

  it('learns silently, then warns on a registration from an unseen /24', () => {
    const inputs = [
      ...learned(),
      registration(after, 'REGISTERED', '192.0.2.200'), // same /24: known
      registration(plus(after, 60), 'REGISTERED', '198.51.100.7'), // new
      registration(plus(after, 120), 'REGISTERED', '198.51.100.8'), // now known
    ];
    const result = run(detector(reference), inputs);
    const alert = expectFiredOnceAt(result, 'new-network', 'warning', inputs.length - 2);
    expect(alert.samples[0]?.summary).toMatch(/^registered from 198\.51\.100\.7/);
    noAlert(result, 'new-network', 'critical');
  });

  it('does not alert during the learning registrations or the learning period', () => {
    const early = times(rule.learningRegistrations + 3, (i) =>
      registration(plus('2026-05-01T08:00:00Z', i * 60), 'REGISTERED', `10.${i}.0.1`),
    );
    noAlert(run(detector(reference), early), 'new-network');
  });

  it('is critical at several new networks in the window, IPv6 by /48', () => {
    const critical = threshold(rule, 'critical', 'networks');
    const inputs = [
      ...learned(),
      registration(after, 'REGISTERED', '2001:db8:aaaa:1::1'),
      registration(plus(after, 10), 'REGISTERED', '2001:db8:aaaa:2::1'), // same /48
      ...times(critical, (i) => registration(plus(after, 60 + i * 60), 'REGISTERED', `198.51.${100 + i}.7`)),
    ];
    const result = run(detector(reference), inputs);
    expectFiredOnceAt(result, 'new-network', 'warning', rule.learningRegistrations);
    expectFiredOnceAt(result, 'new-network', 'critical', rule.learningRegistrations + 2 + critical - 2);
  });
});

describe('IRSF burst', () => {
  const rule = DEFAULT_RULES.irsfBurst;
  const warningCalls = threshold(rule, 'warning', 'calls');
  const criticalCalls = threshold(rule, 'critical', 'calls');

  it('counts attempts to high-risk and premium destinations: warning and critical at their thresholds', () => {
    const attempts = times(criticalCalls + 1, (i) =>
      call(plus(WEDNESDAY, i * 30), i % 2 === 0 ? CUBA : PREMIUM, 0),
    );
    const result = run(detector(reference), attempts);
    expectFiredOnceAt(result, 'irsf-burst', 'warning', warningCalls - 1);
    const critical = expectFiredOnceAt(result, 'irsf-burst', 'critical', criticalCalls - 1);
    expect(critical.counts).toMatchObject({ calls: criticalCalls, minutes: 0, cost: '0.00' });
    expect(critical.samples[0]?.summary).toMatch(/^\+537\*+67 0 s$/);
    expect(critical.samples.every((s) => !s.summary.includes(CUBA))).toBe(true);
  });

  it('does not count ordinary international calls', () => {
    const calls = times(criticalCalls + 1, (i) => call(plus(WEDNESDAY, i * 30), UK_MOBILE, 0));
    noAlert(run(detector(reference), calls), 'irsf-burst');
  });

  it('sums the exact cost with the plan tariff: below, at and above the threshold', () => {
    // Cuba in tarif-standard since 2026-03-15: 0.20 connect + 1.50 per minute, 60/1: a 60 s call costs 1.70.
    const rules = rulesWith([
      "warning: { calls: 10, minutes: 30, cost: '20.00' }",
      "warning: { cost: '3.40' }",
    ]);
    const calls = times(3, (i) => call(plus(WEDNESDAY, i * 120), CUBA, 60));
    const result = run(detector(reference, rules), calls);
    const alert = expectFiredOnceAt(result, 'irsf-burst', 'warning', 1);
    expect(alert.counts).toMatchObject({
      calls: 2,
      minutes: 2,
      cost: '3.40',
      currency: 'EUR',
      'threshold.cost': '3.40',
    });
    expect(alert.samples[0]?.summary).toMatch(/^\+537\*+67 60 s 1\.70 EUR$/);
    expect(alert.reason).toBe(
      'warning: calls to high-risk or premium destinations: cost 3.40 EUR >= cost 3.40 EUR within 1h',
    );
  });

  it('counts minutes', () => {
    const minutes = threshold(rule, 'warning', 'minutes');
    const rules = rulesWith([
      "warning: { calls: 10, minutes: 30, cost: '20.00' }",
      'warning: { minutes: 30 }',
    ]);
    const result = run(detector(reference, rules), [
      call(WEDNESDAY, PREMIUM, minutes - 1),
      call(plus(WEDNESDAY, 3600), PREMIUM, 1),
      call(plus(WEDNESDAY, 3700), PREMIUM, 1),
    ]);
    expectFiredOnceAt(result, 'irsf-burst', 'warning', 1);
  });
});

describe('high-risk destinations', () => {
  const critical = threshold(DEFAULT_RULES.highRiskDestination, 'critical', 'numbers');

  it('warns at the first high-risk number and is critical at enough distinct ones; repeats do not count', () => {
    const inputs = [
      call(WEDNESDAY, CUBA, 0),
      call(plus(WEDNESDAY, 10), CUBA, 0),
      ...times(critical, (i) => call(plus(WEDNESDAY, 20 + i * 10), `+53712345${String(i + 10)}`, 0)),
    ];
    const result = run(detector(reference), inputs);
    expectFiredOnceAt(result, 'high-risk-destination', 'warning', 0);
    // CUBA + 9 new distinct numbers reach 10 at input 2 + 8
    expectFiredOnceAt(result, 'high-risk-destination', 'critical', 2 + critical - 2);
  });
});

describe('concurrent international calls', () => {
  const rule = DEFAULT_RULES.concurrentInternational;
  const warning = threshold(rule, 'warning', 'calls');

  it('computes overlaps from start and end: below, at and above the threshold', () => {
    // Calls all in progress at 10:10; CDRs arrive at their ends.
    const overlapping = times(warning + 1, (i) => call(plus(WEDNESDAY, i * 60), UK_MOBILE, 1200 - i * 30));
    const result = run(detector(reference), overlapping);
    const alert = expectFiredOnceAt(result, 'concurrent-international', 'warning', warning - 1);
    expect(alert.counts).toMatchObject({ calls: warning });
  });

  it('back-to-back calls are not concurrent', () => {
    const sequential = times(warning + 2, (i) => call(plus(WEDNESDAY, i * 200), UK_MOBILE, 198));
    noAlert(run(detector(reference), sequential), 'concurrent-international');
  });

  it('out-of-order CDRs give the same peak', () => {
    const overlapping = times(warning, (i) => call(plus(WEDNESDAY, i * 60), UK_MOBILE, 1200 - i * 30));
    const result = run(detector(reference), [...overlapping].reverse());
    expectFiredOnceAt(result, 'concurrent-international', 'warning', warning - 1);
  });
});

describe('spend velocity', () => {
  const rules = rulesWith([
    "warning: { cost: '30.00' }\n    critical: { cost: '150.00' }",
    "warning: { cost: '3.40' }\n    critical: { cost: '5.10' }",
  ]);

  it('sums off-plan cost exactly: warning then critical at their thresholds', () => {
    const calls = [
      ...times(4, (i) => call(plus(WEDNESDAY, i * 120), CUBA, 60)),
      call(plus(WEDNESDAY, 500), NATIONAL, 3600),
    ];
    const result = run(detector(reference, rules), calls);
    expect(expectFiredOnceAt(result, 'spend-velocity', 'warning', 1).counts).toMatchObject({
      cost: '3.40',
      currency: 'EUR',
    });
    expect(expectFiredOnceAt(result, 'spend-velocity', 'critical', 2).counts).toMatchObject({ cost: '5.10' });
  });

  it('in-plan calls cost nothing for a business customer, everything for a telecom professional', () => {
    // National mobile 0.045 / min, 60/1 in tarif-standard since 2026-03-15: 40 min = 1.80, two calls 3.60.
    const national = times(2, (i) => call(plus(WEDNESDAY, i * 2600), '+33612345678', 40 * 60));
    noAlert(run(detector(reference, rules), national), 'spend-velocity');
    const pro = national.map((input) =>
      input.kind === 'call'
        ? { ...input, record: { ...input.record, accountId: 'c2001-plateau-01' } }
        : input,
    );
    expectFiredOnceAt(run(detector(reference, rules), pro), 'spend-velocity', 'warning', 1);
  });

  it('the default thresholds are decimal amounts', () => {
    expect(threshold(DEFAULT_RULES.spendVelocity, 'warning', 'cost')).toBe(30_000_000);
  });
});

describe('out-of-hours spikes', () => {
  const warning = threshold(DEFAULT_RULES.outOfHoursSpike, 'warning', 'calls');
  const burst = (start: string, count: number): FraudInput[] =>
    times(count, (i) => call(plus(start, i * 20), NATIONAL, 5 + (i % 7) * 100));

  it('counts calls started outside business hours: below, at and above the threshold', () => {
    noAlert(run(detector(reference), burst(SATURDAY_NIGHT, warning - 1)), 'out-of-hours-spike');
    const result = run(detector(reference), burst(SATURDAY_NIGHT, warning + 1));
    expectFiredOnceAt(result, 'out-of-hours-spike', 'warning', warning - 1);
  });

  it('business hours do not count, French public holidays do', () => {
    noAlert(run(detector(reference), burst(WEDNESDAY, warning + 1)), 'out-of-hours-spike');
    // Ascension (Thursday 2026-05-14) and Easter Monday (2026-04-06), 10:00 Paris.
    for (const holiday of ['2026-05-14T08:00:00.000Z', '2026-04-06T08:00:00.000Z']) {
      expectFiredOnceAt(
        run(detector(reference), burst(holiday, warning)),
        'out-of-hours-spike',
        'warning',
        warning - 1,
      );
    }
  });
});

describe('sequential dialling', () => {
  const warning = threshold(DEFAULT_RULES.sequentialDialling, 'warning', 'run');
  const critical = threshold(DEFAULT_RULES.sequentialDialling, 'critical', 'run');
  const dial = (count: number, step = 1): FraudInput[] =>
    times(count, (i) => call(plus(WEDNESDAY, i * 15), `+331234567${String(10 + i * step)}`, 0));

  it('fires at the run lengths of its levels', () => {
    noAlert(run(detector(reference), dial(warning - 1)), 'sequential-dialling');
    const result = run(detector(reference), dial(critical + 1));
    const alert = expectFiredOnceAt(result, 'sequential-dialling', 'warning', warning - 1);
    expect(alert.samples.map((s) => s.summary.split(' ')[0])).toEqual(
      ['+33123456711', '+33123456712', '+33123456713', '+33123456714'].map(maskNumber),
    );
    expectFiredOnceAt(result, 'sequential-dialling', 'critical', critical - 1);
  });

  it('numbers with gaps, or in any order, are judged by the run they form', () => {
    noAlert(run(detector(reference), dial(critical, 2)), 'sequential-dialling');
    const shuffled = dial(warning);
    [shuffled[0], shuffled[3]] = [shuffled[3] as FraudInput, shuffled[0] as FraudInput];
    expectFiredOnceAt(run(detector(reference), shuffled), 'sequential-dialling', 'warning', warning - 1);
  });
});

describe('short-call bursts', () => {
  const rule = DEFAULT_RULES.shortCallBurst;
  const warning = threshold(rule, 'warning', 'calls');
  const maxSeconds = rule?.maxSeconds ?? 0;

  it('counts answered calls of at most maxSeconds', () => {
    const short = (count: number, seconds: number): FraudInput[] =>
      times(count, (i) => call(plus(WEDNESDAY, i * 10), NATIONAL, seconds));
    noAlert(run(detector(reference), short(warning - 1, maxSeconds)), 'short-call-burst');
    expectFiredOnceAt(
      run(detector(reference), short(warning + 1, maxSeconds)),
      'short-call-burst',
      'warning',
      warning - 1,
    );
    noAlert(run(detector(reference), short(warning + 1, maxSeconds + 1)), 'short-call-burst');
    noAlert(run(detector(reference), short(warning + 1, 0)), 'short-call-burst'); // unanswered
  });
});

describe('emergency calls', () => {
  it('never count and never trigger anything', () => {
    const fraud = detector(reference);
    const emergency = times(200, (i) =>
      call(plus(SATURDAY_NIGHT, i * 5), ['112', '15', '17', '18', '+33112'][i % 5] ?? '112', i % 3, {
        userAgent: 'friendly-scanner',
      }),
    );
    const result = run(fraud, emergency);
    expect(result.alerts).toEqual([]);
    expect(fraud.stats()).toMatchObject({ emergencyCalls: 200, calls: 0, windows: 0 });
  });

  it('do not add to a burst of other calls', () => {
    const warning = threshold(DEFAULT_RULES.outOfHoursSpike, 'warning', 'calls');
    const inputs = times(warning * 2, (i) =>
      call(plus(SATURDAY_NIGHT, i * 10), i % 2 === 0 ? '112' : NATIONAL, 30),
    );
    const result = run(detector(reference), inputs);
    expectFiredOnceAt(result, 'out-of-hours-spike', 'warning', warning * 2 - 1);
  });
});

describe('inbound calls', () => {
  it('are not evaluated', () => {
    const fraud = detector(reference);
    const inputs = times(50, (i) => call(plus(WEDNESDAY, i * 10), CUBA, 0, { direction: 'INBOUND' }));
    expect(run(fraud, inputs).alerts).toEqual([]);
    expect(fraud.stats().notOutbound).toBe(50);
  });
});
