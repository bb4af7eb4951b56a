export type Alignment = 'left' | 'right';

export interface TextColumn {
  readonly header: string;
  readonly align: Alignment;
}

/** A row of cells, or a rule (a line of dashes under each column). */
export type TextRow = readonly string[] | 'rule';

/**
 * A plain-text table for a terminal: a header line, a rule, then the rows; columns separated by two
 * spaces, each as wide as its widest cell, text left-aligned and numbers right-aligned. No trailing
 * spaces. Control characters in cells are shown escaped (`\x1b`), so data cannot drive the terminal.
 */
export function renderTextTable(columns: readonly TextColumn[], rows: readonly TextRow[]): string[] {
  const cellRows = rows.map((row) => (row === 'rule' ? row : columns.map((_, i) => printable(row[i] ?? ''))));
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cellRows.map((row) => (row === 'rule' ? 0 : width(row[i] ?? '')))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const padding = ' '.repeat((widths[i] ?? 0) - width(cell));
        return columns[i]?.align === 'right' ? `${padding}${cell}` : `${cell}${padding}`;
      })
      .join('  ')
      .trimEnd();
  const rule = line(widths.map((w) => '-'.repeat(w)));
  return [
    line(columns.map((column) => column.header)),
    rule,
    ...cellRows.map((row) => (row === 'rule' ? rule : line(row))),
  ];
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Characters as a reader counts them (grapheme clusters), not UTF-16 units: `é` and `€` are one column. */
function width(text: string): number {
  let count = 0;
  for (const _segment of graphemes.segment(text)) count++;
  return count;
}

function printable(text: string): string {
  let result = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    result +=
      code < 0x20 || (code >= 0x7f && code < 0xa0) ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return result;
}
