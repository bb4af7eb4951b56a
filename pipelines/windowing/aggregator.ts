import { PipelineError } from '../core/errors.ts';

/**
 * Incremental aggregation of one window: the operator keeps only the accumulator, never the records.
 * `add` and `merge` may mutate and return their first argument, or return a new value (numbers).
 * `merge` is required for session windows (two sessions joined by a record in their gap).
 * Snapshots store `toSnapshot(acc)` (default: the accumulator itself, which must then be plain JSON data:
 * numbers, strings, arrays, plain objects) and `fromSnapshot` turns it back.
 */
export interface Aggregator<In, Acc, Out> {
  create(): Acc;
  add(acc: Acc, input: In): Acc;
  merge?(into: Acc, other: Acc): Acc;
  result(acc: Acc): Out;
  toSnapshot?(acc: Acc): unknown;
  fromSnapshot?(saved: unknown): Acc;
}

/** Counts records. */
export function countAggregator<In>(): Aggregator<In, number, number> {
  return {
    create: () => 0,
    add: (acc) => acc + 1,
    merge: (a, b) => a + b,
    result: (acc) => acc,
    fromSnapshot: savedNumber,
  };
}

/** Sums a number taken from each record (durations, counts; not money: use an exact Decimal aggregator). */
export function sumAggregator<In>(valueOf: (input: In) => number): Aggregator<In, number, number> {
  return {
    create: () => 0,
    add: (acc, input) => acc + valueOf(input),
    merge: (a, b) => a + b,
    result: (acc) => acc,
    fromSnapshot: savedNumber,
  };
}

/** Counts distinct values (source IPs, callees); the state holds the values, so bound what you feed it. */
export function distinctCountAggregator<In>(
  valueOf: (input: In) => string,
): Aggregator<In, Set<string>, number> {
  return {
    create: () => new Set<string>(),
    add: (acc, input) => acc.add(valueOf(input)),
    merge: (a, b) => {
      for (const value of b) a.add(value);
      return a;
    },
    result: (acc) => acc.size,
    toSnapshot: (acc) => [...acc].sort(),
    fromSnapshot: (saved) => {
      if (!Array.isArray(saved) || !saved.every((v) => typeof v === 'string')) {
        throw new PipelineError(
          'SNAPSHOT_INVALID',
          'distinct-count accumulator: expected an array of strings',
        );
      }
      return new Set<string>(saved);
    },
  };
}

function savedNumber(saved: unknown): number {
  if (typeof saved !== 'number' || !Number.isFinite(saved)) {
    throw new PipelineError(
      'SNAPSHOT_INVALID',
      `numeric accumulator: expected a finite number, got ${String(saved)}`,
    );
  }
  return saved;
}
