import { PipelineError } from '../core/errors.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';
import type { RatingInput } from './rating-input.ts';

const CALL_DATES = ['startTime', 'answerTime', 'endTime'] as const;

/** A held input as plain JSON: instants as ISO strings. */
export function ratingInputToSnapshot(input: RatingInput): unknown {
  if (input.kind === 'call') {
    const { record } = input;
    return {
      kind: 'call',
      record: {
        ...record,
        startTime: record.startTime.toISOString(),
        answerTime: record.answerTime?.toISOString() ?? null,
        endTime: record.endTime.toISOString(),
      },
    };
  }
  return { kind: 'registration', event: { ...input.event, timestamp: input.event.timestamp.toISOString() } };
}

function instant(value: unknown, what: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()))
    throw new PipelineError('SNAPSHOT_INVALID', `rating snapshot: ${what} is not an instant`);
  return date;
}

export function ratingInputFromSnapshot(saved: unknown): RatingInput {
  const value = saved as {
    kind?: unknown;
    record?: Record<string, unknown>;
    event?: Record<string, unknown>;
  };
  if (value.kind === 'call' && value.record !== undefined) {
    const record = { ...value.record };
    for (const name of CALL_DATES) {
      record[name] = name === 'answerTime' && record[name] === null ? null : instant(record[name], name);
    }
    return { kind: 'call', record: record as unknown as CallRecord };
  }
  if (value.kind === 'registration' && value.event !== undefined) {
    return {
      kind: 'registration',
      event: {
        ...value.event,
        timestamp: instant(value.event['timestamp'], 'timestamp'),
      } as unknown as RegistrationEvent,
    };
  }
  throw new PipelineError(
    'SNAPSHOT_INVALID',
    'rating snapshot: an item is neither a call nor a registration',
  );
}
