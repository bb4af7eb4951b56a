import { describe, expect, it } from 'vitest';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import type { FairUseDecision } from '../../pipelines/fair-use/decision.ts';
import { ACCOUNT, EMERGENCY, UK, call, fixed, mobile, terms } from './fixtures.ts';

const T0 = Date.parse('2026-05-04T07:00:00Z');
const MINUTE = 60_000;

/** Calls one number per minute from T0, the i-th to mobile(i) (alternating mobile and fixed). */
function callNumbers(
  state: AccountFairUseState,
  from: number,
  to: number,
  startMinute = from,
): FairUseDecision[] {
  const decisions: FairUseDecision[] = [];
  for (let i = from; i < to; i++) {
    const destination = i % 2 === 0 ? mobile(i) : fixed(i);
    decisions.push(
      state.decideCall(
        call({ id: `c${i}`, start: T0 + (startMinute + i - from) * MINUTE, seconds: 30 }),
        destination,
        terms(),
      ),
    );
  }
  return decisions;
}

describe('distinct numbers per month', () => {
  it('keeps 150 distinct numbers in plan and puts the 151st off plan with one breach', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const first = callNumbers(state, 0, 150);
    expect(first.every((d) => d.inPlan && d.reason === 'in-plan' && d.breaches.length === 0)).toBe(true);
    expect(state.distinctNumberCount).toBe(150);

    const [breaching] = callNumbers(state, 150, 151, 200);
    expect(breaching).toMatchObject({
      inPlan: false,
      reason: 'distinct-numbers-exceeded',
      rerateMonth: false,
    });
    expect(breaching?.breaches).toHaveLength(1);
    const breach = breaching?.breaches[0];
    expect(breach).toMatchObject({
      accountId: ACCOUNT,
      customerId: 'cust-01',
      rule: 'distinct-numbers',
      month: '2026-05',
      triggeringCallId: 'c150',
      policy: 'rest-of-month',
      rerateMonth: false,
      evidence: { count: 151, limit: 150 },
    });
    expect(breach?.evidence.maskedNumbers).toHaveLength(151);
    // Masked: no full number anywhere in the breach.
    const text = JSON.stringify(breach);
    for (let i = 0; i <= 150; i++) expect(text).not.toContain((i % 2 === 0 ? mobile(i) : fixed(i)).number);
    expect(breach?.evidence.maskedNumbers?.[0]).toMatch(/^\+331\*+\d\d$/);
  });

  it('puts every later in-plan call of the month off plan, including numbers already counted, without a new breach', () => {
    const state = new AccountFairUseState(ACCOUNT);
    callNumbers(state, 0, 151);
    const again = state.decideCall(call({ id: 'again', start: T0 + 300 * MINUTE }), mobile(0), terms());
    expect(again).toMatchObject({ inPlan: false, reason: 'distinct-numbers-exceeded', breaches: [] });
    const fresh = state.decideCall(call({ id: 'fresh', start: T0 + 301 * MINUTE }), mobile(9999), terms());
    expect(fresh).toMatchObject({ inPlan: false, reason: 'distinct-numbers-exceeded', breaches: [] });
    // The set stops growing past the limit; later calls to numbers it does not hold are only counted.
    expect(state.distinctNumberCount).toBe(151);
    expect(state.unstoredNumberCalls).toBe(1);
    // Destinations outside the plan keep their own reason.
    const uk = state.decideCall(call({ id: 'uk', start: T0 + 302 * MINUTE }), UK, terms());
    expect(uk).toMatchObject({ inPlan: false, reason: 'destination-not-in-plan', alsoApplies: [] });
  });

  it('counts a number called many times once', () => {
    const state = new AccountFairUseState(ACCOUNT);
    callNumbers(state, 0, 150);
    for (let i = 0; i < 50; i++) {
      const d = state.decideCall(
        call({ id: `r${i}`, start: T0 + (200 + i) * MINUTE }),
        mobile(2 * (i % 10)),
        terms(),
      );
      expect(d.reason).toBe('in-plan');
    }
    expect(state.distinctNumberCount).toBe(150);
  });

  it('does not count unanswered calls, emergency calls or destinations outside the plan', () => {
    const state = new AccountFairUseState(ACCOUNT);
    callNumbers(state, 0, 150);
    let minute = 200;
    const next = (): number => T0 + minute++ * MINUTE;
    for (let i = 0; i < 20; i++) {
      const unanswered = state.decideCall(
        call({ id: `u${i}`, start: next(), billable: 0 }),
        mobile(5000 + i),
        terms(),
      );
      expect(unanswered).toMatchObject({ inPlan: true, reason: 'not-answered', breaches: [] });
      const emergency = state.decideCall(call({ id: `e${i}`, start: next() }), EMERGENCY, terms());
      expect(emergency).toMatchObject({ inPlan: true, reason: 'emergency', alsoApplies: [], breaches: [] });
      const uk = state.decideCall(
        call({ id: `i${i}`, start: next() }),
        { class: 'international', number: `+4420700000${String(i).padStart(2, '0')}` },
        terms(),
      );
      expect(uk).toMatchObject({ inPlan: false, reason: 'destination-not-in-plan', breaches: [] });
      const premium = state.decideCall(
        call({ id: `p${i}`, start: next() }),
        { class: 'special-premium', number: `+33899${i}` },
        terms(),
      );
      expect(premium.reason).toBe('destination-not-in-plan');
    }
    expect(state.distinctNumberCount).toBe(150);
    // Still in plan: the 150 counted numbers only.
    expect(state.decideCall(call({ id: 'last', start: next() }), mobile(0), terms()).reason).toBe('in-plan');
  });

  it('counts the classes the plan includes, whatever they are', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const withShortCodes = terms({
      includedClasses: ['national-fixed', 'short-code'],
      limits: { maxDistinctNumbers: 2, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
    });
    const shortCode = { class: 'short-code', number: '3631' } as const;
    expect(state.decideCall(call({ id: 'a', start: T0 }), shortCode, withShortCodes).reason).toBe('in-plan');
    expect(state.decideCall(call({ id: 'b', start: T0 + MINUTE }), fixed(1), withShortCodes).reason).toBe(
      'in-plan',
    );
    expect(
      state.decideCall(call({ id: 'c', start: T0 + 2 * MINUTE }), mobile(1), withShortCodes).reason,
    ).toBe('destination-not-in-plan');
    expect(state.decideCall(call({ id: 'd', start: T0 + 3 * MINUTE }), fixed(2), withShortCodes).reason).toBe(
      'distinct-numbers-exceeded',
    );
  });

  it('starts a fresh count in the next month', () => {
    const state = new AccountFairUseState(ACCOUNT);
    callNumbers(state, 0, 151);
    const june = state.decideCall(call({ id: 'june', start: '2026-06-01T08:00:00Z' }), mobile(0), terms());
    expect(june).toMatchObject({ month: '2026-06', inPlan: true, reason: 'in-plan' });
    expect(state.distinctNumberCount).toBe(1);
  });

  it('lists masked numbers or only the count, as configured', () => {
    const state = new AccountFairUseState(ACCOUNT, {
      nullUserAgent: 'not-evaluated',
      concurrencyCounts: 'answered',
      defaultRegistrationExpirySeconds: 3600,
      breachEvidenceNumbers: 'count-only',
    });
    const decisions = callNumbers(state, 0, 151);
    const breach = decisions[150]?.breaches[0];
    expect(breach?.evidence).toEqual({ count: 151, limit: 150 });
  });
});
