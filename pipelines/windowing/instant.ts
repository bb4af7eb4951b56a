import { PipelineError } from '../core/errors.ts';

/**
 * Event times are epoch milliseconds. A watermark may also be -Infinity (nothing known yet) or
 * +Infinity (end of input); JSON cannot hold those, so snapshots encode them as strings.
 */
export type EncodedInstant = number | '-inf' | '+inf';

export function encodeInstant(time: number): EncodedInstant {
  if (time === Number.NEGATIVE_INFINITY) return '-inf';
  if (time === Number.POSITIVE_INFINITY) return '+inf';
  return time;
}

export function decodeInstant(value: EncodedInstant): number {
  if (value === '-inf') return Number.NEGATIVE_INFINITY;
  if (value === '+inf') return Number.POSITIVE_INFINITY;
  return value;
}

/**
 * Throws RECORD_INVALID unless `time` is a finite number of milliseconds. The message (`what` and `id`,
 * e.g. 'key' and the key) is only built on failure: this runs once per record.
 */
export function assertEventTime(time: number, what: string, id = ''): void {
  if (Number.isFinite(time)) return;
  const subject = id === '' ? what : `${what} ${id}`;
  throw new PipelineError(
    'RECORD_INVALID',
    `${subject}: event time must be a finite number of ms, got ${time}`,
  );
}
