import type { FileProblems } from './problems.ts';

/** One CSV record with the line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally double-quoted (`""` escapes a quote, quoted fields
 * may span lines), CRLF or LF, a leading BOM ignored, unquoted fields trimmed, blank lines skipped.
 * An unterminated quote is reported and ends the file.
 */
export function parseCsv(text: string, problems: FileProblems): CsvRecord[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let position = 0;
  while (position < source.length) {
    const newline = source.indexOf('\n', position);
    const end = newline === -1 ? source.length : newline;
    const text = source.slice(position, end > position && source[end - 1] === '\r' ? end - 1 : end);
    if (!text.includes('"')) {
      // Fast path: a record without quotes is one line.
      if (text.trim() !== '') records.push({ line, fields: text.split(',').map((field) => field.trim()) });
      position = end + 1;
      line += 1;
      continue;
    }
    const quoted = parseQuotedRecord(source, position, line, problems);
    if (quoted === undefined) return records;
    records.push({ line, fields: quoted.fields });
    position = quoted.position;
    line = quoted.line;
  }
  return records;
}

/** Parses one record that has quotes, from `position` to past its end of line. */
function parseQuotedRecord(
  source: string,
  start: number,
  startLine: number,
  problems: FileProblems,
): { fields: string[]; position: number; line: number } | undefined {
  const fields: string[] = [];
  let position = start;
  let line = startLine;
  for (;;) {
    if (source[position] === '"') {
      let value = '';
      position += 1;
      for (;;) {
        const quote = source.indexOf('"', position);
        if (quote === -1) {
          problems.report(startLine, undefined, 'unterminated quoted field');
          return undefined;
        }
        const chunk = source.slice(position, quote);
        line += countNewlines(chunk);
        value += chunk;
        if (source[quote + 1] === '"') {
          value += '"';
          position = quote + 2;
        } else {
          position = quote + 1;
          break;
        }
      }
      fields.push(value);
      const rest = nextSeparator(source, position);
      if (source.slice(position, rest).trim() !== '') {
        problems.report(startLine, undefined, 'unexpected characters after a quoted field');
      }
      position = rest;
    } else {
      const end = nextSeparator(source, position);
      fields.push(source.slice(position, end).trim());
      position = end;
    }
    const separator = source[position];
    if (separator === ',') {
      position += 1;
      continue;
    }
    if (separator === '\r') position += 1;
    if (source[position] === '\n') position += 1;
    return { fields, position, line: line + 1 };
  }
}

function nextSeparator(source: string, from: number): number {
  for (let i = from; i < source.length; i += 1) {
    const c = source[i];
    if (c === ',' || c === '\n' || c === '\r') return i;
  }
  return source.length;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** Records addressed by column name, for files with a header line. */
export interface CsvTable {
  readonly columns: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** One record addressed by column name. */
export class CsvRow {
  readonly line: number;
  readonly #fields: readonly string[];
  readonly #indexOf: ReadonlyMap<string, number>;

  constructor(line: number, fields: readonly string[], indexOf: ReadonlyMap<string, number>) {
    this.line = line;
    this.#fields = fields;
    this.#indexOf = indexOf;
  }

  /** The trimmed value of a column, '' when the row is short or the column absent. */
  get(column: string): string {
    const index = this.#indexOf.get(column);
    return index === undefined ? '' : (this.#fields[index] ?? '');
  }
}

/**
 * Maps records to named columns. With `header: 'required'` the first record is the header (a leading
 * `#` is dropped, as in CGRateS files; names compare case-insensitively, aliases allowed). With
 * `header: 'optional'` a first record starting with `#` is the header, otherwise the columns are
 * positional in `columns` order. Later records starting with `#` are comments. Missing columns and
 * unknown columns are reported; `undefined` when the header is unusable.
 */
export function toTable(
  records: readonly CsvRecord[],
  columns: readonly string[],
  problems: FileProblems,
  options: {
    readonly header: 'required' | 'optional';
    readonly aliases?: Readonly<Record<string, string>>;
    readonly optionalColumns?: readonly string[];
    readonly ignoredColumns?: readonly string[];
  },
): CsvTable | undefined {
  const first = records[0];
  if (first === undefined) return { columns, rows: [] };
  const firstCell = first.fields[0] ?? '';
  const hasHeader = options.header === 'required' || firstCell.startsWith('#');
  let indexOf: Map<string, number>;
  if (hasHeader) {
    const found = resolveHeader(first, columns, problems, options);
    if (found === undefined) return undefined;
    indexOf = found;
  } else {
    indexOf = new Map(columns.map((name, index) => [name, index]));
  }
  const rows: CsvRow[] = [];
  for (const record of hasHeader ? records.slice(1) : records) {
    if ((record.fields[0] ?? '').startsWith('#')) continue;
    rows.push(new CsvRow(record.line, record.fields, indexOf));
  }
  return { columns, rows };
}

function resolveHeader(
  header: CsvRecord,
  columns: readonly string[],
  problems: FileProblems,
  options: {
    readonly aliases?: Readonly<Record<string, string>>;
    readonly optionalColumns?: readonly string[];
    readonly ignoredColumns?: readonly string[];
  },
): Map<string, number> | undefined {
  const byLowerName = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const [alias, column] of Object.entries(options.aliases ?? {})) {
    byLowerName.set(alias.toLowerCase(), column);
  }
  const ignored = new Set((options.ignoredColumns ?? []).map((c) => c.toLowerCase()));
  const indexOf = new Map<string, number>();
  let usable = true;
  header.fields.forEach((raw, index) => {
    const name = (index === 0 ? raw.replace(/^#/, '') : raw).trim();
    const column = byLowerName.get(name.toLowerCase());
    if (column === undefined) {
      if (!ignored.has(name.toLowerCase())) {
        problems.report(header.line, name, `unknown column; expected ${columns.join(',')}`);
        usable = false;
      }
    } else if (indexOf.has(column)) {
      problems.report(header.line, name, 'column appears twice');
      usable = false;
    } else {
      indexOf.set(column, index);
    }
  });
  const optional = new Set(options.optionalColumns ?? []);
  for (const column of columns) {
    if (!indexOf.has(column) && !optional.has(column)) {
      problems.report(header.line, column, 'missing column in the header');
      usable = false;
    }
  }
  return usable ? indexOf : undefined;
}
