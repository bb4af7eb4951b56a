import { describe, expect, it } from 'vitest';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import { ACCOUNT, call, errorCode, mobile, registration, terms } from './fixtures.ts';

const T = (hhmmss: string): Date => new Date(`2026-05-04T${hhmmss}Z`);
const contact = (n: number): string => `sip:3361234567${n}@192.0.2.${10 + n}:5060;transport=udp`;

function registerDevices(
  state: AccountFairUseState,
  count: number,
  at = '09:00:00',
  expiresSeconds = 3600,
): void {
  for (let n = 1; n <= count; n++) {
    const breaches = state.applyRegistration(
      registration({ eventId: `reg-${n}-${at}`, timestamp: T(at), contact: contact(n), expiresSeconds }),
      terms(),
    );
    if (n <= 3) expect(breaches).toEqual([]);
  }
}

describe('registered devices', () => {
  it('keeps calls in plan with 3 devices and breaches when a 4th registers', () => {
    const state = new AccountFairUseState(ACCOUNT);
    registerDevices(state, 3);
    expect(
      state.decideCall(call({ id: 'c1', start: '2026-05-04T09:30:00Z' }), mobile(1), terms()).reason,
    ).toBe('in-plan');

    const breaches = state.applyRegistration(
      registration({
        eventId: 'reg-4',
        timestamp: T('09:40:00'),
        contact: contact(4),
        userAgent: 'Yealink 33612345674',
      }),
      terms(),
    );
    expect(breaches).toHaveLength(1);
    const breach = breaches[0];
    expect(breach).toMatchObject({
      rule: 'registered-devices',
      month: '2026-05',
      at: T('09:40:00'),
      triggeringEventId: 'reg-4',
      evidence: { count: 4, limit: 3 },
    });
    expect(breach?.triggeringCallId).toBeUndefined();
    expect(breach?.evidence.contacts).toHaveLength(4);
    expect(breach?.evidence.contacts?.[3]).toEqual({
      contact: 'sip:3361*****74@192.0.2.14:5060;transport=udp',
      instanceId: null,
      userAgent: 'Yealink 3361*****74',
      registeredAt: T('09:40:00'),
      expiresAt: T('10:40:00'),
    });
    expect(JSON.stringify(breach)).not.toMatch(/3361234567\d/);

    const c2 = state.decideCall(call({ id: 'c2', start: '2026-05-04T09:45:00Z' }), mobile(2), terms());
    expect(c2).toMatchObject({ inPlan: false, reason: 'registered-devices-exceeded', breaches: [] });
    // A 5th device: still one breach per month.
    expect(
      state.applyRegistration(
        registration({ eventId: 'reg-5', timestamp: T('09:50:00'), contact: contact(5) }),
        terms(),
      ),
    ).toEqual([]);
  });

  it('counts a re-REGISTER as a refresh, not as a new device, by contact or by +sip.instance', () => {
    const state = new AccountFairUseState(ACCOUNT);
    registerDevices(state, 3);
    registerDevices(state, 3, '09:30:00');
    expect(state.registeredDeviceCount(T('09:31:00'))).toBe(3);
    // Same instance, new contact (the phone moved network): same device.
    const instance = '<urn:uuid:00000000-0000-1000-8000-00a0de000001>';
    const moving = new AccountFairUseState(ACCOUNT);
    for (let n = 1; n <= 4; n++) {
      moving.applyRegistration(
        registration({
          eventId: `m${n}`,
          timestamp: T(`09:0${n}:00`),
          contact: contact(n),
          instanceId: instance,
        }),
        terms(),
      );
    }
    expect(moving.registeredDeviceCount(T('09:10:00'))).toBe(1);
    // The refresh extends the binding past its first expiry.
    const refreshed = new AccountFairUseState(ACCOUNT);
    registerDevices(refreshed, 4, '09:00:00', 600);
    refreshed.applyRegistration(
      registration({
        eventId: 'refresh',
        timestamp: T('09:09:00'),
        contact: contact(1),
        expiresSeconds: 600,
      }),
      terms(),
    );
    expect(refreshed.registeredDeviceCount(T('09:15:00'))).toBe(1);
  });

  it('lets bindings expire: a call at the expiry instant no longer sees them', () => {
    const state = new AccountFairUseState(ACCOUNT);
    registerDevices(state, 3, '09:00:00', 3600);
    state.applyRegistration(
      registration({ eventId: 'short', timestamp: T('09:10:00'), contact: contact(4), expiresSeconds: 60 }),
      terms(),
    );
    expect(
      state.decideCall(call({ id: 'during', start: '2026-05-04T09:10:59Z' }), mobile(1), terms()).reason,
    ).toBe('registered-devices-exceeded');
    expect(
      state.decideCall(call({ id: 'at-expiry', start: '2026-05-04T09:11:00Z' }), mobile(1), terms()).reason,
    ).toBe('in-plan');
  });

  it('removes bindings on UNREGISTERED, REGISTERED with expires 0, EXPIRED and UNREGISTERED *', () => {
    const removals = [
      { type: 'UNREGISTERED', contact: contact(4), expiresSeconds: null },
      { type: 'REGISTERED', contact: contact(4), expiresSeconds: 0 },
      { type: 'EXPIRED', contact: contact(4), expiresSeconds: null },
    ] as const;
    for (const removal of removals) {
      const state = new AccountFairUseState(ACCOUNT);
      registerDevices(state, 4);
      state.applyRegistration(registration({ eventId: 'rm', timestamp: T('09:20:00'), ...removal }), terms());
      expect(state.registeredDeviceCount(T('09:21:00')), removal.type).toBe(3);
      expect(
        state.decideCall(call({ id: 'c', start: '2026-05-04T09:30:00Z' }), mobile(1), terms()).reason,
      ).toBe('in-plan');
    }
    const all = new AccountFairUseState(ACCOUNT);
    registerDevices(all, 4);
    all.applyRegistration(
      registration({ eventId: 'star', timestamp: T('09:20:00'), type: 'UNREGISTERED', contact: '*' }),
      terms(),
    );
    expect(all.registeredDeviceCount(T('09:21:00'))).toBe(0);
  });

  it('ignores authentication failures', () => {
    const state = new AccountFairUseState(ACCOUNT);
    registerDevices(state, 3);
    for (let n = 0; n < 10; n++) {
      state.applyRegistration(
        registration({
          eventId: `f${n}`,
          type: 'AUTH_FAILED',
          timestamp: T('09:30:00'),
          contact: contact(n + 4),
        }),
        terms(),
      );
    }
    expect(state.registeredDeviceCount(T('09:31:00'))).toBe(3);
  });

  it('emits the breach from the first call of a new month that finds too many devices', () => {
    const state = new AccountFairUseState(ACCOUNT);
    for (let n = 1; n <= 4; n++) {
      state.applyRegistration(
        registration({
          eventId: `r${n}`,
          timestamp: new Date('2026-05-31T20:00:00Z'),
          contact: contact(n),
          expiresSeconds: 86_400,
        }),
        terms(),
      );
    }
    const june = state.decideCall(call({ id: 'june-1', start: '2026-06-01T06:00:00Z' }), mobile(1), terms());
    expect(june).toMatchObject({ month: '2026-06', reason: 'registered-devices-exceeded' });
    expect(june.breaches.map((b) => [b.rule, b.month, b.triggeringCallId])).toEqual([
      ['registered-devices', '2026-06', 'june-1'],
    ]);
  });

  it('refuses events older than those already applied, and events of another account', () => {
    const state = new AccountFairUseState(ACCOUNT);
    state.applyRegistration(registration({ eventId: 'r1', timestamp: T('09:00:00') }), terms());
    expect(
      errorCode(() =>
        state.applyRegistration(registration({ eventId: 'r0', timestamp: T('08:59:59') }), terms()),
      ),
    ).toBe('EVENT_OUT_OF_ORDER');
    state.decideCall(call({ id: 'c1', start: '2026-05-04T10:00:00Z' }), mobile(1), terms());
    expect(
      errorCode(() =>
        state.decideCall(call({ id: 'c0', start: '2026-05-04T09:59:59Z' }), mobile(1), terms()),
      ),
    ).toBe('EVENT_OUT_OF_ORDER');
    expect(
      errorCode(() =>
        state.decideCall(
          call({ id: 'x', start: '2026-05-04T11:00:00Z', account: 'other' }),
          mobile(1),
          terms(),
        ),
      ),
    ).toBe('INVALID_ARGUMENT');
  });
});
