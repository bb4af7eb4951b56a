import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AccountFairUseState } from '../../pipelines/fair-use/account-state.ts';
import { AccountStateStore } from '../../pipelines/fair-use/account-state-store.ts';
import type { BreachEvent } from '../../pipelines/fair-use/breach.ts';
import { FAIR_USE_SNAPSHOT_VERSION } from '../../pipelines/fair-use/snapshot.ts';
import { ACCOUNT, call, errorCode, mobile, registration, terms } from './fixtures.ts';
import { SCENARIO_ACCOUNTS, scenarioEvents, scenarioTerms, type ScenarioEvent } from './scenario.ts';

/** Feeds events to the store; returns one JSON line per event (decision or registration breaches). */
function run(store: AccountStateStore, events: readonly ScenarioEvent[]): string[] {
  return events.map((e) =>
    e.kind === 'call'
      ? JSON.stringify(store.decideCall(e.call, e.destination, scenarioTerms(e.call.accountId)))
      : JSON.stringify(store.applyRegistration(e.event, scenarioTerms(e.event.accountId))),
  );
}

function breachesOf(lines: readonly string[]): BreachEvent[] {
  return lines.flatMap((line) => {
    const parsed = JSON.parse(line) as { breaches?: BreachEvent[] } | BreachEvent[];
    return Array.isArray(parsed) ? parsed : (parsed.breaches ?? []);
  });
}

describe('replay and restart', () => {
  const events = scenarioEvents();

  it('gives byte-identical decisions and breaches when the same events are replayed', () => {
    const first = run(new AccountStateStore(), events);
    const second = run(new AccountStateStore(), events);
    expect(second).toEqual(first);
    const breaches = breachesOf(first);
    // The scenario has every kind of breach, in both months.
    const kinds = new Set(breaches.map((b) => `${b.rule} ${b.month}`));
    for (const rule of ['distinct-numbers', 'concurrent-calls', 'registered-devices', 'third-party-device']) {
      expect(
        [...kinds].some((k) => k.startsWith(rule)),
        rule,
      ).toBe(true);
    }
    expect(new Set(breaches.map((b) => b.month))).toEqual(new Set(['2026-03', '2026-04']));
  });

  it('emits each breach once per account, rule and month (third-party: per device), with ids from their trigger', () => {
    const breaches = breachesOf(run(new AccountStateStore(), events));
    const perKey = new Map<string, number>();
    for (const b of breaches) {
      const key = `${b.accountId}|${b.rule}|${b.month}|${b.rule === 'third-party-device' ? (b.evidence.deviceId ?? b.evidence.userAgent) : ''}`;
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      const trigger = b.triggeringCallId ?? b.triggeringEventId ?? '';
      const expected = createHash('sha256')
        .update(`${b.accountId}|${b.rule}|${b.month}|${trigger}`)
        .digest('hex');
      expect(b.breachId).toBe(expected);
    }
    expect([...perKey.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(breaches.map((b) => b.breachId)).size).toBe(breaches.length);
    expect(breaches.some((b) => b.accountId === 'acct-pro')).toBe(false);
  });

  it('restores from JSON snapshots at any point and goes on with identical decisions', () => {
    const reference = run(new AccountStateStore(), events);
    // Cut where the state matters most: calls in progress and more devices than the limit.
    const probe = new AccountStateStore();
    const cuts: number[] = [1];
    let busyCuts = 0;
    events.forEach((e, i) => {
      run(probe, [e]);
      const now = new Date(e.at);
      const states = SCENARIO_ACCOUNTS.map((id) => probe.get(id)).filter((s) => s !== undefined);
      const busy =
        states.some((s) => s.activeCallCount >= 2) && states.some((s) => s.registeredDeviceCount(now) > 3);
      if (busy && i % 7 === 0 && busyCuts < 6) {
        cuts.push(i + 1);
        busyCuts += 1;
      }
    });
    expect(busyCuts).toBe(6);
    cuts.push(Math.floor(events.length / 2), events.length - 1);
    for (const cut of cuts) {
      const before = new AccountStateStore();
      const head = run(before, events.slice(0, cut));
      const stored = JSON.stringify(before.snapshots());
      const after = new AccountStateStore();
      for (const snapshot of JSON.parse(stored) as unknown[]) after.restore(snapshot);
      expect(JSON.stringify(after.snapshots())).toBe(stored);
      const tail = run(after, events.slice(cut));
      expect([...head, ...tail]).toEqual(reference);
    }
  });

  it('round-trips a snapshot exactly', () => {
    const store = new AccountStateStore();
    run(store, events.slice(0, 2000));
    for (const snapshot of store.snapshots()) {
      const text = JSON.stringify(snapshot);
      const restored = AccountFairUseState.fromSnapshot(JSON.parse(text));
      expect(JSON.stringify(restored.toSnapshot())).toBe(text);
    }
  });

  it('refuses snapshots of another version or malformed', () => {
    const state = new AccountFairUseState(ACCOUNT);
    state.applyRegistration(
      registration({ eventId: 'r', timestamp: new Date('2026-05-04T08:00:00Z') }),
      terms(),
    );
    state.decideCall(call({ id: 'c', start: '2026-05-04T09:00:00Z' }), mobile(1), terms());
    const good = JSON.parse(JSON.stringify(state.toSnapshot())) as Record<string, unknown>;
    expect(good['version']).toBe(FAIR_USE_SNAPSHOT_VERSION);
    expect(errorCode(() => AccountFairUseState.fromSnapshot({ ...good, version: 2 }))).toBe(
      'SNAPSHOT_INVALID',
    );
    expect(errorCode(() => AccountFairUseState.fromSnapshot({ ...good, activeCalls: 'x' }))).toBe(
      'SNAPSHOT_INVALID',
    );
    const usage = good['usage'] as Record<string, unknown>;
    expect(
      errorCode(() =>
        AccountFairUseState.fromSnapshot({
          ...good,
          usage: { ...usage, numbers: { keys: [1.5], texts: [] } },
        }),
      ),
    ).toBe('SNAPSHOT_INVALID');
    expect(
      errorCode(() => AccountFairUseState.fromSnapshot({ ...good, usage: { ...usage, month: '2026-5' } })),
    ).toBe('SNAPSHOT_INVALID');
    expect(errorCode(() => AccountFairUseState.fromSnapshot(null))).toBe('SNAPSHOT_INVALID');
    expect(AccountFairUseState.fromSnapshot(good).toSnapshot()).toEqual(good);
  });
});
