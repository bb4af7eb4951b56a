import { describe, expect, it } from 'vitest';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import { rerateForWholeMonth, type FairUseDecision } from '../../pipelines/fair-use/decision.ts';
import { ACCOUNT, EMERGENCY, UK, call, errorCode, mobile, registration, terms } from './fixtures.ts';

const small = { maxDistinctNumbers: 3, maxConcurrentCalls: 3, maxRegisteredDevices: 3 };

describe('breach policies', () => {
  it('rest-of-month: the breaching call and later in-plan calls are off plan; earlier calls stay as decided', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const plan = terms({ limits: small, breachPolicy: 'rest-of-month' });
    const decisions = [0, 1, 2, 3, 0].map((n, i) =>
      state.decideCall(call({ id: `c${i}`, start: `2026-05-0${i + 1}T10:00:00Z` }), mobile(n), plan),
    );
    expect(decisions.map((d) => d.reason)).toEqual([
      'in-plan',
      'in-plan',
      'in-plan',
      'distinct-numbers-exceeded',
      'distinct-numbers-exceeded',
    ]);
    expect(decisions.map((d) => d.rerateMonth)).toEqual([false, false, false, false, false]);
    expect(decisions[3]?.breaches[0]).toMatchObject({ policy: 'rest-of-month', rerateMonth: false });
  });

  it('whole-month: the breach asks for the month to be re-rated, and re-rating bills every call the plan covered', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const plan = terms({ limits: small, breachPolicy: 'whole-month' });
    const earlier: FairUseDecision[] = [
      state.decideCall(call({ id: 'a', start: '2026-05-01T10:00:00Z' }), mobile(0), plan),
      state.decideCall(call({ id: 'sos', start: '2026-05-01T11:00:00Z' }), EMERGENCY, plan),
      state.decideCall(call({ id: 'missed', start: '2026-05-01T12:00:00Z', billable: 0 }), mobile(7), plan),
      state.decideCall(call({ id: 'uk', start: '2026-05-01T13:00:00Z' }), UK, plan),
      state.decideCall(call({ id: 'b', start: '2026-05-02T10:00:00Z' }), mobile(1), plan),
      state.decideCall(call({ id: 'c', start: '2026-05-03T10:00:00Z' }), mobile(2), plan),
    ];
    expect(earlier.every((d) => !d.rerateMonth)).toBe(true);
    const breaching = state.decideCall(call({ id: 'd', start: '2026-05-04T10:00:00Z' }), mobile(3), plan);
    expect(breaching).toMatchObject({
      inPlan: false,
      reason: 'distinct-numbers-exceeded',
      rerateMonth: true,
    });
    expect(breaching.breaches[0]).toMatchObject({
      policy: 'whole-month',
      rerateMonth: true,
      month: '2026-05',
    });

    const rerated = earlier.map(rerateForWholeMonth);
    expect(rerated.map((d) => [d.callId, d.inPlan, d.reason])).toEqual([
      ['a', false, 'distinct-numbers-exceeded'],
      ['sos', true, 'emergency'],
      ['missed', true, 'not-answered'],
      ['uk', false, 'destination-not-in-plan'],
      ['b', false, 'distinct-numbers-exceeded'],
      ['c', false, 'distinct-numbers-exceeded'],
    ]);
    expect(rerated.every((d) => d.breaches.length === 0 && !d.rerateMonth)).toBe(true);
    // Later calls: off plan, without asking again.
    const later = state.decideCall(call({ id: 'e', start: '2026-05-05T10:00:00Z' }), mobile(0), plan);
    expect(later).toMatchObject({ reason: 'distinct-numbers-exceeded', rerateMonth: false, breaches: [] });
    // The other rules stay call by call under whole-month: no re-rating for simultaneous calls.
    const concurrent = ['f', 'g', 'h', 'i'].map((id) =>
      state.decideCall(call({ id, start: '2026-05-06T10:00:00Z', userAgent: null }), UK, plan),
    );
    expect(concurrent[3]?.breaches.map((b) => [b.rule, b.rerateMonth])).toEqual([
      ['concurrent-calls', false],
    ]);
    expect(concurrent.every((d) => !d.rerateMonth)).toBe(true);
  });
});

describe('Paris calendar months', () => {
  /** Breaches the limit of 3 in the month of `firstCallIso`, one call per hour. */
  function exhaust(state: AccountFairUseState, firstCallIso: string): void {
    const plan = terms({ limits: small });
    for (let i = 0; i < 4; i++) {
      state.decideCall(
        call({ id: `x${i}`, start: Date.parse(firstCallIso) + i * 3_600_000 }),
        mobile(100 + i),
        plan,
      );
    }
  }

  it('counts a call at 2026-03-31T22:30Z (00:30 Paris, summer time) in April', () => {
    const state = new AccountFairUseState(ACCOUNT);
    exhaust(state, '2026-03-31T10:00:00Z');
    const plan = terms({ limits: small });
    const stillMarch = state.decideCall(
      call({ id: 'm', start: '2026-03-31T21:59:59.999Z' }),
      mobile(1),
      plan,
    );
    expect(stillMarch).toMatchObject({ month: '2026-03', reason: 'distinct-numbers-exceeded' });
    const april = state.decideCall(call({ id: 'a', start: '2026-03-31T22:30:00Z' }), mobile(2), plan);
    expect(april).toMatchObject({ month: '2026-04', inPlan: true, reason: 'in-plan' });
    expect(state.month).toBe('2026-04');
    expect(state.distinctNumberCount).toBe(1);
  });

  it('counts a call at 2026-10-31T23:30Z (00:30 Paris, winter time) in November, and 22:30Z in October', () => {
    const state = new AccountFairUseState(ACCOUNT);
    exhaust(state, '2026-10-31T10:00:00Z');
    const plan = terms({ limits: small });
    const october = state.decideCall(call({ id: 'o', start: '2026-10-31T22:30:00Z' }), mobile(1), plan);
    expect(october).toMatchObject({ month: '2026-10', reason: 'distinct-numbers-exceeded' });
    const november = state.decideCall(call({ id: 'n', start: '2026-10-31T23:30:00Z' }), mobile(2), plan);
    expect(november).toMatchObject({ month: '2026-11', inPlan: true, reason: 'in-plan' });
  });

  it('keeps the month of the DST change whole (25 October 2026, 02:00-03:00 lived twice)', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const plan = terms({ limits: small });
    const around = ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'].map(
      (iso, i) => state.decideCall(call({ id: `d${i}`, start: iso }), mobile(i), plan).month,
    );
    expect(around).toEqual(['2026-10', '2026-10']);
  });

  it('refuses an event of a month before the counters it holds, and evicts only months that ended', () => {
    const state = new AccountFairUseState(ACCOUNT);
    state.decideCall(call({ id: 'april', start: '2026-03-31T22:30:00Z' }), mobile(1), terms());
    expect(
      errorCode(() =>
        state.applyRegistration(
          registration({ eventId: 'late', timestamp: new Date('2026-03-31T21:00:00Z') }),
          terms(),
        ),
      ),
    ).toBe('EVENT_OUT_OF_ORDER');
    expect(state.evictBefore(new Date('2026-04-15T00:00:00Z'))).toBe(false);
    expect(state.month).toBe('2026-04');
    expect(state.evictBefore(new Date('2026-04-30T22:00:00Z'))).toBe(true);
    expect(state.month).toBeUndefined();
  });
});
