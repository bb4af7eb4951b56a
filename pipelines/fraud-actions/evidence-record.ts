import { PipelineError } from '../core/errors.ts';
import type { EvidenceSample, Severity } from '../fraud/fraud-alert.ts';

/**
 * The parts shared by the Avro records of commands and alerts (schemas/fraud): severity and sample kinds as
 * upper-case enum symbols, counts as a map of strings, samples as records.
 */
export type SeveritySymbol = 'WARNING' | 'CRITICAL';

export interface SampleRecord {
  readonly kind: 'CALL' | 'REGISTRATION';
  readonly id: string;
  readonly at: Date;
  readonly summary: string;
}

export const severitySymbol = (severity: Severity): SeveritySymbol =>
  severity === 'critical' ? 'CRITICAL' : 'WARNING';

export function severityOf(symbol: unknown, what: string): Severity {
  if (symbol === 'CRITICAL') return 'critical';
  if (symbol === 'WARNING') return 'warning';
  throw recordInvalid(`${what}: unknown severity ${JSON.stringify(symbol)}`);
}

/** Counts as text: integers and exact decimal strings alike (a decoded record gives them back as strings). */
export function countsRecord(counts: Readonly<Record<string, number | string>>): Record<string, string> {
  const record: Record<string, string> = {};
  for (const name of Object.keys(counts).sort()) record[name] = String(counts[name]);
  return record;
}

export function sampleRecords(samples: readonly EvidenceSample[]): SampleRecord[] {
  return samples.map((s) => ({
    kind: s.kind === 'call' ? 'CALL' : 'REGISTRATION',
    id: s.id,
    at: s.at,
    summary: s.summary,
  }));
}

export function countsOf(value: unknown, what: string): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw recordInvalid(`${what}: counts is not a map`);
  }
  const counts: Record<string, string> = {};
  for (const [name, count] of Object.entries(value)) {
    if (typeof count !== 'string') throw recordInvalid(`${what}: count ${name} is not text`);
    counts[name] = count;
  }
  return counts;
}

export function samplesOf(value: unknown, what: string): EvidenceSample[] {
  if (!Array.isArray(value)) throw recordInvalid(`${what}: samples is not an array`);
  return value.map((item: unknown) => {
    const s = item as Partial<Record<keyof SampleRecord, unknown>>;
    if (s.kind !== 'CALL' && s.kind !== 'REGISTRATION') {
      throw recordInvalid(`${what}: unknown sample kind ${JSON.stringify(s.kind)}`);
    }
    return {
      kind: s.kind === 'CALL' ? 'call' : 'registration',
      id: textOf(s.id, `${what} sample id`),
      at: dateOf(s.at, `${what} sample at`),
      summary: textOf(s.summary, `${what} sample summary`),
    };
  });
}

export function textOf(value: unknown, what: string): string {
  if (typeof value !== 'string') throw recordInvalid(`${what} is not a string`);
  return value;
}

export function dateOf(value: unknown, what: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw recordInvalid(`${what} is not a date`);
  return value;
}

export function recordInvalid(message: string): PipelineError {
  return new PipelineError('RECORD_INVALID', message);
}
