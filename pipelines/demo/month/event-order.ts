import type { CallRecord } from '../../ingest/call-record.ts';
import type { RegistrationEvent } from '../../registration/registration-event.ts';

/** One event of the demo month; `atMs` is the instant it is ordered by (a call's start or end). */
export type DemoEvent =
  | { readonly kind: 'registration'; readonly atMs: number; readonly event: RegistrationEvent }
  | { readonly kind: 'call'; readonly atMs: number; readonly call: CallRecord };

/** Calls by start time, then call id (the order the fair-use state takes calls of one instant in). */
export function compareCalls(a: CallRecord, b: CallRecord): number {
  return a.startTime.getTime() - b.startTime.getTime() || compareText(a.callId, b.callId);
}

export function compareRegistrations(a: RegistrationEvent, b: RegistrationEvent): number {
  return a.timestamp.getTime() - b.timestamp.getTime() || compareText(a.eventId, b.eventId);
}

/**
 * Calls and registration events merged in event time (call start, event timestamp), registrations first at
 * equal instants (a device registered at t is registered for a call starting at t). Both inputs must be
 * sorted (as `generateDemoMonth` returns them).
 */
export function demoEventsInOrder(
  calls: readonly CallRecord[],
  registrations: readonly RegistrationEvent[],
): Generator<DemoEvent> {
  return merged(calls, (call) => call.startTime.getTime(), registrations);
}

/**
 * Calls and registration events in the order a softswitch emits them: a CDR when its call ENDS (then call
 * id), a registration event when it happens, registrations first at equal instants. This is the order a
 * consumer of the CDR topic reads them in, and the fraud detector's event time (a call's end): fed this
 * way, no input is ever behind the watermark. Registrations must be sorted; calls may be in any order.
 */
export function demoEventsAsEmitted(
  calls: readonly CallRecord[],
  registrations: readonly RegistrationEvent[],
): Generator<DemoEvent> {
  const byEnd = sortByInstantThenId(
    [...calls],
    (call) => call.endTime.getTime(),
    (call) => call.callId,
  );
  return merged(byEnd, (call) => call.endTime.getTime(), registrations);
}

function* merged(
  calls: readonly CallRecord[],
  callInstant: (call: CallRecord) => number,
  registrations: readonly RegistrationEvent[],
): Generator<DemoEvent> {
  let c = 0;
  let r = 0;
  while (c < calls.length || r < registrations.length) {
    const call = calls[c];
    const event = registrations[r];
    if (event !== undefined && (call === undefined || event.timestamp.getTime() <= callInstant(call))) {
      yield { kind: 'registration', atMs: event.timestamp.getTime(), event };
      r += 1;
    } else if (call !== undefined) {
      yield { kind: 'call', atMs: callInstant(call), call };
      c += 1;
    }
  }
}

/**
 * Sorts records by instant, then id, in place. Fast path for large arrays: a native numeric sort of keys
 * `(instant - origin) * 2^21 + position` (exact in a double while the instants span less than 2^32 ms, about 49
 * days, and there are fewer than 2^21 records), then runs of equal instants put in id order.
 */
export function sortByInstantThenId<T>(
  items: T[],
  instantMs: (item: T) => number,
  id: (item: T) => string,
): T[] {
  const n = items.length;
  if (n === 0) return items;
  let origin = Infinity;
  let last = -Infinity;
  for (const item of items) {
    const t = instantMs(item);
    origin = Math.min(origin, t);
    last = Math.max(last, t);
  }
  if (n >= POSITION_SPAN || last - origin >= 2 ** 32) {
    return items.sort((a, b) => instantMs(a) - instantMs(b) || compareText(id(a), id(b)));
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (instantMs(items[i] as T) - origin) * POSITION_SPAN + i;
  keys.sort();
  const sorted = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    sorted[i] = items[key - Math.floor(key / POSITION_SPAN) * POSITION_SPAN] as T;
  }
  for (let start = 0; start < n;) {
    let end = start + 1;
    const t = Math.floor((keys[start] ?? 0) / POSITION_SPAN);
    while (end < n && Math.floor((keys[end] ?? 0) / POSITION_SPAN) === t) end += 1;
    if (end - start > 1) {
      const run = sorted.slice(start, end).sort((a, b) => compareText(id(a), id(b)));
      for (let k = 0; k < run.length; k++) sorted[start + k] = run[k] as T;
    }
    start = end;
  }
  for (let i = 0; i < n; i++) items[i] = sorted[i] as T;
  return items;
}

const POSITION_SPAN = 2 ** 21;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
