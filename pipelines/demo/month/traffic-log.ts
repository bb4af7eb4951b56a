import type { CallRecord } from '../../ingest/call-record.ts';
import type { RegistrationEvent, RegistrationEventType } from '../../registration/registration-event.ts';
import type { CallShape } from './call-shapes.ts';
import type { DemoRandom } from './demo-random.ts';
import type { DemoAccount, DemoDevice } from './population-types.ts';

/** Name of the softswitch in every generated record. */
export const DEMO_SOFTSWITCH = 'demo-sbc';
/** Digest realm of the operator's registrar. */
export const DEMO_REALM = 'sip.operateur.example';
/** Expiry the registrar grants (RFC 3261's default). */
export const REGISTRATION_EXPIRES_SECONDS = 3600;

/** Where a call or REGISTER comes from: an account's device, or someone else holding its credentials. */
export interface Origin {
  readonly userAgent: string | null;
  readonly sourceIp: string;
}

/** Collects the records of the whole month; ids are unique per (seed, month). */
export class TrafficLog {
  readonly calls: CallRecord[] = [];
  readonly registrations: RegistrationEvent[] = [];

  constructor(readonly idPrefix: string) {}

  forAccount(account: DemoAccount, random: DemoRandom): AccountTraffic {
    return new AccountTraffic(this, account, random);
  }
}

/** Builds one account's call records and registration events, with ids in order of creation. */
export class AccountTraffic {
  private callSeq = 0;
  private eventSeq = 0;
  private readonly callIdPrefix: string;
  private readonly eventIdPrefix: string;

  constructor(
    private readonly log: TrafficLog,
    readonly account: DemoAccount,
    private readonly random: DemoRandom,
  ) {
    this.callIdPrefix = `${log.idPrefix}-${account.accountId}-c`;
    this.eventIdPrefix = `${log.idPrefix}-${account.accountId}-r`;
  }

  originOf(device: DemoDevice): Origin {
    return { userAgent: device.userAgent, sourceIp: this.account.customer.publicIp };
  }

  call(startMs: number, callee: string, shape: CallShape, origin: Origin): CallRecord {
    this.callSeq += 1;
    const answerMs = startMs + shape.ringSeconds * 1000;
    const answered = shape.disposition === 'ANSWERED';
    const record: CallRecord = {
      callId: `${this.callIdPrefix}${String(this.callSeq).padStart(5, '0')}`,
      accountId: this.account.accountId,
      caller: this.account.did,
      callee,
      startTime: new Date(startMs),
      answerTime: answered ? new Date(answerMs) : null,
      endTime: new Date(answerMs + shape.talkSeconds * 1000),
      durationSeconds: shape.ringSeconds + shape.talkSeconds,
      billableSeconds: answered ? shape.talkSeconds : 0,
      disposition: shape.disposition,
      direction: 'OUTBOUND',
      userAgent: origin.userAgent,
      sourceIp: origin.sourceIp,
      sipCallId: `${this.random.hex(20)}@${origin.sourceIp}`,
      softswitch: DEMO_SOFTSWITCH,
    };
    this.log.calls.push(record);
    return record;
  }

  registered(device: DemoDevice, atMs: number): void {
    this.event(
      'REGISTERED',
      atMs,
      device.contact,
      device.instanceId,
      this.account.customer.publicIp,
      device.sourcePort,
      device.userAgent,
      REGISTRATION_EXPIRES_SECONDS,
      null,
    );
  }

  /** A REGISTER accepted from somewhere other than the account's devices (stolen credentials). */
  registeredFrom(origin: Origin, contact: string, sourcePort: number, atMs: number): void {
    this.event(
      'REGISTERED',
      atMs,
      contact,
      null,
      origin.sourceIp,
      sourcePort,
      origin.userAgent,
      REGISTRATION_EXPIRES_SECONDS,
      null,
    );
  }

  /** The registrar dropped a binding that was not refreshed in time. */
  expired(contact: string, instanceId: string | null, atMs: number): void {
    this.event('EXPIRED', atMs, contact, instanceId, null, null, null, null, null);
  }

  /** A REGISTER with expires 0 for one binding, or for every binding with `*`. */
  unregistered(device: DemoDevice | '*', atMs: number): void {
    const ip = this.account.customer.publicIp;
    if (device === '*') this.event('UNREGISTERED', atMs, '*', null, ip, null, null, null, null);
    else
      this.event(
        'UNREGISTERED',
        atMs,
        device.contact,
        device.instanceId,
        ip,
        device.sourcePort,
        device.userAgent,
        null,
        null,
      );
  }

  authFailed(origin: Origin, contact: string | null, sourcePort: number, reason: string, atMs: number): void {
    this.event(
      'AUTH_FAILED',
      atMs,
      contact,
      null,
      origin.sourceIp,
      sourcePort,
      origin.userAgent,
      null,
      reason,
    );
  }

  // Positional on purpose: hundreds of thousands of events, built without intermediate objects.
  private event(
    type: RegistrationEventType,
    atMs: number,
    contact: string | null,
    instanceId: string | null,
    sourceIp: string | null,
    sourcePort: number | null,
    userAgent: string | null,
    expiresSeconds: number | null,
    authFailureReason: string | null,
  ): void {
    this.eventSeq += 1;
    this.log.registrations.push({
      eventId: `${this.eventIdPrefix}${String(this.eventSeq).padStart(6, '0')}`,
      accountId: this.account.accountId,
      type,
      timestamp: new Date(atMs),
      contact,
      instanceId,
      sourceIp,
      sourcePort,
      userAgent,
      expiresSeconds,
      authFailureReason,
      realm: DEMO_REALM,
      softswitch: DEMO_SOFTSWITCH,
    });
  }
}
