import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccountExpectation, DemoMonth } from '../../pipelines/demo/month/index.ts';
import { RegisteredDevices } from '../../pipelines/fair-use/registered-devices.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import type { RegistrationEvent } from '../../pipelines/registration/registration-event.ts';
import { demoFixture } from './demo-fixture.ts';
import { replayFairUse, type Replay } from './demo-month-replay.ts';

const classify = createNumberClassifier(parseNumberingOptions());
const IN_PLAN_CLASSES = new Set(['national-fixed', 'national-mobile']);

let month: DemoMonth;
let reference: ReferenceData;
let replay: Replay;
const eventsByAccount = new Map<string, RegistrationEvent[]>();

beforeAll(async () => {
  ({ month, reference } = await demoFixture());
  replay = replayFairUse(month, reference);
  for (const event of month.registrations) {
    const list = eventsByAccount.get(event.accountId) ?? [];
    list.push(event);
    eventsByAccount.set(event.accountId, list);
  }
});

function callsOf(accountId: string): CallRecord[] {
  return month.calls.filter((c) => c.accountId === accountId);
}

function expectationFor(role: DemoAccountExpectation['role']): DemoAccountExpectation {
  const expectation = month.scenario.expectations.find((e) => e.role === role);
  if (expectation === undefined) throw new Error(`no scenario account for ${role}`);
  return expectation;
}

/** Distinct normalised callees of answered calls (billable > 0) to national fixed and mobile numbers. */
function distinctAnsweredInPlanNumbers(calls: readonly CallRecord[]): number {
  const numbers = new Set<string>();
  for (const call of calls) {
    const destination = classify(call.callee);
    if (call.billableSeconds > 0 && IN_PLAN_CLASSES.has(destination.class)) numbers.add(destination.number);
  }
  return numbers.size;
}

/** Most answered calls in progress at once, [start, end) intervals. */
function maxAnsweredOverlap(calls: readonly CallRecord[]): number {
  const answered = calls.filter((c) => c.billableSeconds > 0 && classify(c.callee).class !== 'emergency');
  let best = 0;
  for (const call of answered) {
    const at = call.startTime.getTime();
    best = Math.max(
      best,
      answered.filter((c) => c.startTime.getTime() <= at && at < c.endTime.getTime()).length,
    );
  }
  return best;
}

/** Most bindings alive at once, from the account's registration events. */
function maxRegisteredDevices(accountId: string): number {
  const devices = new RegisteredDevices();
  let best = 0;
  for (const event of eventsByAccount.get(accountId) ?? []) {
    const at = event.timestamp.getTime();
    devices.pruneExpired(at);
    if (event.type === 'REGISTERED' && event.contact !== null && (event.expiresSeconds ?? 0) > 0) {
      devices.register(event.contact, event.instanceId, event.userAgent, at, event.expiresSeconds ?? 0);
    } else if (event.type !== 'AUTH_FAILED') {
      devices.remove(event.contact, event.instanceId);
    }
    best = Math.max(best, devices.size);
  }
  return best;
}

