/** One physical line of a text file: its text without terminator, and the terminator that ended it. */
export interface PhysicalLine {
  readonly number: number;
  readonly text: string;
  /** `''` only for a last line that has no newline. */
  readonly terminator: '' | '\n' | '\r\n';
  /** The line was longer than the limit: `text` holds its beginning only. */
  readonly oversized: boolean;
}

const BOM = '\uFEFF';

/**
 * Splits decoded text chunks into physical lines (LF or CRLF; a lone CR stays data), numbering
 * them from 1 and dropping a UTF-8 byte order mark at the very start. Memory stays bounded: a line
 * longer than `maxLineChars` is kept truncated and flagged instead of growing without limit.
 */
export class LineSplitter {
  private partial = '';
  private partialOversized = false;
  private lineNumber = 0;
  private started = false;

  constructor(private readonly maxLineChars: number) {}

  push(chunk: string): PhysicalLine[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    const lines: PhysicalLine[] = [];
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      this.append(text.slice(from, newline));
      lines.push(this.takeLine(true));
      from = newline + 1;
    }
    this.append(text.slice(from));
    return lines;
  }

  end(): PhysicalLine[] {
    if (this.partial === '' && !this.partialOversized) return [];
    return [this.takeLine(false)];
  }

  private append(piece: string): void {
    if (this.partialOversized) return;
    this.partial += piece;
    if (this.partial.length > this.maxLineChars) {
      this.partial = this.partial.slice(0, this.maxLineChars);
      this.partialOversized = true;
    }
  }

  private takeLine(hasNewline: boolean): PhysicalLine {
    let text = this.partial;
    let terminator: PhysicalLine['terminator'] = '';
    if (hasNewline) {
      terminator = '\n';
      if (text.endsWith('\r') && !this.partialOversized) {
        text = text.slice(0, -1);
        terminator = '\r\n';
      }
    }
    const line = { number: ++this.lineNumber, text, terminator, oversized: this.partialOversized };
    this.partial = '';
    this.partialOversized = false;
    return line;
  }
}
