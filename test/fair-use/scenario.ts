import type { FairUseDestination, FairUseTerms } from '../../pipelines/fair-use/fair-use-terms.ts';
import type { FairUseCall, FairUseRegistration } from '../../pipelines/fair-use/fair-use-terms.ts';
import { EMERGENCY, UK, fixed, mobile, terms } from './fixtures.ts';

export type ScenarioEvent =
  | {
      readonly kind: 'call';
      readonly at: number;
      readonly call: FairUseCall;
      readonly destination: FairUseDestination;
    }
  | { readonly kind: 'registration'; readonly at: number; readonly event: FairUseRegistration };

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const SCENARIO_ACCOUNTS = ['acct-a', 'acct-b', 'acct-c', 'acct-d', 'acct-pro'] as const;

export function scenarioTerms(accountId: string): FairUseTerms {
  if (accountId === 'acct-pro') return terms({ customerId: 'cust-pro', telecomProfessional: true });
  if (accountId === 'acct-b') return terms({ customerId: 'cust-b', breachPolicy: 'whole-month' });
  return terms({ customerId: `cust-${accountId.slice(5)}` });
}

/**
 * Calls and registrations of a few accounts from 25 March to 5 April 2026 (across the DST change and the
 * month end), with every kind of breach, delivered as the rating job would: by time, registrations first
 * at equal instants, calls of one instant by id.
 */
export function scenarioEvents(seed = 42): ScenarioEvent[] {
  const next = random(seed);
  const from = Date.parse('2026-03-25T06:00:00Z');
  const span = 11 * 86_400_000;
  const events: ScenarioEvent[] = [];
  for (const accountId of SCENARIO_ACCOUNTS) {
    const heavy = accountId === 'acct-a' || accountId === 'acct-b';
    const calls = heavy ? 700 : 250;
    for (let i = 0; i < calls; i++) {
      const at = from + Math.floor((next() * span) / 1000) * 1000;
      const seconds = 10 + Math.floor(next() * 900);
      const roll = next();
      const destination: FairUseDestination =
        roll < 0.02
          ? EMERGENCY
          : roll < 0.08
            ? UK
            : roll < 0.5
              ? fixed(Math.floor(next() * 400))
              : mobile(Math.floor(next() * 400));
      const uaRoll = next();
      events.push({
        kind: 'call',
        at,
        destination,
        call: {
          callId: `${accountId}-call-${String(i).padStart(4, '0')}`,
          accountId,
          startTime: new Date(at),
          endTime: new Date(at + seconds * 1000),
          billableSeconds: next() < 0.15 ? 0 : seconds,
          userAgent: uaRoll < 0.05 ? 'Zoiper rv2.10' : uaRoll < 0.08 ? null : 'Yealink SIP-T46U 108.86.0.20',
        },
      });
    }
    // Bursts of 5 calls within a minute, lasting 10 minutes: simultaneous calls.
    for (let burst = 0; burst < 4; burst++) {
      const at = from + Math.floor((next() * span) / 1000) * 1000;
      for (let k = 0; k < 5; k++) {
        events.push({
          kind: 'call',
          at: at + k * 10_000,
          destination: mobile(Math.floor(next() * 400)),
          call: {
            callId: `${accountId}-burst-${burst}-${k}`,
            accountId,
            startTime: new Date(at + k * 10_000),
            endTime: new Date(at + k * 10_000 + 600_000),
            billableSeconds: 590,
            userAgent: 'Yealink SIP-T46U 108.86.0.20',
          },
        });
      }
    }
    // Registrations of up to 5 devices, dense around the month end.
    const registrationsFrom = Date.parse('2026-03-30T00:00:00Z');
    for (let i = 0; i < 120; i++) {
      const at = registrationsFrom + Math.floor((next() * 4 * 86_400_000) / 1000) * 1000;
      const device = Math.floor(next() * 5);
      const roll = next();
      events.push({
        kind: 'registration',
        at,
        event: {
          eventId: `${accountId}-reg-${String(i).padStart(3, '0')}`,
          accountId,
          type:
            roll < 0.8 ? 'REGISTERED' : roll < 0.9 ? 'UNREGISTERED' : roll < 0.95 ? 'EXPIRED' : 'AUTH_FAILED',
          timestamp: new Date(at),
          contact: `sip:3370000000${device}@198.51.100.${device}:5060`,
          instanceId: device === 4 ? '<urn:uuid:4>' : null,
          userAgent: 'Yealink SIP-T46U 108.86.0.20',
          expiresSeconds: 600 + Math.floor(next() * 7200),
        },
      });
    }
  }
  const rank = (e: ScenarioEvent): number => (e.kind === 'registration' ? 0 : 1);
  const id = (e: ScenarioEvent): string => (e.kind === 'call' ? e.call.callId : e.event.eventId);
  return events.sort(
    (x, y) => x.at - y.at || rank(x) - rank(y) || (id(x) < id(y) ? -1 : id(x) > id(y) ? 1 : 0),
  );
}
