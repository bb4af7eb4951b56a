import type { PhysicalLine } from './line-splitter.ts';

/** A CSV record: its fields, the number of the physical line it starts on, and its original text. */
export interface CsvRecord {
  readonly kind: 'record';
  readonly line: number;
  readonly fields: readonly string[];
  readonly raw: string;
}

/** Text that is not a valid CSV record. `raw` is the offending text (the first line of it, if it spanned several). */
export interface CsvProblem {
  readonly kind: 'problem';
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}

export type CsvOutcome = CsvRecord | CsvProblem;

export interface CsvDialect {
  /** One character. */
  readonly delimiter: string;
  /**
   * Accept spaces between a delimiter and an opening quote, or after a closing quote: FreeSWITCH's
   * built-in template writes `", "${accountcode}"`. RFC 4180 would make such a field unquoted.
   */
  readonly allowSpacesAroundQuotes: boolean;
  /** A quoted field may hold newlines; a record spanning more lines than this is an unterminated quote. */
  readonly maxRecordLines: number;
  /** Same bound in characters, so that one stray quote cannot make the parser buffer a whole file. */
  readonly maxRecordChars: number;
}

type State = 'start' | 'unquoted' | 'quoted' | 'afterQuote';

const QUOTE = '"';

/**
 * A streaming CSV tokenizer (RFC 4180: quoted fields, doubled quotes, delimiters and newlines inside
 * quotes) fed one physical line at a time. Blank lines are skipped. A malformed record never stops the
 * stream: it becomes a problem, and when it spanned several lines (an unterminated quote swallowing
 * the lines after it) only its first line is reported and the following lines are parsed again.
 */
export class CsvRecordAssembler {
  private lines: PhysicalLine[] = [];
  private chars = 0;
  private fields: string[] = [];
  private field = '';
  private state: State = 'start';

  constructor(private readonly dialect: CsvDialect) {
    if (dialect.delimiter.length !== 1 || dialect.delimiter === QUOTE) {
      throw new Error(
        `CSV delimiter must be one character other than a quote, got ${JSON.stringify(dialect.delimiter)}`,
      );
    }
  }

  push(line: PhysicalLine): CsvOutcome[] {
    const out: CsvOutcome[] = [];
    this.accept(line, out);
    return out;
  }

  /** Call once after the last line: an open quoted field at end of input is a problem. */
  end(): CsvOutcome[] {
    const out: CsvOutcome[] = [];
    while (this.lines.length > 0) this.fail('unterminated quoted field', out);
    return out;
  }

  private accept(line: PhysicalLine, out: CsvOutcome[]): void {
    const inRecord = this.lines.length > 0;
    if (line.oversized) {
      if (inRecord) this.fail('unterminated quoted field', out);
      out.push({
        kind: 'problem',
        line: line.number,
        reason: `line longer than ${this.dialect.maxRecordChars} characters`,
        raw: line.text,
      });
      return;
    }
    if (!inRecord && isBlank(line.text)) return;
    if (!inRecord && !line.text.includes(QUOTE)) {
      out.push({
        kind: 'record',
        line: line.number,
        fields: line.text.split(this.dialect.delimiter),
        raw: line.text,
      });
      return;
    }
    this.lines.push(line);
    this.chars += line.text.length;
    const error = this.scan(line.text);
    if (error !== undefined) {
      this.fail(this.lines.length > 1 ? 'unterminated quoted field' : error, out);
      return;
    }
    if (this.state !== 'quoted') {
      this.fields.push(this.field);
      out.push({
        kind: 'record',
        line: this.lines[0]?.number ?? line.number,
        fields: this.fields,
        raw: this.raw(),
      });
      this.reset();
      return;
    }
    this.field += line.terminator;
    if (this.lines.length >= this.dialect.maxRecordLines || this.chars > this.dialect.maxRecordChars) {
      this.fail('unterminated quoted field', out);
    }
  }

  /** Advances the state machine over one line; returns an error reason, or undefined. */
  private scan(text: string): string | undefined {
    const { delimiter, allowSpacesAroundQuotes } = this.dialect;
    let i = 0;
    while (i < text.length) {
      switch (this.state) {
        case 'start':
        case 'unquoted': {
          const c = text[i];
          if (c === QUOTE) {
            const opensQuotedField =
              this.state === 'start' || (allowSpacesAroundQuotes && this.field.trim() === '');
            if (!opensQuotedField) return `quote inside an unquoted field at character ${i + 1}`;
            this.field = '';
            this.state = 'quoted';
            i++;
          } else if (c === delimiter) {
            this.fields.push(this.field);
            this.field = '';
            this.state = 'start';
            i++;
          } else {
            const stop = nextOf(text, i, delimiter);
            this.field += text.slice(i, stop);
            this.state = 'unquoted';
            i = stop;
          }
          break;
        }
        case 'quoted': {
          const close = text.indexOf(QUOTE, i);
          if (close === -1) {
            this.field += text.slice(i);
            i = text.length;
          } else {
            this.field += text.slice(i, close);
            this.state = 'afterQuote';
            i = close + 1;
          }
          break;
        }
        case 'afterQuote': {
          const c = text[i];
          if (c === QUOTE) {
            this.field += QUOTE;
            this.state = 'quoted';
          } else if (c === delimiter) {
            this.fields.push(this.field);
            this.field = '';
            this.state = 'start';
          } else if (!(allowSpacesAroundQuotes && c === ' ')) {
            return `unexpected character after a closing quote at character ${i + 1}`;
          }
          i++;
          break;
        }
      }
    }
    return undefined;
  }

  /** Reports the record's first line, then parses the lines after it again from a clean state. */
  private fail(reason: string, out: CsvOutcome[]): void {
    const [first, ...rest] = this.lines;
    this.reset();
    if (first === undefined) return;
    out.push({ kind: 'problem', line: first.number, reason, raw: first.text });
    for (const line of rest) this.accept(line, out);
  }

  private raw(): string {
    const lines = this.lines;
    if (lines.length === 1) return lines[0]?.text ?? '';
    let raw = '';
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index];
      if (line !== undefined) raw += index === lines.length - 1 ? line.text : line.text + line.terminator;
    }
    return raw;
  }

  private reset(): void {
    this.lines = [];
    this.chars = 0;
    this.fields = [];
    this.field = '';
    this.state = 'start';
  }
}

/** Index of the next delimiter or quote at or after `from`, or the text length. */
function nextOf(text: string, from: number, delimiter: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === delimiter || c === QUOTE) return i;
  }
  return text.length;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 13) return false;
  }
  return true;
}
