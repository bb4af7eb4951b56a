import type { CallRecord } from '../ingest/call-record.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';

/** What the rating processor consumes: call records and SIP registration events of the same accounts. */
export type RatingInput =
  | { readonly kind: 'call'; readonly record: CallRecord }
  | { readonly kind: 'registration'; readonly event: RegistrationEvent };

/** The instant an input takes effect: a call at its start, a registration event when it happened. */
export function effectiveTime(input: RatingInput): number {
  return input.kind === 'call' ? input.record.startTime.getTime() : input.event.timestamp.getTime();
}

/**
 * The instant an input was emitted, which bounds what is still to come from its source: a softswitch writes
 * a CDR when the call ends, a registration event when it happens.
 */
export function emittedTime(input: RatingInput): number {
  return input.kind === 'call' ? input.record.endTime.getTime() : input.event.timestamp.getTime();
}

/**
 * Orders inputs with the same effective time: registrations first (a device registered at the instant a
 * call starts is registered for that call), then by id, so the order never depends on arrival.
 */
export function tieKey(input: RatingInput): string {
  return input.kind === 'registration'
    ? `0:${input.event.eventId}`
    : `1:${input.record.softswitch}:${input.record.callId}`;
}
