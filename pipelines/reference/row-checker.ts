import type { Decimal } from 'decimal.js';
import type { CsvRow } from './csv.ts';
import { IDENTIFIER, parseAmount } from './entry-reader.ts';
import { isCalendarDate } from './paris-time.ts';
import type { FileProblems } from './problems.ts';

/** Reads the fields of one CSV row, reporting each problem with the row's line and the column. */
export class RowChecker {
  readonly #row: CsvRow;
  readonly #problems: FileProblems;
  #failures = 0;

  constructor(row: CsvRow, problems: FileProblems) {
    this.#row = row;
    this.#problems = problems;
  }

  get ok(): boolean {
    return this.#failures === 0;
  }

  fail(column: string, message: string): void {
    this.#failures += 1;
    this.#problems.report(this.#row.line, column, message);
  }

  get(column: string): string {
    return this.#row.get(column);
  }

  required(column: string): string | undefined {
    const value = this.#row.get(column);
    if (value !== '') return value;
    this.fail(column, 'required');
    return undefined;
  }

  identifier(column: string): string | undefined {
    const value = this.required(column);
    if (value === undefined || IDENTIFIER.test(value)) return value;
    this.fail(column, `${JSON.stringify(value)} is not an identifier`);
    return undefined;
  }

  /** A non-negative decimal. */
  amount(column: string): Decimal | undefined {
    const parsed = parseAmount(this.#row.get(column));
    if (typeof parsed !== 'string') return parsed;
    this.fail(column, parsed);
    return undefined;
  }

  /** A date `YYYY-MM-DD`; an empty field is a problem only when required. */
  date(column: string, required: boolean): string | undefined {
    const value = this.#row.get(column);
    if (value === '') {
      if (required) this.fail(column, 'required (a date YYYY-MM-DD)');
      return undefined;
    }
    if (isCalendarDate(value)) return value;
    this.fail(column, `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return undefined;
  }
}
