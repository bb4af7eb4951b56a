import type { Decimal } from 'decimal.js';
import { parseCsv, toTable, type CsvRow } from '../csv.ts';
import { RowChecker } from '../row-checker.ts';
import type { FileProblems } from '../problems.ts';
import { PREFIX_FORMS, parsePrefix, prefixLabel, type ParsedPrefix } from './prefix.ts';
import { formatDuration, parseDurationNs, pricePerMinute, wholeSeconds } from './rate-unit.ts';
import {
  ROUNDING_MODE_NAMES,
  parseRoundingDecimals,
  parseRoundingMode,
  type RoundingMode,
} from './rounding-mode.ts';

/**
 * The CGRateS tariff-plan files we read, row by row, with their real column orders. A first line starting
 * with `#` is the header and columns are taken by name (case-insensitive); without it they are
 * positional, as CGRateS' own loader reads them.
 */
export const CGRATES_FILES = {
  destinations: 'Destinations.csv',
  rates: 'Rates.csv',
  destinationRates: 'DestinationRates.csv',
  ratingPlans: 'RatingPlans.csv',
  ratingProfiles: 'RatingProfiles.csv',
  timings: 'Timings.csv',
} as const;

function table(
  text: string,
  columns: readonly string[],
  problems: FileProblems,
  extra: Parameters<typeof toTable>[3] = { header: 'optional' },
): readonly CsvRow[] {
  return toTable(parseCsv(text, problems), columns, problems, extra)?.rows ?? [];
}

function required(row: CsvRow, column: string, problems: FileProblems): string | undefined {
  const value = row.get(column);
  if (value === '') problems.report(row.line, column, 'required');
  return value === '' ? undefined : value;
}

/**
 * Rows grouped by their Id. The ids of rows that had problems are remembered, so that a reference to
 * them fails without reporting "unknown" on top of the problem already reported.
 */
export class GroupedRows<T> {
  readonly #rows = new Map<string, T[]>();
  readonly #broken = new Set<string>();

  add(id: string, row: T): void {
    const rows = this.#rows.get(id);
    if (rows === undefined) this.#rows.set(id, [row]);
    else rows.push(row);
  }

  markBroken(id: string): void {
    if (id !== '') this.#broken.add(id);
  }

  get(id: string): readonly T[] | undefined {
    return this.#rows.get(id);
  }

  isBroken(id: string): boolean {
    return this.#broken.has(id);
  }
}

/**
 * `#Id,Prefix`: destination id -> prefixes (a leading `+` dropped; `short:3631` for a short code) with
 * their lines.
 */
export function readDestinations(
  text: string,
  problems: FileProblems,
): GroupedRows<{ prefix: ParsedPrefix; line: number }> {
  const destinations = new GroupedRows<{ prefix: ParsedPrefix; line: number }>();
  for (const row of table(text, ['Id', 'Prefix'], problems)) {
    const id = required(row, 'Id', problems);
    const prefix = parsePrefix(row.get('Prefix'));
    if (prefix === undefined) {
      problems.report(
        row.line,
        'Prefix',
        `expected ${PREFIX_FORMS}, got ${JSON.stringify(row.get('Prefix'))}`,
      );
    }
    if (id === undefined || prefix === undefined) {
      destinations.markBroken(row.get('Id'));
      continue;
    }
    const label = prefixLabel({ prefix: prefix.digits, shortCode: prefix.shortCode });
    const twice = destinations
      .get(id)
      ?.find((p) => p.prefix.digits === prefix.digits && p.prefix.shortCode === prefix.shortCode);
    if (twice !== undefined) {
      problems.report(
        row.line,
        'Prefix',
        `prefix ${label} listed twice for destination ${id} (first on line ${twice.line})`,
      );
      continue;
    }
    destinations.add(id, { prefix, line: row.line });
  }
  return destinations;
}

export interface RateSlot {
  readonly line: number;
  readonly connectFee: Decimal;
  readonly pricePerMinute: Decimal;
  readonly incrementSeconds: number;
  readonly fromSecond: number;
}

/**
 * `#Id,ConnectFee,Rate,RateUnit,RateIncrement,GroupIntervalStart`: rate id -> slots. The rate per
 * RateUnit becomes an exact price per minute; increments and interval starts must be whole seconds.
 */
