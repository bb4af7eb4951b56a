import { Decimal } from 'decimal.js';
import { isCalendarDate } from './paris-time.ts';
import type { FileProblems } from './problems.ts';
import type { YamlFile, YamlPath } from './yaml-file.ts';

/** Identifiers: no whitespace, no control characters, no comma (they appear in CSV files). */
export const IDENTIFIER = /^[^\s,\p{Cc}]{1,128}$/u;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Reads the list under the single top-level key of a reference YAML file (`customers:` ...), reporting
 * a wrong shape. Returns the items with their path, for `EntryReader`.
 */
export function readTopLevelList(
  file: YamlFile,
  key: string,
  problems: FileProblems,
): { readonly item: unknown; readonly path: YamlPath }[] {
  const root = file.value;
  if (root === null || root === undefined) {
    problems.report(1, key, 'the file is empty');
    return [];
  }
  if (!isPlainObject(root)) {
    problems.report(1, undefined, `expected a mapping with a "${key}" list, got ${describe(root)}`);
    return [];
  }
  for (const other of Object.keys(root)) {
    if (other !== key) problems.report(file.lineOf([other]), other, `unknown key; expected only "${key}"`);
  }
  const list = root[key];
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.report(file.lineOf([key]), key, `expected a list, got ${describe(list)}`);
    return [];
  }
  return list.map((item: unknown, index) => ({ item, path: [key, index] }));
}

/** Typed access to one mapping of a YAML file; every problem names the file, line and field path. */
export class EntryReader {
  readonly #file: YamlFile;
  readonly #problems: FileProblems;
  readonly #path: YamlPath;
  readonly #entry: Record<string, unknown>;
  readonly #parent: EntryReader | undefined;
  #valid = true;

  private constructor(
    file: YamlFile,
    problems: FileProblems,
    path: YamlPath,
    entry: Record<string, unknown>,
    parent: EntryReader | undefined,
  ) {
    this.#file = file;
    this.#problems = problems;
    this.#path = path;
    this.#entry = entry;
    this.#parent = parent;
  }

  /** `undefined` (and a reported problem) when `value` is not a mapping. */
  static of(
    file: YamlFile,
    problems: FileProblems,
    path: YamlPath,
    value: unknown,
    allowedKeys: readonly string[],
    parent?: EntryReader,
  ): EntryReader | undefined {
    if (!isPlainObject(value)) {
      parent?.invalidate();
      problems.report(file.lineOf(path), pathText(path), `expected a mapping, got ${describe(value)}`);
      return undefined;
    }
    const reader = new EntryReader(file, problems, path, value, parent);
    for (const key of Object.keys(value)) {
      if (!allowedKeys.includes(key)) {
        reader.problem(key, `unknown key; known keys are ${allowedKeys.join(', ')}`);
      }
    }
    return reader;
  }

  /** False once any problem was reported through this reader. */
  get valid(): boolean {
    return this.#valid;
  }

  line(key?: string): number | undefined {
    return this.#file.lineOf(key === undefined ? this.#path : [...this.#path, key]);
  }

