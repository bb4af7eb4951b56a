import { callRecordProblem, type CallRecord } from '../ingest/call-record.ts';
import type { CsvRecord } from './csv-record-assembler.ts';

/** A row that became a valid CallRecord. `line` is the physical line (1-based) the row starts on. */
export interface AcceptedRow {
  readonly ok: true;
  readonly line: number;
  readonly record: CallRecord;
}

/**
 * A row that did not. `reason` is safe to log (no full phone number); `raw` is the original row text
 * and does contain numbers: it belongs in the operator's rejects file only.
 */
export interface RejectedRow {
  readonly ok: false;
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

export type ParsedRow = AcceptedRow | RejectedRow;

/** Turns the CSV records of one export format into rows; undefined for a record that is not a row (a header). */
export interface RowMapper {
  map(record: CsvRecord): ParsedRow | undefined;
}

export function rejected(record: Pick<CsvRecord, 'line' | 'raw'>, reason: string): RejectedRow {
  return { ok: false, line: record.line, reason, raw: record.raw };
}

const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** Validates a mapped record with `callRecordProblem` plus a plausibility bound on its start time. */
export function checked(source: Pick<CsvRecord, 'line' | 'raw'>, record: CallRecord): ParsedRow {
  const start = record.startTime.getTime();
  if (start < EARLIEST || start >= LATEST) return rejected(source, 'startTime is outside 1990-2199');
  const problem = callRecordProblem(record);
  return problem === undefined ? { ok: true, line: source.line, record } : rejected(source, problem);
}

/** A field that must be a non-negative whole number (seconds, a sequence): the number, or undefined. */
export function wholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
