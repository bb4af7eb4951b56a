import { parseCsv } from '../reference/csv.ts';
import { csvField } from '../reports/format-csv.ts';
import type { RejectedRow } from '../softswitch/parsed-row.ts';
import {
  incidentTicketProblem,
  isIncidentCause,
  isIncidentStatus,
  type IncidentTicket,
} from './incident-ticket.ts';

/**
 * Ticket events read from a file, for demos, tests and back-filling: JSON Lines (one object per line with
 * the schema's field names) or CSV (a header row naming the fields, in any order). Values as a person
 * writes them: instants in ISO 8601 with `Z` or an offset (or epoch milliseconds in JSON), status and cause
 * in either case with `-` or `_` (`closed`, `planned-maintenance`), booleans true/false, empty = absent.
 * Every event goes through the same validation as the Kafka path (incidentTicketProblem).
 */
export const INCIDENT_FILE_FORMATS = ['jsonl', 'csv'] as const;
export type IncidentFileFormat = (typeof INCIDENT_FILE_FORMATS)[number];

export type ParsedIncidentRow =
  { readonly ok: true; readonly line: number; readonly ticket: IncidentTicket } | RejectedRow;

/** The format a file name implies: `.csv` is CSV, `.jsonl`, `.ndjson` and `.json` are JSON Lines. */
export function incidentFileFormatOf(path: string): IncidentFileFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return undefined;
}

export function parseIncidentFile(text: string, format: IncidentFileFormat): ParsedIncidentRow[] {
  return format === 'csv' ? parseCsvTickets(text) : parseJsonLines(text);
}

/** Thrown while converting one row, to stop at its first bad field. */
class FieldProblem extends Error {}

type FieldReader = (name: string) => unknown;

function parseJsonLines(text: string): ParsedIncidentRow[] {
  const rows: ParsedIncidentRow[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((rawLine, index) => {
    const raw = rawLine.replace(/\r$/, '');
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      rows.push({ ok: false, line, reason: 'not a JSON object', raw });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rows.push({ ok: false, line, reason: 'not a JSON object', raw });
      return;
    }
    const fields = value as Record<string, unknown>;
    rows.push(checkedRow(line, raw, (name) => fields[name]));
  });
  return rows;
}

function parseCsvTickets(text: string): ParsedIncidentRow[] {
  const problems: { line: number | undefined; message: string }[] = [];
  const records = parseCsv(text, {
    file: 'incidents',
    report: (line, _field, message) => problems.push({ line, message }),
  });
  const rows: ParsedIncidentRow[] = problems.map((p) => ({
    ok: false,
    line: p.line ?? 0,
    reason: p.message,
    raw: '',
  }));
  const [header, ...data] = records;
  if (header === undefined) return rows;
  const columns = header.fields.map((name) => name.trim());
  for (const record of data) {
    const raw = record.fields.map(csvField).join(',');
    if (record.fields.length !== columns.length) {
      rows.push({
        ok: false,
        line: record.line,
        reason: `expected ${columns.length} fields as in the header, got ${record.fields.length}`,
        raw,
      });
      continue;
    }
    rows.push(
      checkedRow(record.line, raw, (name) => {
        const value = record.fields[columns.indexOf(name)];
        return value === undefined || value === '' ? undefined : value;
      }),
    );
  }
  return rows.sort((a, b) => a.line - b.line);
}

function checkedRow(line: number, raw: string, read: FieldReader): ParsedIncidentRow {
  let ticket: IncidentTicket;
  try {
    ticket = ticketOf(read);
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    return { ok: false, line, reason: error.message, raw };
  }
  const problem = incidentTicketProblem(ticket);
  return problem === undefined ? { ok: true, line, ticket } : { ok: false, line, reason: problem, raw };
}

function ticketOf(read: FieldReader): IncidentTicket {
  const status = symbol(read, 'status');
  if (!isIncidentStatus(status)) throw new FieldProblem(`status ${status} is not a known ticket status`);
  const cause = read('cause') === undefined || read('cause') === null ? 'UNKNOWN' : symbol(read, 'cause');
  if (!isIncidentCause(cause)) throw new FieldProblem(`cause ${cause} is not a known cause category`);
  const description = read('description') ?? '';
  if (typeof description !== 'string') throw new FieldProblem('description is not a string');
  return {
    eventId: text(read, 'eventId'),
    ticketNumber: text(read, 'ticketNumber'),
    status,
    customerId: text(read, 'customerId'),
    service: text(read, 'service'),
    cause,
    plannedMaintenance: flag(read, 'plannedMaintenance'),
    startedAt: instant(read, 'startedAt'),
    acknowledgedAt: nullableInstant(read, 'acknowledgedAt'),
    resolvedAt: nullableInstant(read, 'resolvedAt'),
    updatedAt: instant(read, 'updatedAt'),
    description,
  };
}

function text(read: FieldReader, name: string): string {
  const value = read(name);
  if (typeof value !== 'string') throw new FieldProblem(`${name} is missing or not a string`);
  return value.trim();
}

/** `planned-maintenance` -> `PLANNED_MAINTENANCE`. */
function symbol(read: FieldReader, name: string): string {
  return text(read, name).toUpperCase().replaceAll('-', '_');
}

function flag(read: FieldReader, name: string): boolean {
  const value = read(name);
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  throw new FieldProblem(`${name} must be true or false`);
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

function nullableInstant(read: FieldReader, name: string): Date | null {
  const value = read(name);
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Date(value);
  if (typeof value !== 'string' || !ISO_WITH_ZONE.test(value.trim()))
    throw new FieldProblem(`${name} must be an ISO 8601 instant with Z or an offset`);
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) throw new FieldProblem(`${name} is not a valid instant`);
  return date;
}

function instant(read: FieldReader, name: string): Date {
  const value = nullableInstant(read, name);
  if (value === null) throw new FieldProblem(`${name} is missing`);
  return value;
}
