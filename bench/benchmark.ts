import type { BenchWorld } from './bench-world.ts';

/** A goal a measurement is compared with: `value >= 100000`, or `value <= 512`. */
export interface Target {
  readonly comparison: '>=' | '<=';
  readonly value: number;
}

export interface Measurement {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** What the number means or how it was obtained, when the name alone does not say. */
  readonly note?: string;
}

/** A measurement as reported: with whether its target is met (undefined when it has none). */
export interface ReportedMeasurement extends Measurement {
  readonly met?: boolean;
}

export interface BenchContext {
  /** The shared, lazily started environment: local brokers, registry double, chDB, published records. */
  readonly world: BenchWorld;
  /** A value measured by a benchmark that already ran in this process, for ratios between benchmarks. */
  readonly measured: (benchmark: string, measurement: string) => number | undefined;
  /** Progress lines for the operator (stderr). */
  readonly progress: (line: string) => void;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(context: BenchContext): Promise<Measurement[]>;
}

export function targetMet(value: number, target: Target): boolean {
  return target.comparison === '>=' ? value >= target.value : value <= target.value;
}

export function report(measurement: Measurement): ReportedMeasurement {
  return measurement.target === undefined
    ? measurement
    : { ...measurement, met: targetMet(measurement.value, measurement.target) };
}

export function atLeast(value: number): Target {
  return { comparison: '>=', value };
}

/** Records per second over an interval in milliseconds. */
export function perSecond(records: number, milliseconds: number): number {
  return milliseconds <= 0 ? Number.NaN : (records * 1000) / milliseconds;
}
