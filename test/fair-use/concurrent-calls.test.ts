import { describe, expect, it } from 'vitest';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import { parseOptions } from '../../pipelines/config/options.ts';
import { fairUseOptionsSpec } from '../../pipelines/fair-use/fair-use-options.ts';
import { ACCOUNT, EMERGENCY, UK, call, mobile, terms } from './fixtures.ts';

const at = (hhmm: string): string => `2026-05-04T${hhmm}:00Z`;

describe('simultaneous calls', () => {
  it('keeps 3 overlapping calls in plan and puts the 4th off plan with one breach naming the overlapping calls', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const a = state.decideCall(call({ id: 'a', start: at('10:00'), seconds: 600 }), mobile(1), terms());
    const b = state.decideCall(call({ id: 'b', start: at('10:01'), seconds: 600 }), mobile(2), terms());
    const c = state.decideCall(call({ id: 'c', start: at('10:02'), seconds: 600 }), mobile(3), terms());
    expect([a, b, c].map((d) => d.reason)).toEqual(['in-plan', 'in-plan', 'in-plan']);
    const d = state.decideCall(call({ id: 'd', start: at('10:03'), seconds: 60 }), mobile(4), terms());
    expect(d).toMatchObject({ inPlan: false, reason: 'concurrent-calls-exceeded' });
    expect(d.breaches).toHaveLength(1);
    expect(d.breaches[0]).toMatchObject({
      rule: 'concurrent-calls',
      month: '2026-05',
      at: new Date(at('10:03')),
      triggeringCallId: 'd',
      evidence: { count: 4, limit: 3, overlappingCallIds: ['a', 'b', 'c', 'd'] },
    });
    // A 5th while 4 are in progress: off plan, no second breach this month.
    const e = state.decideCall(call({ id: 'e', start: at('10:03'), seconds: 60 }), mobile(5), terms());
    expect(e).toMatchObject({ inPlan: false, reason: 'concurrent-calls-exceeded', breaches: [] });
  });

  it('treats a call ending at t and a call starting at t as not overlapping', () => {
    const state = new AccountFairUseState(ACCOUNT);
    state.decideCall(call({ id: 'a', start: at('10:00'), seconds: 300 }), mobile(1), terms()); // ends 10:05
    state.decideCall(call({ id: 'b', start: at('10:01'), seconds: 600 }), mobile(2), terms());
    state.decideCall(call({ id: 'c', start: at('10:02'), seconds: 600 }), mobile(3), terms());
    const d = state.decideCall(call({ id: 'd', start: at('10:05'), seconds: 600 }), mobile(4), terms());
    expect(d.reason).toBe('in-plan');
    // b, c, d in progress at 10:05: a 4th starting at the same instant is off plan.
    const e = state.decideCall(call({ id: 'e', start: at('10:05'), seconds: 60 }), mobile(5), terms());
    expect(e.reason).toBe('concurrent-calls-exceeded');
    expect(e.breaches[0]?.evidence.overlappingCallIds).toEqual(['b', 'c', 'd', 'e']);
  });

  it('takes calls of the same start instant in delivery order: the 4th delivered is off plan', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const reasons = ['a', 'b', 'c', 'd'].map(
      (id, i) => state.decideCall(call({ id, start: at('10:00'), seconds: 60 }), mobile(i), terms()).reason,
    );
    expect(reasons).toEqual(['in-plan', 'in-plan', 'in-plan', 'concurrent-calls-exceeded']);
  });

  it('counts calls in progress whatever their destination, but never emergency calls', () => {
    const state = new AccountFairUseState(ACCOUNT);
    state.decideCall(call({ id: 'uk1', start: at('10:00'), seconds: 600 }), UK, terms());
    state.decideCall(call({ id: 'sos', start: at('10:00'), seconds: 600 }), EMERGENCY, terms());
    state.decideCall(call({ id: 'uk2', start: at('10:01'), seconds: 600 }), UK, terms());
    expect(
      state.decideCall(call({ id: 'n1', start: at('10:02'), seconds: 600 }), mobile(1), terms()).reason,
    ).toBe('in-plan');
    const fourth = state.decideCall(call({ id: 'n2', start: at('10:03'), seconds: 600 }), mobile(2), terms());
    expect(fourth.reason).toBe('concurrent-calls-exceeded');
    expect(fourth.breaches[0]?.evidence.overlappingCallIds).toEqual(['uk1', 'uk2', 'n1', 'n2']);
    // An emergency call is never off plan, however many calls are in progress.
    expect(state.decideCall(call({ id: 'sos2', start: at('10:04') }), EMERGENCY, terms())).toMatchObject({
      inPlan: true,
      reason: 'emergency',
      alsoApplies: [],
    });
  });

  it('lists the exceeded limit for an off-plan destination too', () => {
    const state = new AccountFairUseState(ACCOUNT);
    for (const id of ['a', 'b', 'c'])
      state.decideCall(call({ id, start: at('10:00'), seconds: 600 }), mobile(1), terms());
    const uk = state.decideCall(call({ id: 'uk', start: at('10:01') }), UK, terms());
    expect(uk).toMatchObject({
      reason: 'destination-not-in-plan',
      alsoApplies: ['concurrent-calls-exceeded'],
    });
    expect(uk.breaches.map((b) => b.rule)).toEqual(['concurrent-calls']);
  });

  it('does not count unanswered attempts by default, and counts them with concurrencyCounts=all-attempts', () => {
    const byDefault = new AccountFairUseState(ACCOUNT);
    const allAttempts = new AccountFairUseState(
      ACCOUNT,
      parseOptions('fairUse', fairUseOptionsSpec, { concurrencyCounts: 'all-attempts' }),
    );
    for (const state of [byDefault, allAttempts]) {
      state.decideCall(
        call({ id: 'ring', start: at('10:00'), seconds: 120, billable: 0 }),
        mobile(9),
        terms(),
      );
      state.decideCall(call({ id: 'a', start: at('10:00'), seconds: 600 }), mobile(1), terms());
      state.decideCall(call({ id: 'b', start: at('10:00'), seconds: 600 }), mobile(2), terms());
    }
    expect(byDefault.decideCall(call({ id: 'c', start: at('10:01') }), mobile(3), terms()).reason).toBe(
      'in-plan',
    );
    expect(allAttempts.decideCall(call({ id: 'c', start: at('10:01') }), mobile(3), terms()).reason).toBe(
      'concurrent-calls-exceeded',
    );
  });

  it('carries calls in progress across midnight on the 1st and breaches again in the new month', () => {
    const state = new AccountFairUseState(ACCOUNT);
    // 23:50 to 00:20 Paris time on 31 May / 1 June (CEST: 21:50Z).
    for (const id of ['a', 'b', 'c']) {
      state.decideCall(call({ id, start: '2026-05-31T21:50:00Z', seconds: 1800 }), mobile(1), terms());
    }
    const may = state.decideCall(call({ id: 'may', start: '2026-05-31T21:55:00Z' }), mobile(2), terms());
    expect(may.breaches.map((b) => b.month)).toEqual(['2026-05']);
    const june = state.decideCall(call({ id: 'june', start: '2026-05-31T22:05:00Z' }), mobile(3), terms());
    expect(june).toMatchObject({ month: '2026-06', reason: 'concurrent-calls-exceeded' });
    expect(june.breaches.map((b) => [b.month, b.evidence.count])).toEqual([['2026-06', 4]]);
  });

  it('applies the limit of the terms given with the call', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const five = terms({
      limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 5, maxRegisteredDevices: 3 },
    });
    const reasons = ['a', 'b', 'c', 'd', 'e', 'f'].map(
      (id) => state.decideCall(call({ id, start: at('10:00'), seconds: 60 }), mobile(1), five).reason,
    );
    expect(reasons.filter((r) => r === 'in-plan')).toHaveLength(5);
    expect(reasons[5]).toBe('concurrent-calls-exceeded');
  });
});