export function readRates(text: string, problems: FileProblems): GroupedRows<RateSlot> {
  const rates = new GroupedRows<RateSlot>();
  const columns = ['Id', 'ConnectFee', 'Rate', 'RateUnit', 'RateIncrement', 'GroupIntervalStart'];
  for (const row of table(text, columns, problems)) {
    const check = new RowChecker(row, problems);
    const seconds = (column: string, positive: boolean): number | undefined => {
      const ns = parseDurationNs(row.get(column));
      if (typeof ns === 'string') {
        check.fail(column, ns);
        return undefined;
      }
      const whole = wholeSeconds(ns);
      if (whole === undefined) {
        check.fail(
          column,
          `must be a whole number of seconds, got ${formatDuration(ns)} (CGRateS reads a number without unit as nanoseconds: write 60s)`,
        );
        return undefined;
      }
      if (positive && whole <= 0) {
        check.fail(column, 'must be positive');
        return undefined;
      }
      return whole;
    };
    const id = check.required('Id');
    const connectFee = check.amount('ConnectFee');
    const rate = check.amount('Rate');
    const unit = positiveDuration(check, 'RateUnit');
    const incrementSeconds = seconds('RateIncrement', true);
    const fromSecond = seconds('GroupIntervalStart', false);
    const perMinute = rate === undefined || unit === undefined ? undefined : pricePerMinute(rate, unit);
    if (rate !== undefined && unit !== undefined && perMinute === undefined) {
      check.fail('RateUnit', `${rate.toFixed()} per ${formatDuration(unit)} has no exact price per minute`);
    }
    if (
      !check.ok ||
      id === undefined ||
      connectFee === undefined ||
      perMinute === undefined ||
      incrementSeconds === undefined ||
      fromSecond === undefined
    ) {
      rates.markBroken(row.get('Id'));
      continue;
    }
    rates.add(id, { line: row.line, connectFee, pricePerMinute: perMinute, incrementSeconds, fromSecond });
  }
  return rates;
}

function positiveDuration(check: RowChecker, column: string): bigint | undefined {
  const parsed = parseDurationNs(check.get(column));
  if (typeof parsed === 'string') {
    check.fail(column, parsed);
    return undefined;
  }
  if (parsed <= 0n) {
    check.fail(column, 'must be positive');
    return undefined;
  }
  return parsed;
}

export interface DestinationRateRow {
  readonly line: number;
  readonly destinationId: string;
  readonly ratesTag: string;
  readonly mode: RoundingMode;
  readonly decimals: number;
}

/** `#Id,DestinationId,RatesTag,RoundingMethod,RoundingDecimals,MaxCost,MaxCostStrategy`. */
export function readDestinationRates(text: string, problems: FileProblems): GroupedRows<DestinationRateRow> {
  const result = new GroupedRows<DestinationRateRow>();
  const columns = [
    'Id',
    'DestinationId',
    'RatesTag',
    'RoundingMethod',
    'RoundingDecimals',
    'MaxCost',
    'MaxCostStrategy',
  ];
  const rows = table(text, columns, problems, {
    header: 'optional',
    aliases: { RoundingMode: 'RoundingMethod' },
    optionalColumns: ['MaxCost', 'MaxCostStrategy'],
  });
  for (const row of rows) {
    let valid = true;
    const id = required(row, 'Id', problems);
    const destinationId = required(row, 'DestinationId', problems);
    const ratesTag = required(row, 'RatesTag', problems);
    if (destinationId === '*any') {
      problems.report(
        row.line,
        'DestinationId',
        '*any (a catch-all destination) is not supported: list the prefixes in Destinations.csv',
      );
      valid = false;
    }
    const mode = parseRoundingMode(row.get('RoundingMethod'));
    if (mode === undefined) {
      problems.report(
        row.line,
        'RoundingMethod',
        `unknown rounding method ${JSON.stringify(row.get('RoundingMethod'))}; expected one of ${ROUNDING_MODE_NAMES.join(', ')}`,
      );
    }
    const decimals = parseRoundingDecimals(row.get('RoundingDecimals'));
    if (decimals === undefined) {
      problems.report(
        row.line,
        'RoundingDecimals',
        `expected an integer from 0 to 10, got ${JSON.stringify(row.get('RoundingDecimals'))}`,
      );
    }
    const maxCost = row.get('MaxCost');
    if (maxCost !== '' && !/^0*(\.0*)?$/.test(maxCost)) {
      problems.report(
        row.line,
        'MaxCost',
        `a maximum cost per call is not supported, got ${JSON.stringify(maxCost)} (leave 0)`,
      );
      valid = false;
    }
    if (
      !valid ||
      id === undefined ||
      destinationId === undefined ||
      ratesTag === undefined ||
      mode === undefined ||
      decimals === undefined
    ) {
      result.markBroken(row.get('Id'));
      continue;
    }
    result.add(id, { line: row.line, destinationId, ratesTag, mode, decimals });
  }
  return result;
}

