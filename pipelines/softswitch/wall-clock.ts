import { PipelineError } from '../core/errors.ts';

const TOKENS = ['YYYY', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
type Token = (typeof TOKENS)[number];
const TOKEN_DIGITS: Readonly<Record<Token, number>> = { YYYY: 4, SSS: 3, MM: 2, DD: 2, HH: 2, mm: 2, ss: 2 };
const REQUIRED: readonly Token[] = ['YYYY', 'MM', 'DD', 'HH', 'mm'];

/**
 * A wall-clock date-time layout such as `YYYY-MM-DD HH:mm:ss` (tokens YYYY MM DD HH mm ss SSS, every
 * other character literal). `parse` returns the wall-clock time as milliseconds "as if UTC", or
 * undefined when the text does not match or names an impossible date (2025-02-30, 24:00...).
 */
export class WallClockFormat {
  private constructor(
    readonly pattern: string,
    private readonly regex: RegExp,
    private readonly order: readonly Token[],
  ) {}

  /** @throws PipelineError CONFIG_INVALID when the pattern lacks a date or hour-minute token. */
  static compile(pattern: string): WallClockFormat {
    const order: Token[] = [];
    let source = '^';
    let rest = pattern;
    while (rest.length > 0) {
      const token = TOKENS.find((candidate) => rest.startsWith(candidate));
      if (token === undefined) {
        source += escapeRegex(rest.charAt(0));
        rest = rest.slice(1);
      } else {
        if (order.includes(token)) throw invalidPattern(pattern, `${token} appears twice`);
        order.push(token);
        source += `(\\d{${TOKEN_DIGITS[token]}})`;
        rest = rest.slice(token.length);
      }
    }
    const missing = REQUIRED.filter((token) => !order.includes(token));
    if (missing.length > 0) throw invalidPattern(pattern, `missing ${missing.join(', ')}`);
    return new WallClockFormat(pattern, new RegExp(`${source}$`), order);
  }

  parse(text: string): number | undefined {
    if (this.pattern === STAMP_PATTERN) return parseStamp(text);
    const match = this.regex.exec(text);
    if (match === null) return undefined;
    const values = [0, 1, 1, 0, 0, 0, 0];
    for (let index = 0; index < this.order.length; index++) {
      values[TOKEN_SLOT[this.order[index] ?? 'YYYY']] = Number(match[index + 1]);
    }
    const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0] = values;
    return wallClockMs(year, month, day, hour, minute, second, millisecond);
  }
}

const STAMP_PATTERN = 'YYYY-MM-DD HH:mm:ss';
const TOKEN_SLOT: Readonly<Record<Token, number>> = { YYYY: 0, MM: 1, DD: 2, HH: 3, mm: 4, ss: 5, SSS: 6 };

/** `YYYY-MM-DD HH:mm:ss` without a regular expression: the format of every Asterisk and FreeSWITCH time. */
function parseStamp(text: string): number | undefined {
  if (text.length !== 19) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return wallClockMs(year, month, day, hour, minute, second);
}

/** The decimal number of `length` digits at `from`, or -1 when one is not a digit. */
function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** The default layout of Asterisk (`%Y-%m-%d %T`) and FreeSWITCH stamps. */
export const SOFTSWITCH_STAMP = WallClockFormat.compile(STAMP_PATTERN);

/** Milliseconds "as if UTC" for a calendar date and time, or undefined when it is not a real one. */
export function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond = 0,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millisecond);
  return date.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(char) ? `\\${char}` : char;
}

function invalidPattern(pattern: string, problem: string): PipelineError {
  return new PipelineError(
    'CONFIG_INVALID',
    `invalid date-time pattern ${JSON.stringify(pattern)}: ${problem}`,
  );
}
