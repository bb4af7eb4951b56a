import type { CallRecord } from '../../ingest/call-record.ts';
import type { RegistrationEvent } from '../../registration/registration-event.ts';
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

  constructor(
    private readonly log: TrafficLog,
    readonly account: DemoAccount,
    private readonly random: DemoRandom,
  ) {}

  originOf(device: DemoDevice): Origin {
    return { userAgent: device.userAgent, sourceIp: this.account.customer.publicIp };
  }

  call(startMs: number, callee: string, shape: CallShape, origin: Origin): CallRecord {
    this.callSeq += 1;
    const answerMs = startMs + shape.ringSeconds * 1000;
    const answered = shape.disposition === 'ANSWERED';
    const record: CallRecord = {
      callId: `${this.log.idPrefix}-${this.account.accountId}-c${String(this.callSeq).padStart(5, '0')}`,
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
    this.event({
      type: 'REGISTERED',
      timestamp: new Date(atMs),
      contact: device.contact,
      instanceId: device.instanceId,
      sourceIp: this.account.customer.publicIp,
      sourcePort: device.sourcePort,
      userAgent: device.userAgent,
      expiresSeconds: REGISTRATION_EXPIRES_SECONDS,
    });
  }

  /** A REGISTER accepted from somewhere other than the account's devices (stolen credentials). */
  registeredFrom(origin: Origin, contact: string, sourcePort: number, atMs: number): void {
    this.event({
      type: 'REGISTERED',
      timestamp: new Date(atMs),
      contact,
      sourceIp: origin.sourceIp,
      sourcePort,
      userAgent: origin.userAgent,
      expiresSeconds: REGISTRATION_EXPIRES_SECONDS,
    });
  }

  /** The registrar dropped a binding that was not refreshed in time. */
  expired(contact: string, instanceId: string | null, atMs: number): void {
    this.event({ type: 'EXPIRED', timestamp: new Date(atMs), contact, instanceId });
  }

  /** A REGISTER with expires 0 for one binding, or for every binding with `*`. */
  unregistered(device: DemoDevice | '*', atMs: number): void {
    const all = device === '*';
    this.event({
      type: 'UNREGISTERED',
      timestamp: new Date(atMs),
      contact: all ? '*' : device.contact,
      instanceId: all ? null : device.instanceId,
      sourceIp: this.account.customer.publicIp,
      sourcePort: all ? null : device.sourcePort,
      userAgent: all ? null : device.userAgent,
    });
  }

  authFailed(origin: Origin, contact: string | null, sourcePort: number, reason: string, atMs: number): void {
    this.event({
      type: 'AUTH_FAILED',
      timestamp: new Date(atMs),
      contact,
      sourceIp: origin.sourceIp,
      sourcePort,
      userAgent: origin.userAgent,
      authFailureReason: reason,
    });
  }

  private event(
    fields: Pick<RegistrationEvent, 'type' | 'timestamp'> &
      Partial<Omit<RegistrationEvent, 'eventId' | 'accountId' | 'realm' | 'softswitch'>>,
  ): void {
    this.eventSeq += 1;
    this.log.registrations.push({
      eventId: `${this.log.idPrefix}-${this.account.accountId}-r${String(this.eventSeq).padStart(6, '0')}`,
      accountId: this.account.accountId,
      type: fields.type,
      timestamp: fields.timestamp,
      contact: fields.contact ?? null,
      instanceId: fields.instanceId ?? null,
      sourceIp: fields.sourceIp ?? null,
      sourcePort: fields.sourcePort ?? null,
      userAgent: fields.userAgent ?? null,
      expiresSeconds: fields.expiresSeconds ?? null,
      authFailureReason: fields.authFailureReason ?? null,
      realm: DEMO_REALM,
      softswitch: DEMO_SOFTSWITCH,
    });
  }
}
