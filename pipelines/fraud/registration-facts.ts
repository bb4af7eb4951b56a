import type { RegistrationEvent } from '../registration/registration-event.ts';
import { printableUserAgent, type SampleSource, type SavedSample } from './evidence.ts';

const TYPE_TEXT: Readonly<Record<RegistrationEvent['type'], string>> = {
  REGISTERED: 'registered',
  AUTH_FAILED: 'auth-failure',
  EXPIRED: 'expired',
  UNREGISTERED: 'unregistered',
};

/** A registration event as the rules see it; event time is its timestamp. */
export class RegistrationFacts implements SampleSource {
  readonly time: number;
  private key: string | undefined = undefined;

  constructor(readonly event: RegistrationEvent) {
    this.time = event.timestamp.getTime();
  }

  /** `account:<id>`: the window key of account-scoped rules, built once per input. */
  get accountKey(): string {
    return (this.key ??= `account:${this.accountId}`);
  }

  get accountId(): string {
    return this.event.accountId;
  }

  toSample(): SavedSample {
    const { event } = this;
    return {
      kind: 'registration',
      id: event.eventId,
      at: this.time,
      summary: `${TYPE_TEXT[event.type]} from ${event.sourceIp ?? '-'} UA ${printableUserAgent(event.userAgent)}`,
    };
  }
}
