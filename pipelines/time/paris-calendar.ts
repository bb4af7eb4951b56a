import { PipelineError } from '../core/errors.ts';
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  monthIndexFromDays,
} from './civil-days.ts';
import {
  CEST_OFFSET_MS,
  parisOffsetAtLocalMidnightMs,
  parisOffsetAtMonthStartMs,
  parisOffsetMs,
} from './paris-offset.ts';

/**
 * The Europe/Paris calendar the contract counts in ("mois calendaire"): months as `YYYY-MM`, days as
 * `YYYY-MM-DD`, and the UTC instants where they start. Implemented with integer arithmetic and the EU
 * summer-time rule (see paris-offset.ts), not with Intl, which is about a hundred times slower; the tests
 * cross-check every result against Intl's time-zone data.
 */

export interface ParisMonthBounds {
  /** Paris midnight on the 1st of the month, as a UTC instant (inclusive). */
  readonly start: Date;
  /** Paris midnight on the 1st of the next month, as a UTC instant (exclusive). */
  readonly end: Date;
}

const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// Month starts (epoch ms) and names for 1900-2299, so that a lookup is one civil-date computation and a
// table read; outside that range the same arithmetic runs without the table.
const TABLE_FIRST_YEAR = 1900;
const TABLE_MONTHS = 400 * 12;
const TABLE_FIRST_INDEX = TABLE_FIRST_YEAR * 12;
const tableStartMs = new Float64Array(TABLE_MONTHS + 1);
const tableNames: string[] = [];
for (let i = 0; i <= TABLE_MONTHS; i++) {
  const year = TABLE_FIRST_YEAR + Math.floor(i / 12);
  const month = (i % 12) + 1;
  tableStartMs[i] = monthStartMs(year, month);
  tableNames.push(formatMonth(year, month));
}

// One-entry memo of the last month looked up: events arrive roughly in time order, so most lookups are
// a range check. Deterministic (a cache of a pure function).
let memoStartMs = 0;
let memoEndMs = 0;
let memoMonth = '';

/** The Paris calendar month (`YYYY-MM`) containing the instant. */
export function parisMonthOf(instant: Date): string {
  return parisMonthOfMs(instant.getTime());
}

/** {@link parisMonthOf} on epoch milliseconds, for callers that already hold numbers. */
export function parisMonthOfMs(epochMs: number): string {
  if (epochMs >= memoStartMs && epochMs < memoEndMs) return memoMonth;
  if (!Number.isFinite(epochMs)) throw invalid(`not a valid instant: ${String(epochMs)}`);
  // Local time is UTC+1 or UTC+2: reading the date at UTC+2 is right or one month ahead.
  let i = monthIndexFromDays(Math.floor((epochMs + CEST_OFFSET_MS) / MS_PER_DAY)) - TABLE_FIRST_INDEX;
  if (i >= 1 && i < TABLE_MONTHS) {
    if (epochMs < (tableStartMs[i] ?? 0)) i -= 1;
    memoStartMs = tableStartMs[i] ?? 0;
    memoEndMs = tableStartMs[i + 1] ?? 0;
    memoMonth = tableNames[i] ?? '';
    return memoMonth;
  }
  const monthIndex = monthIndexFromDays(Math.floor((epochMs + parisOffsetMs(epochMs)) / MS_PER_DAY));
  const year = Math.floor(monthIndex / 12);
  return formatMonth(year, monthIndex - year * 12 + 1);
}

/** The Paris calendar day (`YYYY-MM-DD`) containing the instant. */
export function parisDateOf(instant: Date): string {
  const epochMs = instant.getTime();
  if (!Number.isFinite(epochMs)) throw invalid('not a valid instant');
  const { year, month, day } = civilFromDays(Math.floor((epochMs + parisOffsetMs(epochMs)) / MS_PER_DAY));
  return `${formatMonth(year, month)}-${pad2(day)}`;
}

/** UTC instants of Paris midnight on the 1st of `month` and on the 1st of the next month. */
export function parisMonthBounds(month: string): ParisMonthBounds {
  const { startMs, endMs } = parisMonthBoundsMs(month);
  return { start: new Date(startMs), end: new Date(endMs) };
}

/** {@link parisMonthBounds} as epoch milliseconds. */
export function parisMonthBoundsMs(month: string): { readonly startMs: number; readonly endMs: number } {
  const parsed = parseParisMonth(month);
  const next = parseParisMonth(nextParisMonth(month));
  return { startMs: monthStartMs(parsed.year, parsed.month), endMs: monthStartMs(next.year, next.month) };
}

/**
 * Minutes in a Paris month: days x 1440, minus 60 in March (the clocks skip 02:00-03:00) and plus 60 in
 * October (03:00-02:00 is lived twice). The SLA availability ratio divides by this.
 */
export function parisMonthLengthMinutes(month: string): number {
  const { startMs, endMs } = parisMonthBoundsMs(month);
  return (endMs - startMs) / MS_PER_MINUTE;
}

/** The UTC instant of Paris midnight at the start of `date` (`YYYY-MM-DD`). */
export function parisLocalMidnight(date: string): Date {
  const match = DATE_PATTERN.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalid(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  }
  const localDays = daysFromCivil(year, month, day);
  return new Date(localDays * MS_PER_DAY - parisOffsetAtLocalMidnightMs(localDays, year));
}

/** The month after `month`. */
export function nextParisMonth(month: string): string {
  const parsed = parseParisMonth(month);
  return parsed.month === 12 ? formatMonth(parsed.year + 1, 1) : formatMonth(parsed.year, parsed.month + 1);
}

/** The month before `month`. */
export function previousParisMonth(month: string): string {
  const parsed = parseParisMonth(month);
  return parsed.month === 1 ? formatMonth(parsed.year - 1, 12) : formatMonth(parsed.year, parsed.month - 1);
}

export function isParisMonth(value: string): boolean {
  const match = MONTH_PATTERN.exec(value);
  if (match === null) return false;
  const month = Number(match[2]);
  return month >= 1 && month <= 12;
}

/** Splits `YYYY-MM`; throws INVALID_ARGUMENT on anything else. */
export function parseParisMonth(value: string): { readonly year: number; readonly month: number } {
  if (!isParisMonth(value)) throw invalid(`not a month YYYY-MM: ${JSON.stringify(value)}`);
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)) };
}

function monthStartMs(year: number, month: number): number {
  return daysFromCivil(year, month, 1) * MS_PER_DAY - parisOffsetAtMonthStartMs(month);
}

function formatMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}`;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function invalid(message: string): PipelineError {
  return new PipelineError('INVALID_ARGUMENT', message);
}