  fieldName(key: string): string {
    return pathText([...this.#path, key]);
  }

  /** Marks this entry, and the entries it is nested in, as invalid. */
  invalidate(): void {
    this.#valid = false;
    this.#parent?.invalidate();
  }

  problem(key: string | undefined, message: string): void {
    this.invalidate();
    this.#problems.report(
      this.line(key),
      key === undefined ? pathText(this.#path) : this.fieldName(key),
      message,
    );
  }

  has(key: string): boolean {
    return this.#entry[key] !== undefined && this.#entry[key] !== null;
  }

  raw(key: string): unknown {
    return this.#entry[key];
  }

  /** A nested mapping, for its own reader. */
  nested(key: string, allowedKeys: readonly string[]): EntryReader | undefined {
    if (!this.has(key)) return undefined;
    return EntryReader.of(
      this.#file,
      this.#problems,
      [...this.#path, key],
      this.#entry[key],
      allowedKeys,
      this,
    );
  }

  string(key: string, options: { pattern?: RegExp; patternDoc?: string } = {}): string | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      this.problem(key, 'required');
      return undefined;
    }
    return this.checkString(key, value, options);
  }

  optionalString(key: string, options: { pattern?: RegExp; patternDoc?: string } = {}): string | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) return undefined;
    return this.checkString(key, value, options);
  }

  private checkString(
    key: string,
    value: unknown,
    options: { pattern?: RegExp; patternDoc?: string },
  ): string | undefined {
    if (typeof value !== 'string') {
      const hint = typeof value === 'number' ? ' (quote it: YAML reads unquoted digits as a number)' : '';
      this.problem(key, `expected a string, got ${describe(value)}${hint}`);
      return undefined;
    }
    if (value.trim() === '') {
      this.problem(key, 'must not be empty');
      return undefined;
    }
    if (options.pattern !== undefined && !options.pattern.test(value)) {
      this.problem(
        key,
        `${JSON.stringify(value)} is not ${options.patternDoc ?? `matching ${String(options.pattern)}`}`,
      );
      return undefined;
    }
    return value;
  }

  identifier(key: string): string | undefined {
    return this.string(key, { pattern: IDENTIFIER, patternDoc: 'an identifier (no spaces or commas)' });
  }

  boolean(key: string, fallback?: boolean): boolean | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem(key, 'required (true or false)');
      return fallback;
    }
    if (typeof value !== 'boolean') {
      this.problem(key, `expected true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  integer(key: string, min: number, fallback?: number): number | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem(key, 'required');
      return fallback;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.problem(key, `expected an integer, got ${describe(value)}`);
      return undefined;
    }
    if (value < min) {
      this.problem(key, `must be at least ${min}, got ${value}`);
      return undefined;
    }
    return value;
  }

  choice<V extends string>(key: string, values: readonly V[], fallback?: V): V | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem(key, `required: one of ${values.join(', ')}`);
      return fallback;
    }
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.problem(key, `expected one of ${values.join(', ')}, got ${describe(value)}`);
      return undefined;
    }
    return value as V;
  }

  /** A calendar date `YYYY-MM-DD`. */
  date(key: string, required: boolean): string | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      if (required) this.problem(key, 'required (a date YYYY-MM-DD)');
      return undefined;
    }
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      this.problem(key, `expected a date YYYY-MM-DD, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** A non-negative amount written as a string (`"29.90"`, kept as written), never a YAML number (binary float). */
  money(key: string): string | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      this.problem(key, 'required (a decimal string such as "29.90")');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(key, `expected a quoted decimal string such as "29.90", got ${describe(value)}`);
      return undefined;
    }
    const amount = parseAmount(value);
    if (typeof amount === 'string') {
      this.problem(key, amount);
      return undefined;
    }
    return value.trim();
  }

  /** A list of strings, each checked by `accept` (which returns an error message or undefined). */
  stringList(key: string, accept: (item: string) => string | undefined): string[] | undefined {
    const value = this.#entry[key];
    if (value === undefined || value === null) {
      this.problem(key, 'required (a list)');
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.problem(key, `expected a list, got ${describe(value)}`);
      return undefined;
    }
    const items: string[] = [];
    value.forEach((item: unknown, index) => {
      const where = `${key}[${index}]`;
      if (typeof item !== 'string') {
        this.invalidate();
        this.#problems.report(
          this.#file.lineOf([...this.#path, key, index]),
          this.fieldName(where),
          `expected a string, got ${describe(item)}`,
        );
        return;
      }
      const error = accept(item);
      if (error !== undefined) {
        this.invalidate();
        this.#problems.report(this.#file.lineOf([...this.#path, key, index]), this.fieldName(where), error);
        return;
      }
      items.push(item);
    });
    return items;
  }
}

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

/** A non-negative decimal amount (`0`, `0.012`, `29.90`), or the reason it is not one. */
export function parseAmount(text: string): Decimal | string {
  const trimmed = text.trim();
  if (/^-\s*\d/.test(trimmed)) return `must not be negative, got ${JSON.stringify(text)}`;
  if (!DECIMAL_TEXT.test(trimmed))
    return `expected a decimal number such as 0.015, got ${JSON.stringify(text)}`;
  return new Decimal(trimmed);
}

/** `customers[2].planId` */
export function pathText(path: YamlPath): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`),
    '',
  );
}
