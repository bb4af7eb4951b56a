import { describe, expect, it } from 'vitest';
import { AccountStateStore } from '../../pipelines/fair-use/account-state-store.ts';
import { fairUseTermsOf } from '../../pipelines/fair-use/fair-use-terms.ts';
import type { AccountContext, DeviceMatcher } from '../../pipelines/reference/reference-types.ts';
import { call, errorCode, fixed, mobile, registration, terms } from './fixtures.ts';

describe('AccountStateStore', () => {
  it('keeps one state per account and routes events to it', () => {
    const store = new AccountStateStore();
    store.decideCall(call({ id: 'a1', start: '2026-05-04T08:00:00Z', account: 'a' }), mobile(1), terms());
    store.decideCall(call({ id: 'b1', start: '2026-05-04T07:00:00Z', account: 'b' }), mobile(1), terms());
    store.decideCall(call({ id: 'a2', start: '2026-05-04T09:00:00Z', account: 'a' }), mobile(2), terms());
    expect(store.size).toBe(2);
    expect(store.get('a')?.distinctNumberCount).toBe(2);
    expect(store.get('b')?.distinctNumberCount).toBe(1);
    // Authentication failures of an unknown account create no state.
    store.applyRegistration(
      registration({
        eventId: 'f',
        accountId: 'z',
        type: 'AUTH_FAILED',
        timestamp: new Date('2026-05-04T10:00:00Z'),
      }),
      terms(),
    );
    expect(store.size).toBe(2);
    expect(store.remove('b')).toBe(true);
    expect(store.size).toBe(1);
  });

  it('forgets accounts whose month ended and which hold no binding or call in progress', () => {
    const store = new AccountStateStore();
    store.decideCall(call({ id: 'q', start: '2026-05-10T08:00:00Z', account: 'quiet' }), mobile(1), terms());
    store.decideCall(
      call({ id: 'r', start: '2026-05-10T08:00:00Z', account: 'registered' }),
      mobile(1),
      terms(),
    );
    store.applyRegistration(
      registration({
        eventId: 'r1',
        accountId: 'registered',
        timestamp: new Date('2026-05-31T21:00:00Z'),
        expiresSeconds: 7200,
      }),
      terms(),
    );
    expect(store.evictBefore(new Date('2026-05-31T22:00:00Z'))).toBe(1);
    expect(store.get('quiet')).toBeUndefined();
    expect(store.get('registered')?.month).toBeUndefined();
    expect(store.get('registered')?.registeredDeviceCount(new Date('2026-05-31T22:00:00Z'))).toBe(1);
    expect(store.evictBefore(new Date('2026-05-31T23:00:00Z'))).toBe(1);
    expect(store.size).toBe(0);
  });

  it('accounts for memory: a typical account (30 numbers, 2 devices) under 1.5 KiB, one at the limit under 2 KiB', () => {
    const store = new AccountStateStore();
    const start = Date.parse('2026-05-04T07:00:00Z');
    for (let a = 0; a < 100; a++) {
      const account = `acct-${String(a).padStart(5, '0')}`;
      for (let d = 0; d < 2; d++) {
        store.applyRegistration(
          registration({
            eventId: `${account}-r${d}`,
            accountId: account,
            timestamp: new Date(start),
            contact: `sip:${account}-${d}@10.0.0.${d}:5060`,
          }),
          terms(),
        );
      }
      for (let i = 0; i < 30; i++) {
        store.decideCall(
          call({ id: `${account}-c${i}`, start: start + i * 600_000, account }),
          fixed(a * 1000 + i),
          terms(),
        );
      }
    }
    const typical = store.memory();
    expect(typical.accounts).toBe(100);
    expect(typical.bytesPerAccount).toBeLessThan(1536);

    const heavy = new AccountStateStore();
    for (let i = 0; i < 200; i++) {
      heavy.decideCall(
        call({ id: `h${i}`, start: start + i * 600_000, account: 'heavy' }),
        fixed(i),
        terms(),
      );
    }
    expect(heavy.get('heavy')?.distinctNumberCount).toBe(151);
    expect(heavy.memory().bytesPerAccount).toBeLessThan(2048);
  });

  it('rejects unknown options', () => {
    expect(errorCode(() => new AccountStateStore({ nullUserAgent: 'maybe' }))).toBe('CONFIG_INVALID');
    expect(errorCode(() => new AccountStateStore({ unknown: true }))).toBe('CONFIG_INVALID');
  });
});

describe('fairUseTermsOf', () => {
  const matcher: DeviceMatcher = {
    entries: [],
    isCatalogueDevice: (ua) =>
      ua?.startsWith('Yealink') === true ? { approved: true, deviceId: 'y' } : { approved: false },
  };
  const context = (category: 'business' | 'call-centre'): AccountContext => ({
    account: {
      accountId: 'a',
      customerId: 'c',
      activeFrom: '2026-01-01',
      activeFromInstant: new Date('2025-12-31T23:00:00Z'),
    },
    customer: {
      id: 'c',
      name: 'Client',
      category,
      slaEligible: true,
      planId: 'p',
      orderDate: '2026-01-01',
      overrides: { limits: { maxConcurrentCalls: 5 }, thresholds: {} },
    },
    plan: {
      id: 'p',
      name: 'Illimité',
      includedClasses: ['national-fixed', 'national-mobile'],
      limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
      breachPolicy: 'whole-month',
      requireCatalogueDevice: true,
      tariffId: 't',
      monthlyFee: '29.90',
    },
    limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 5, maxRegisteredDevices: 3 },
    planApplies: category === 'business',
  });

  it('takes the limits with overrides, the policy and the eligibility from the context, memoised per context', () => {
    const business = context('business');
    const t = fairUseTermsOf(business, matcher);
    expect(t).toMatchObject({
      customerId: 'c',
      telecomProfessional: false,
      limits: { maxConcurrentCalls: 5 },
      breachPolicy: 'whole-month',
      requireCatalogueDevice: true,
    });
    expect(t.matchDevice('Yealink T46U')).toEqual({ approved: true, deviceId: 'y' });
    expect(fairUseTermsOf(business, matcher)).toBe(t);
    expect(fairUseTermsOf(context('call-centre'), matcher).telecomProfessional).toBe(true);
  });
});
