/** A window's bounds, half-open: [start, end). */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

/**
 * An eager trigger: fires once per window when `reached` first returns true for its accumulator (checked
 * after every record). Levels are independent: a record crossing two levels fires both, in the order given.
 * `key` lets a rule apply per-customer thresholds.
 */
export interface ThresholdLevel<Acc> {
  readonly level: string;
  readonly reached: (acc: Acc, key: string) => boolean;
}

/**
 * - `threshold`: a level was reached (eager, before the window ends), once per window and level;
 * - `on-time`: the watermark passed the window's end;
 * - `late-update`: a late record (within allowed lateness) changed a window whose end the watermark had passed.
 */
export type FiringKind = 'threshold' | 'on-time' | 'late-update';

export interface WindowFiring<Out> {
  readonly kind: FiringKind;
  readonly key: string;
  readonly window: WindowBounds;
  /** The threshold level, for `threshold` firings. */
  readonly level: string | undefined;
  readonly result: Out;
  /** Records aggregated in the window so far. */
  readonly records: number;
  /** The operator's watermark when it fired. */
  readonly watermark: number;
}

/** A record no live window could take: every window it belongs to ended before watermark - allowed lateness. */
export interface LateRecord<In> {
  readonly key: string;
  readonly eventTime: number;
  readonly value: In;
  readonly watermark: number;
  readonly allowedLatenessMs: number;
}

/** Where an operator's outputs go. Called synchronously; must not call back into the operator. */
export interface WindowSink<In, Out> {
  fire(firing: WindowFiring<Out>): void;
  late(record: LateRecord<In>): void;
}

export interface KeyedWindowsStats {
  /** Live windows (memory accounting: each holds one accumulator). */
  readonly windows: number;
  readonly keys: number;
  readonly watermark: number;
  readonly records: number;
  readonly lateRecords: number;
  /**
   * Sliding windows only: assignments of accepted records to windows already expired (the record went to
   * its other, still live, windows).
   */
  readonly expiredAssignments: number;
  readonly thresholdFirings: number;
  readonly onTimeFirings: number;
  readonly lateUpdateFirings: number;
}