describe('the demo month scenario', () => {
  it('breaches exactly what the scenario says, account by account, through the real fair-use state', () => {
    const actual = new Map<string, string[]>();
    for (const breach of replay.breaches) {
      actual.set(breach.accountId, [...(actual.get(breach.accountId) ?? []), breach.rule].sort());
    }
    const expected = new Map(
      month.scenario.expectations
        .filter((e) => e.expectedBreaches.length > 0)
        .map((e) => [e.accountId, [...e.expectedBreaches].sort()]),
    );
    expect(actual).toEqual(expected);
    expect(month.scenario.expectations.length).toBeGreaterThanOrEqual(20);
  });

  it('reaches exactly 150 and 151 distinct answered in-plan numbers, counted with the classifier', () => {
    const atLimit = expectationFor('distinct-numbers-at-limit');
    const overLimit = expectationFor('distinct-numbers-over-limit');
    const wholeMonth = expectationFor('distinct-numbers-over-limit-whole-month');
    expect(distinctAnsweredInPlanNumbers(callsOf(atLimit.accountId))).toBe(150);
    expect(distinctAnsweredInPlanNumbers(callsOf(overLimit.accountId))).toBe(151);
    expect(distinctAnsweredInPlanNumbers(callsOf(wholeMonth.accountId))).toBe(151);
    // More raw callees than that: unanswered prospects, E.164 forms of the same numbers, a 0-second answer.
    expect(new Set(callsOf(atLimit.accountId).map((c) => c.callee)).size).toBeGreaterThan(160);
    const zeroSecondAnswer = callsOf(atLimit.accountId).filter(
      (c) => c.disposition === 'ANSWERED' && c.billableSeconds === 0,
    );
    expect(zeroSecondAnswer).toHaveLength(1);

    const breaches = replay.breaches.filter((b) => b.rule === 'distinct-numbers');
    const overBreach = breaches.find((b) => b.accountId === overLimit.accountId);
    expect(overBreach?.triggeringCallId).toBe(overLimit.facts.breachingCallId);
    expect(overBreach?.evidence.count).toBe(151);
    expect(overBreach?.rerateMonth).toBe(false);
    expect(breaches.find((b) => b.accountId === wholeMonth.accountId)?.rerateMonth).toBe(true);
    // The breach falls mid-month: later national calls are billed, the emergency call after it is not.
    const breachAt = overBreach?.at.getTime() ?? 0;
    expect(breachAt).toBeGreaterThan(month.scenario.monthStart.getTime() + 10 * 86_400_000);
    expect(breachAt).toBeLessThan(month.scenario.monthEnd.getTime() - 3 * 86_400_000);
    const after = replay.decided.filter(
      (d) => d.call.accountId === overLimit.accountId && d.call.startTime.getTime() > breachAt,
    );
    expect(after.filter((d) => d.decision.reason === 'distinct-numbers-exceeded').length).toBeGreaterThan(20);
    const emergency = after.filter((d) => overLimit.facts.emergencyCallIds?.includes(d.call.callId));
    expect(emergency.map((d) => [d.call.callee, d.decision.reason, d.decision.inPlan])).toEqual([
      ['112', 'emergency', true],
    ]);
  });

  it('has three simultaneous answered calls at the limit and four over it', () => {
    const atLimit = expectationFor('concurrent-calls-at-limit');
    const overLimit = expectationFor('concurrent-calls-over-limit');
    expect(maxAnsweredOverlap(callsOf(atLimit.accountId))).toBe(3);
    expect(maxAnsweredOverlap(callsOf(overLimit.accountId))).toBe(4);
    const breach = replay.breaches.find((b) => b.accountId === overLimit.accountId);
    expect(breach?.rule).toBe('concurrent-calls');
    expect(breach?.triggeringCallId).toBe(overLimit.facts.breachingCallId);
    expect(breach?.evidence.count).toBe(4);
    const offPlan = replay.decided.filter(
      (d) => d.call.accountId === overLimit.accountId && d.decision.reason === 'concurrent-calls-exceeded',
    );
    expect(offPlan).toHaveLength(2); // the fourth call of each of the two episodes of four
  });

  it('registers three devices at the limit, four over it, four under a raised limit', () => {
    expect(maxRegisteredDevices(expectationFor('registered-devices-at-limit').accountId)).toBe(3);
    const overLimit = expectationFor('registered-devices-over-limit').accountId;
    expect(maxRegisteredDevices(overLimit)).toBe(4);
    const raised = expectationFor('registered-devices-raised-limit').accountId;
    expect(maxRegisteredDevices(raised)).toBe(4);
    expect(reference.account(raised)?.limits.maxRegisteredDevices).toBe(4);
    const offPlan = replay.decided.filter(
      (d) => d.call.accountId === overLimit && d.decision.reason === 'registered-devices-exceeded',
    );
    expect(offPlan.length).toBeGreaterThan(3);
    for (const account of month.population.accounts.filter((a) => a.role === 'ordinary')) {
      expect(maxRegisteredDevices(account.accountId)).toBeLessThanOrEqual(2);
    }
  });

  it('calls from catalogue devices on ordinary accounts, from third-party ones where the scenario says', () => {
    const ordinary = new Set(
      month.population.accounts.filter((a) => a.role === 'ordinary').map((a) => a.accountId),
    );
    const agents = [...month.calls, ...month.registrations]
      .filter((r) => ordinary.has(r.accountId) && r.userAgent !== null)
      .map((r) => r.userAgent ?? '');
    const refused = [...new Set(agents)].filter(
      (ua) => !reference.deviceMatcher.isCatalogueDevice(ua).approved,
    );
    expect(refused).toEqual([]);
    for (const role of ['third-party-softphone', 'outdated-firmware'] as const) {
      const expectation = expectationFor(role);
      const check = reference.deviceMatcher.isCatalogueDevice(expectation.facts.userAgent);
      expect(check.approved).toBe(false);
      const fromIt = callsOf(expectation.accountId).filter(
        (c) => c.userAgent === expectation.facts.userAgent && c.billableSeconds > 0,
      );
      expect(fromIt.length).toBeGreaterThan(5);
    }
    expect(
      reference.deviceMatcher.isCatalogueDevice(expectationFor('outdated-firmware').facts.userAgent),
    ).toMatchObject({
      deviceId: 'yealink-t4x',
      reason: 'firmware-too-old',
    });
  });

  it('gives the call centre heavy traffic that breaches nothing: a telecom professional is billed per minute', () => {
    const agents = month.population.accounts.filter((a) => a.role === 'call-centre-agent');
    expect(agents.length).toBeGreaterThanOrEqual(3);
    for (const agent of agents)
      expect(distinctAnsweredInPlanNumbers(callsOf(agent.accountId))).toBeGreaterThan(150);
    const trunk = expectationFor('call-centre-trunk');
    expect(maxAnsweredOverlap(callsOf(trunk.accountId))).toBeGreaterThan(3);
    const professional = new Set([...agents.map((a) => a.accountId), trunk.accountId]);
    const decided = replay.decided.filter(
      (d) => professional.has(d.call.accountId) && d.call.billableSeconds > 0,
    );
    expect(decided.length).toBeGreaterThan(1000);
    expect(decided.every((d) => !d.decision.inPlan && d.decision.reason === 'telecom-professional')).toBe(
      true,
    );
  });

  it('stages a credential theft: brute force from abroad, a successful REGISTER, then an IRSF burst', () => {
    const theft = month.scenario.credentialTheft;
    const events = month.registrations.filter(
      (e) => e.accountId === theft.accountId && e.sourceIp === theft.attackerIp,
    );
    const failures = events.filter((e) => e.type === 'AUTH_FAILED');
    expect(failures).toHaveLength(theft.bruteForce.authFailures);
    expect(failures.length).toBeGreaterThanOrEqual(100);
    expect(
      failures.every((e) => e.userAgent === theft.scannerUserAgent && e.timestamp < theft.compromisedAt),
    ).toBe(true);
    const registered = events.filter((e) => e.type === 'REGISTERED');
    expect(registered[0]?.timestamp).toEqual(theft.compromisedAt);
    expect(registered.every((e) => e.userAgent === theft.dialerUserAgent && e.expiresSeconds === 3600)).toBe(
      true,
    );

    const irsf = callsOf(theft.accountId).filter((c) => c.sourceIp === theft.attackerIp);
    expect(irsf).toHaveLength(theft.irsf.calls);
    expect(irsf.length).toBeGreaterThan(200);
    expect(
      irsf.every((c) => c.startTime > theft.compromisedAt && c.userAgent === theft.dialerUserAgent),
    ).toBe(true);
    expect(irsf.every((c) => classify(c.callee).highRisk)).toBe(true);
    expect(irsf.filter((c) => c.billableSeconds > 0 && c.billableSeconds <= 90).length).toBe(
      theft.irsf.answered,
    );
    expect(theft.irsf.maxParallel).toBeGreaterThanOrEqual(6);
    expect(new Set(irsf.map((c) => classify(c.callee).country ?? 'satellite')).size).toBeGreaterThanOrEqual(
      5,
    );
    // At night, outside anything the pharmacy does.
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(theft.irsf.firstAt),
    );
    expect(hour).toBeLessThan(6);
  });

  it('expects a fraud suspension for the credential theft only, with deadlines in the order of the attack', () => {
    const theft = month.scenario.credentialTheft;
    const withCommands = month.scenario.expectations.filter((e) => e.expectedFraudCommands.length > 0);
    expect(withCommands.map((e) => [e.accountId, e.role, e.expectedFraudCommands])).toEqual([
      [theft.accountId, 'credential-theft', ['suspend']],
    ]);
    const deadlines = month.scenario.fraudDeadlines;
    expect(deadlines.accountId).toBe(theft.accountId);
    expect(deadlines.attackStartedAt.getTime()).toBeLessThan(deadlines.firstFraudulentEventAt.getTime());
    expect(deadlines.firstFraudulentEventAt).toEqual(theft.compromisedAt);
    expect(deadlines.firstIrsfCallAt.getTime()).toBeGreaterThan(deadlines.firstFraudulentEventAt.getTime());
    expect(deadlines.maxSuspensionDelayMinutes).toBe(0);
    // The rule the deadline relies on: at least 10 failures from the attacker's IP in the 30 min before the
    // successful REGISTER (brute-force-then-success, critical at 10, fires on that REGISTER).
    const failuresBefore = month.registrations.filter(
      (e) =>
        e.accountId === theft.accountId &&
        e.type === 'AUTH_FAILED' &&
        e.sourceIp === theft.attackerIp &&
        e.timestamp < theft.compromisedAt &&
        e.timestamp.getTime() >= theft.compromisedAt.getTime() - 30 * 60_000,
    );
    expect(failuresBefore.length).toBeGreaterThanOrEqual(10);
  });

  it('keeps calls to paid services short: premium-rate 08 numbers and short codes last at most 10 minutes', () => {
    const service = month.calls.filter((c) =>
      ['special-premium', 'short-code'].includes(classify(c.callee).class),
    );
    expect(service.length).toBeGreaterThan(300);
    expect(Math.max(...service.map((c) => c.billableSeconds))).toBeLessThanOrEqual(600);
  });

  it('prices every billed call: each destination has a rate in the demo tariff', () => {
    const tariff = reference.tariff('tarif-standard');
    if (tariff === undefined) throw new Error('no tariff');
    const billed = replay.decided.filter((d) => !d.decision.inPlan);
    expect(billed.length).toBeGreaterThan(5000);
    const unpriced = billed.filter(
      (d) =>
        !priceCall(
          {
            billableSeconds: d.call.billableSeconds,
            number: d.destination.number,
            startTime: d.call.startTime,
          },
          tariff,
        ).ok,
    );
    expect(unpriced.map((d) => d.destination.class)).toEqual([]);
    const classes = new Set(replay.decided.map((d) => d.destination.class));
    for (const cls of [
      'national-fixed',
      'national-mobile',
      'special-free',
      'special-shared',
      'special-premium',
      'short-code',
      'international',
      'emergency',
      'satellite',
    ]) {
      expect(classes.has(cls as never), cls).toBe(true);
    }
    expect(classes.has('invalid')).toBe(false);
  });

  it('keeps accounts that start or stop in the month within their service period', () => {
    const joined = reference.account(expectationFor('joined-mid-month').accountId);
    const left = reference.account(expectationFor('left-mid-month').accountId);
    const records = (id: string | undefined): { at: Date }[] => [
      ...month.calls.filter((c) => c.accountId === id).map((c) => ({ at: c.startTime })),
      ...month.registrations.filter((e) => e.accountId === id).map((e) => ({ at: e.timestamp })),
    ];
    expect(
      records(joined?.account.accountId).every((r) => r.at >= (joined?.account.activeFromInstant ?? 0)),
    ).toBe(true);
    expect(
      records(left?.account.accountId).every((r) => r.at < (left?.account.activeUntilInstant ?? 0)),
    ).toBe(true);
    const lastEvent = month.registrations.filter((e) => e.accountId === left?.account.accountId).at(-1);
    expect([lastEvent?.type, lastEvent?.contact]).toEqual(['UNREGISTERED', '*']);
  });
});
