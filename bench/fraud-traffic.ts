import type { CallRecord } from '../pipelines/ingest/call-record.ts';
import type { RegistrationEvent } from '../pipelines/registration/registration-event.ts';
import { SeededRandom } from '../pipelines/demo/random.ts';

/**
 * Live traffic for the fraud latency benchmark, stamped with the instant it is produced (event time = wall
 * clock): registrations and calls of many ordinary accounts, and credential thefts injected on fresh accounts.
 * Ordinary traffic is shaped to stay below every rule's thresholds (many accounts, each with one home address,
 * random callees, calls of 10 s to 10 min, a few stale-password failures), so the commands are the attacks'.
 */
export interface TrafficSettings {
  /** Ordinary SIP accounts (unknown to the reference data: priced 0, default thresholds). */
  readonly accounts: number;
  /** Share of registration events in the ordinary traffic (the rest are call records). */
  readonly registrationShare: number;
  readonly seed: number;
}

export interface TrafficBatch {
  readonly calls: CallRecord[];
  readonly registrations: RegistrationEvent[];
}

const USER_AGENT = 'Yealink SIP-T46U 108.86.0.45';
const SOFTSWITCH = 'bench';

export class LiveTraffic {
  private readonly random: SeededRandom;
  private sequence = 0;

  constructor(
    private readonly settings: TrafficSettings,
    private readonly runId: string,
  ) {
    this.random = new SeededRandom(settings.seed);
  }

  /** `count` ordinary events at `now` (ms since the epoch), added to `into`. */
  ordinary(now: number, count: number, into: TrafficBatch): void {
    for (let i = 0; i < count; i++) {
      const account = this.random.integer(0, this.settings.accounts - 1);
      if (this.random.next() < this.settings.registrationShare)
        into.registrations.push(this.renewal(now, account));
      else into.calls.push(this.call(now, account));
    }
  }

  /** The brute force of attack `index`: `failures` authentication failures of a fresh account from one address. */
  bruteForce(now: number, index: number, failures: number): RegistrationEvent[] {
    const events: RegistrationEvent[] = [];
    for (let i = 0; i < failures; i++) {
      events.push(
        this.registration(now, attackAccount(this.runId, index), 'AUTH_FAILED', attackAddress(index)),
      );
    }
    return events;
  }

  /** The successful registration that ends attack `index`: what makes brute-force-then-success critical. */
  theft(now: number, index: number): RegistrationEvent {
    return this.registration(now, attackAccount(this.runId, index), 'REGISTERED', attackAddress(index));
  }

  private renewal(now: number, account: number): RegistrationEvent {
    // About 1 in 200 renewals fails (a phone with a stale password): far below the brute-force levels.
    const failed = this.random.next() < 0.005;
    return this.registration(
      now,
      ordinaryAccount(account),
      failed ? 'AUTH_FAILED' : 'REGISTERED',
      homeAddress(account),
    );
  }

  private registration(
    now: number,
    accountId: string,
    type: 'REGISTERED' | 'AUTH_FAILED',
    sourceIp: string,
  ): RegistrationEvent {
    this.sequence++;
    return {
      eventId: `bench-reg-${this.runId}-${this.sequence}`,
      accountId,
      type,
      timestamp: new Date(now),
      contact: type === 'REGISTERED' ? `sip:${accountId}@${sourceIp}:5060` : null,
      instanceId: null,
      sourceIp,
      sourcePort: 5060,
      userAgent: USER_AGENT,
      expiresSeconds: type === 'REGISTERED' ? 3600 : null,
      authFailureReason: type === 'AUTH_FAILED' ? 'bad password' : null,
      realm: 'voip.example.net',
      softswitch: SOFTSWITCH,
    };
  }

  private call(now: number, account: number): CallRecord {
    this.sequence++;
    const r = this.random.next();
    const callee =
      r < 0.6
        ? `+331${this.digits(8)}`
        : r < 0.9
          ? `+336${this.digits(8)}`
          : r < 0.96
            ? `+4420${this.digits(7)}`
            : `+4930${this.digits(7)}`;
    const answered = this.random.next() < 0.85;
    const billableSeconds = answered ? this.random.integer(10, 600) : 0;
    const ringSeconds = this.random.integer(2, 15);
    const end = new Date(now);
    const start = new Date(now - (ringSeconds + billableSeconds) * 1000);
    return {
      callId: `bench-call-${this.runId}-${this.sequence}`,
      accountId: ordinaryAccount(account),
      caller: `+3318${String(account).padStart(8, '0')}`,
      callee,
      startTime: start,
      answerTime: answered ? new Date(start.getTime() + ringSeconds * 1000) : null,
      endTime: end,
      durationSeconds: ringSeconds + billableSeconds,
      billableSeconds,
      disposition: answered ? 'ANSWERED' : 'NO_ANSWER',
      direction: 'OUTBOUND',
      userAgent: USER_AGENT,
      sourceIp: homeAddress(account),
      sipCallId: null,
      softswitch: SOFTSWITCH,
    };
  }

  private digits(count: number): string {
    return String(Math.floor(this.random.next() * 10 ** count)).padStart(count, '0');
  }
}

export function ordinaryAccount(index: number): string {
  return `bench-${String(index)}`;
}

export function attackAccount(runId: string, index: number): string {
  return `bench-victim-${runId}-${String(index)}`;
}

export function homeAddress(account: number): string {
  return `10.${String((account >> 16) & 255)}.${String((account >> 8) & 255)}.${String(account & 255)}`;
}

/** One attacker address per attack, so the per-address brute-force windows stay below their levels. */
export function attackAddress(index: number): string {
  return `100.${String(64 + ((index >> 16) & 63))}.${String((index >> 8) & 255)}.${String(index & 255)}`;
}
