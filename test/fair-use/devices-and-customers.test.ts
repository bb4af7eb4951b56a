import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../pipelines/config/options.ts';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import { fairUseOptionsSpec } from '../../pipelines/fair-use/fair-use-options.ts';
import { ACCOUNT, EMERGENCY, UK, call, mobile, registration, terms } from './fixtures.ts';

const start = (minute: number): number => Date.parse('2026-05-04T08:00:00Z') + minute * 60_000;

describe('third-party devices', () => {
  it('puts a call from a User-Agent outside the catalogue off plan, with one breach per device per month', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const zoiper = 'Zoiper rv2.10.20.6 user 33698765432';
    const first = state.decideCall(
      call({ id: 'z1', start: start(0), userAgent: zoiper }),
      mobile(1),
      terms(),
    );
    expect(first).toMatchObject({ inPlan: false, reason: 'third-party-device', deviceCheck: 'third-party' });
    expect(first.breaches).toHaveLength(1);
    expect(first.breaches[0]).toMatchObject({
      rule: 'third-party-device',
      triggeringCallId: 'z1',
      evidence: { count: 1, limit: 0, userAgent: 'Zoiper rv2.10.20.6 user 3369*****32' },
    });
    const again = state.decideCall(
      call({ id: 'z2', start: start(1), userAgent: zoiper }),
      mobile(2),
      terms(),
    );
    expect(again).toMatchObject({ reason: 'third-party-device', breaches: [] });
    // Another third-party device: its own breach. A rejected catalogue family is identified by its id.
    const other = state.decideCall(
      call({ id: 'm1', start: start(2), userAgent: 'MicroSIP/3.21.3' }),
      mobile(3),
      terms(),
    );
    expect(other.breaches.map((b) => b.rule)).toEqual(['third-party-device']);
    const oldSnom = state.decideCall(
      call({ id: 's1', start: start(3), userAgent: 'Snom OLD 8.7.3' }),
      mobile(4),
      terms(),
    );
    expect(oldSnom).toMatchObject({ reason: 'third-party-device', deviceId: 'snom-d7x' });
    expect(oldSnom.breaches[0]?.evidence.deviceId).toBe('snom-d7x');
    const oldSnom2 = state.decideCall(
      call({ id: 's2', start: start(4), userAgent: 'Snom OLD 8.7.4' }),
      mobile(4),
      terms(),
    );
    expect(oldSnom2.breaches).toEqual([]);
    // The approved phone stays in plan and says which catalogue entry recognised it.
    const approved = state.decideCall(call({ id: 'y1', start: start(5) }), mobile(5), terms());
    expect(approved).toMatchObject({
      inPlan: true,
      reason: 'in-plan',
      deviceCheck: 'approved',
      deviceId: 'yealink-t4x',
    });
    // Next month, the same device breaches again (once per device per month).
    const june = state.decideCall(
      call({ id: 'z3', start: '2026-06-02T08:00:00Z', userAgent: zoiper }),
      mobile(1),
      terms(),
    );
    expect(june.breaches.map((b) => b.month)).toEqual(['2026-06']);
  });

  it('does not evaluate a missing User-Agent by default, and treats it as third-party when configured', () => {
    const lenient = new AccountFairUseState(ACCOUNT);
    for (const [i, userAgent] of [null, '', '  '].entries()) {
      expect(
        lenient.decideCall(call({ id: `n${i}`, start: start(i), userAgent }), mobile(1), terms()),
      ).toMatchObject({
        inPlan: true,
        reason: 'in-plan',
        deviceCheck: 'no-user-agent',
      });
    }
    const strict = new AccountFairUseState(
      ACCOUNT,
      parseOptions('fairUse', fairUseOptionsSpec, { nullUserAgent: 'third-party' }),
    );
    const decision = strict.decideCall(
      call({ id: 'n', start: start(0), userAgent: null }),
      mobile(1),
      terms(),
    );
    expect(decision).toMatchObject({
      inPlan: false,
      reason: 'third-party-device',
      deviceCheck: 'no-user-agent',
    });
    expect(decision.breaches[0]?.evidence.userAgent).toBe('');
  });

  it('does not check devices when the plan does not require catalogue devices', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const decision = state.decideCall(
      call({ id: 'z', start: start(0), userAgent: 'Zoiper' }),
      mobile(1),
      terms({ requireCatalogueDevice: false }),
    );
    expect(decision).toMatchObject({
      inPlan: true,
      reason: 'in-plan',
      deviceCheck: 'not-required',
      breaches: [],
    });
  });

  it('never calls the matcher for emergency or unanswered calls', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const throwing = terms({
      matchDevice: () => {
        throw new Error('must not be called');
      },
    });
    expect(
      state.decideCall(call({ id: 'e', start: start(0), userAgent: 'Zoiper' }), EMERGENCY, throwing).reason,
    ).toBe('emergency');
    expect(
      state.decideCall(
        call({ id: 'u', start: start(1), userAgent: 'Zoiper', billable: 0 }),
        mobile(1),
        throwing,
      ),
    ).toMatchObject({ inPlan: true, reason: 'not-answered', deviceCheck: 'not-evaluated' });
  });
});

