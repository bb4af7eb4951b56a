import type { CallRecord } from '../ingest/call-record.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';

/** What the detector consumes: the same shape as the rating job's inputs (RatingInput). */
export type FraudInput =
  | { readonly kind: 'call'; readonly record: CallRecord }
  | { readonly kind: 'registration'; readonly event: RegistrationEvent };

/**
 * Event time of an input for detection: a call's END (its CDR is written then, and its whole cost is
 * known), a registration event's timestamp. It is also what drives the watermark.
 */
export function fraudEventTime(input: FraudInput): number {
  return input.kind === 'call' ? input.record.endTime.getTime() : input.event.timestamp.getTime();
}