export interface RatingPlanRow {
  readonly line: number;
  readonly destinationRatesId: string;
  readonly timingTag: string;
}

/** `#Id,DestinationRatesId,TimingTag,Weight`. */
export function readRatingPlans(text: string, problems: FileProblems): GroupedRows<RatingPlanRow> {
  const result = new GroupedRows<RatingPlanRow>();
  for (const row of table(text, ['Id', 'DestinationRatesId', 'TimingTag', 'Weight'], problems)) {
    const id = required(row, 'Id', problems);
    const destinationRatesId = required(row, 'DestinationRatesId', problems);
    const timingTag = required(row, 'TimingTag', problems);
    const weight = row.get('Weight');
    const weightValid = weight === '' || /^-?\d+(\.\d+)?$/.test(weight);
    if (!weightValid) problems.report(row.line, 'Weight', `expected a number, got ${JSON.stringify(weight)}`);
    if (id === undefined || destinationRatesId === undefined || timingTag === undefined || !weightValid) {
      result.markBroken(row.get('Id'));
      continue;
    }
    result.add(id, { line: row.line, destinationRatesId, timingTag });
  }
  return result;
}

/** `#Tag,Years,Months,MonthDays,WeekDays,Time`: the tags that mean "at any time" (all `*any`, from 00:00:00). */
export function readAlwaysTimings(text: string | undefined, problems: FileProblems): Map<string, boolean> {
  const timings = new Map<string, boolean>();
  if (text === undefined) return timings;
  const columns = ['Tag', 'Years', 'Months', 'MonthDays', 'WeekDays', 'Time'];
  for (const row of table(text, columns, problems, { header: 'optional', aliases: { Id: 'Tag' } })) {
    const tag = required(row, 'Tag', problems);
    if (tag === undefined) continue;
    const any = (column: string): boolean => ['', '*any'].includes(row.get(column));
    const always =
      any('Years') &&
      any('Months') &&
      any('MonthDays') &&
      any('WeekDays') &&
      ['', '00:00:00', '*any'].includes(row.get('Time'));
    timings.set(tag, always);
  }
  return timings;
}

export interface RatingProfileRow {
  readonly line: number;
  readonly activationTime: string;
  readonly ratingPlanId: string;
}

/**
 * `#Tenant,Category,Subject,ActivationTime,RatingPlanId,RatesFallbackSubject` (older files with
 * Direction and CdrStatQueueIds columns are accepted). Only `call` (or `*any`) rows are versions of this
 * tariff; their Subject must be `*any`, since a tariff applies to every account of a plan.
 */
export function readRatingProfiles(text: string, problems: FileProblems): RatingProfileRow[] {
  const profiles: RatingProfileRow[] = [];
  const columns = ['Tenant', 'Category', 'Subject', 'ActivationTime', 'RatingPlanId', 'RatesFallbackSubject'];
  const rows = table(text, columns, problems, {
    header: 'optional',
    optionalColumns: ['RatesFallbackSubject'],
    ignoredColumns: ['Direction', 'CdrStatQueueIds'],
  });
  for (const row of rows) {
    const category = row.get('Category');
    if (category !== 'call' && category !== '*any') continue;
    const subject = row.get('Subject');
    if (subject !== '*any') {
      problems.report(
        row.line,
        'Subject',
        `per-subject rating profiles are not supported (got ${JSON.stringify(subject)}): use *any, one directory per tariff`,
      );
      continue;
    }
    const activationTime = required(row, 'ActivationTime', problems);
    const ratingPlanId = required(row, 'RatingPlanId', problems);
    if (activationTime === undefined || ratingPlanId === undefined) continue;
    profiles.push({ line: row.line, activationTime, ratingPlanId });
  }
  return profiles;
}
