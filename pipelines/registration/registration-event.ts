import { isIP } from 'node:net';

/** The symbols of the Avro enum `net.cdrpipeline.sip.RegistrationEventType`, in schema order. */
export const REGISTRATION_EVENT_TYPES = ['REGISTERED', 'AUTH_FAILED', 'EXPIRED', 'UNREGISTERED'] as const;

export type RegistrationEventType = (typeof REGISTRATION_EVENT_TYPES)[number];

/** `contact` of an UNREGISTERED event that removes every binding of the account (RFC 3261 10.2.2). */
export const ALL_BINDINGS_CONTACT = '*';

/**
 * A decoded `net.cdrpipeline.sip.RegistrationEvent` (schemas/sip/RegistrationEvent.avsc). The timestamp
 * is a UTC instant. Field meanings are documented in the schema.
 */
export interface RegistrationEvent {
  readonly eventId: string;
  readonly accountId: string;
  readonly type: RegistrationEventType;
  readonly timestamp: Date;
  readonly contact: string | null;
  readonly instanceId: string | null;
  readonly sourceIp: string | null;
  readonly sourcePort: number | null;
  readonly userAgent: string | null;
  readonly expiresSeconds: number | null;
  readonly authFailureReason: string | null;
  readonly realm: string | null;
  readonly softswitch: string;
}

export function isRegistrationEventType(value: unknown): value is RegistrationEventType {
  return typeof value === 'string' && (REGISTRATION_EVENT_TYPES as readonly string[]).includes(value);
}

function isBlank(value: string | null): boolean {
  return value === null || value.trim() === '';
}

/** What each type needs beyond the schema; undefined when the event has it. */
function typeProblem(event: RegistrationEvent): string | undefined {
  switch (event.type) {
    case 'REGISTERED':
      if (isBlank(event.contact)) return 'a REGISTERED event needs a contact';
      if (event.contact === ALL_BINDINGS_CONTACT) return 'a REGISTERED event cannot have the contact "*"';
      if (event.expiresSeconds === null) return 'a REGISTERED event needs expiresSeconds';
      return undefined;
    case 'AUTH_FAILED':
      return isBlank(event.sourceIp) ? 'an AUTH_FAILED event needs a sourceIp' : undefined;
    case 'EXPIRED':
      if (isBlank(event.contact)) return 'an EXPIRED event needs a contact';
      if (event.contact === ALL_BINDINGS_CONTACT) return 'an EXPIRED event cannot have the contact "*"';
      return undefined;
    case 'UNREGISTERED':
      return event.contact !== null && event.contact.trim() === ''
        ? 'contact is empty (use null or "*" to remove every binding)'
        : undefined;
  }
}

/**
 * Checks what the Avro schema cannot say. Returns the reason an event is unusable, or undefined. The
 * reason never quotes the event's values (a contact URI holds the account's user part).
 */
export function registrationEventProblem(event: RegistrationEvent): string | undefined {
  if (event.eventId.trim() === '') return 'eventId is empty';
  if (event.accountId.trim() === '') return 'accountId is empty';
  if (Number.isNaN(event.timestamp.getTime())) return 'timestamp is not a valid instant';
  if (event.expiresSeconds !== null && event.expiresSeconds < 0) return 'expiresSeconds must not be negative';
  if (event.sourcePort !== null && (event.sourcePort < 1 || event.sourcePort > 65_535))
    return 'sourcePort is outside 1-65535';
  if (event.sourceIp !== null && isIP(event.sourceIp) === 0) return 'sourceIp is not an IP address';
  return typeProblem(event);
}