describe('telecom professionals', () => {
  it('bills every answered call per minute, counts nothing and emits no breach', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const pro = terms({ telecomProfessional: true });
    for (let n = 1; n <= 5; n++) {
      expect(
        state.applyRegistration(
          registration({ eventId: `r${n}`, timestamp: new Date(start(0)), contact: `sip:${n}@192.0.2.1` }),
          pro,
        ),
      ).toEqual([]);
    }
    for (let i = 0; i < 200; i++) {
      const decision = state.decideCall(
        call({ id: `c${i}`, start: start(1), seconds: 600, userAgent: 'Zoiper' }),
        mobile(i),
        pro,
      );
      expect(decision).toMatchObject({
        inPlan: false,
        reason: 'telecom-professional',
        alsoApplies: [],
        breaches: [],
      });
    }
    expect(state.distinctNumberCount).toBe(0);
    expect(state.decideCall(call({ id: 'uk', start: start(2) }), UK, pro)).toMatchObject({
      reason: 'telecom-professional',
      alsoApplies: ['destination-not-in-plan'],
    });
    expect(state.decideCall(call({ id: 'sos', start: start(3) }), EMERGENCY, pro)).toMatchObject({
      inPlan: true,
      reason: 'emergency',
    });
    expect(state.decideCall(call({ id: 'u', start: start(4), billable: 0 }), mobile(1), pro)).toMatchObject({
      inPlan: true,
      reason: 'not-answered',
      alsoApplies: ['telecom-professional'],
    });
  });
});

describe('precedence', () => {
  it('names the first applicable reason and lists the others in order', () => {
    const state = new AccountFairUseState(ACCOUNT);
    const small = terms({
      limits: { maxDistinctNumbers: 1, maxConcurrentCalls: 1, maxRegisteredDevices: 1 },
    });
    state.applyRegistration(
      registration({ eventId: 'r1', timestamp: new Date(start(0)), contact: 'sip:a@192.0.2.1' }),
      small,
    );
    state.applyRegistration(
      registration({ eventId: 'r2', timestamp: new Date(start(0)), contact: 'sip:b@192.0.2.2' }),
      small,
    );
    state.decideCall(call({ id: 'first', start: start(1), seconds: 600 }), mobile(1), small);
    const everything = state.decideCall(
      call({ id: 'all', start: start(2), userAgent: 'Zoiper' }),
      mobile(2),
      small,
    );
    expect(everything).toMatchObject({
      inPlan: false,
      reason: 'third-party-device',
      alsoApplies: ['registered-devices-exceeded', 'concurrent-calls-exceeded', 'distinct-numbers-exceeded'],
    });
    expect(everything.breaches.map((b) => b.rule).sort()).toEqual([
      'concurrent-calls',
      'distinct-numbers',
      'third-party-device',
    ]);
  });
});
