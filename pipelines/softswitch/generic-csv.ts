import { PipelineError } from '../core/errors.ts';
import { field, parseOptions, type OptionsOf } from '../config/options.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import { resolveCallTimes, type ResolvedCallTimes } from './call-times.ts';
import type { CsvMapping, MappableField } from './csv-mapping.ts';
import type { CsvRecord } from './csv-record-assembler.ts';
import { parseEpochMillis, parseEpochSeconds, parseIsoInstant } from './instant-formats.ts';
import { checked, rejected, wholeNumber, type ParsedRow, type RowMapper } from './parsed-row.ts';
import { readerOptionFields } from './reader-options.ts';
import { shownValue } from './reason-text.ts';

export const genericCsvOptionsSpec = {
  softswitch: field.string({
    default: 'csv',
    pattern: /\S/,
    doc: 'softswitch name written in each CallRecord, unless a mapped softswitch column says otherwise',
  }),
  ...readerOptionFields,
};
export type GenericCsvOptions = OptionsOf<typeof genericCsvOptionsSpec>;

type Cells = (name: MappableField) => string;
type Problem = { readonly problem: string };

/**
 * Maps a CSV export with a header row through a `CsvMapping`. The first record is the header: a
 * mapped column it lacks (or holds twice) stops the import (IMPORT_HEADER_MISMATCH), since no row
 * could be read. Header names match exactly after trimming, else case-insensitively. Cells are trimmed.
 */
export class GenericCsvMapper implements RowMapper {
  readonly options: GenericCsvOptions;
  private indexes: ReadonlyMap<MappableField, number> | undefined;
  private headerWidth = 0;

  constructor(
    readonly mapping: CsvMapping,
    input: Partial<GenericCsvOptions> = {},
  ) {
    this.options = parseOptions('softswitch.csv', genericCsvOptionsSpec, input);
  }

  get awaitingHeader(): boolean {
    return this.indexes === undefined;
  }

  map(source: CsvRecord): ParsedRow | undefined {
    if (this.indexes === undefined) {
      this.indexes = this.readHeader(source);
      this.headerWidth = source.fields.length;
      return undefined;
    }
    const indexes = this.indexes;
    if (source.fields.length !== this.headerWidth) {
      return rejected(
        source,
        `expected ${this.headerWidth} columns (as in the header), got ${source.fields.length}`,
      );
    }
    const cell: Cells = (name) => {
      const index = indexes.get(name);
      return index === undefined ? '' : (source.fields[index] ?? '').trim();
    };
    const mapped = (name: MappableField): boolean => indexes.has(name);

    const durationSeconds = mapped('durationSeconds') ? wholeNumber(cell('durationSeconds')) : null;
    if (durationSeconds === undefined) {
      return rejected(source, `durationSeconds: not a whole number ${shownValue(cell('durationSeconds'))}`);
    }
    const billable = mapped('billableSeconds') ? wholeNumber(cell('billableSeconds')) : null;
    if (billable === undefined) {
      return rejected(source, `billableSeconds: not a whole number ${shownValue(cell('billableSeconds'))}`);
    }
    const times = this.times(cell, { durationSeconds, billableSeconds: billable });
    if (!times.ok) return rejected(source, times.reason);

    const disposition = this.disposition(cell, mapped('disposition'), times.answerTime !== null);
    if (typeof disposition !== 'string') return rejected(source, disposition.problem);
    const direction = this.direction(cell, mapped('direction'));
    if (typeof direction !== 'string') return rejected(source, direction.problem);

    const record: CallRecord = {
      callId: cell('callId'),
      accountId: cell('accountId'),
      caller: cell('caller'),
      callee: cell('callee'),
      startTime: times.startTime,
      answerTime: times.answerTime,
      endTime: times.endTime,
      durationSeconds: durationSeconds ?? secondsBetween(times.startTime, times.endTime),
      billableSeconds:
        billable ?? (times.answerTime === null ? 0 : secondsBetween(times.answerTime, times.endTime)),
      disposition,
      direction,
      userAgent: cell('userAgent') || null,
      sourceIp: cell('sourceIp') || null,
      sipCallId: cell('sipCallId') || null,
      softswitch: cell('softswitch') || this.options.softswitch,
    };
    return checked(source, record);
  }

  private readHeader(header: CsvRecord): ReadonlyMap<MappableField, number> {
    const names = header.fields.map((name) => name.trim());
    const indexes = new Map<MappableField, number>();
    const problems: string[] = [];
    for (const [fieldName, column] of Object.entries(this.mapping.columns) as [MappableField, string][]) {
      let matches = indexesOf(names, (name) => name === column);
      if (matches.length === 0)
        matches = indexesOf(names, (name) => name.toLowerCase() === column.toLowerCase());
      const [first] = matches;
      if (matches.length > 1)
        problems.push(`column "${column}" (mapped to ${fieldName}) appears ${matches.length} times`);
      else if (first === undefined) problems.push(`no column "${column}" (mapped to ${fieldName})`);
      else indexes.set(fieldName, first);
    }
    if (problems.length > 0) {
      throw new PipelineError(
        'IMPORT_HEADER_MISMATCH',
        `the header on line ${header.line} does not fit the mapping: ${problems.join('; ')}; the header has: ${names.join(', ')}`,
      );
    }
    return indexes;
  }

  private times(cell: Cells, reported: Parameters<typeof resolveCallTimes>[2]): ResolvedCallTimes {
    const time = this.mapping.time;
    const values = { start: cell('startTime'), answer: cell('answerTime'), end: cell('endTime') };
    if (time.format === 'local') {
      const start = time.pattern.parse(values.start);
      if (start === undefined) return invalidTime('startTime', values.start, time.pattern.pattern);
      const answer = values.answer === '' ? null : time.pattern.parse(values.answer);
      if (answer === undefined) return invalidTime('answerTime', values.answer, time.pattern.pattern);
      const end = time.pattern.parse(values.end);
      if (end === undefined) return invalidTime('endTime', values.end, time.pattern.pattern);
      return resolveCallTimes(time.zone, { start, answer, end }, reported);
    }
    const parse =
      time.format === 'iso8601'
        ? parseIsoInstant
        : time.format === 'epoch-seconds'
          ? parseEpochSeconds
          : parseEpochMillis;
    const expected = time.format === 'iso8601' ? 'ISO 8601 with offset' : time.format;
    const start = parse(values.start);
    if (start === undefined) return invalidTime('startTime', values.start, expected);
    const answer = values.answer === '' ? null : parse(values.answer);
    if (answer === undefined) return invalidTime('answerTime', values.answer, expected);
    const end = parse(values.end);
    if (end === undefined) return invalidTime('endTime', values.end, expected);
    return {
      ok: true,
      startTime: new Date(start),
      answerTime: answer === null ? null : new Date(answer),
      endTime: new Date(end),
    };
  }

  private disposition(
    cell: Cells,
    isMapped: boolean,
    answered: boolean,
  ): CallRecord['disposition'] | Problem {
    if (!isMapped) return answered ? 'ANSWERED' : 'NO_ANSWER';
    const value = cell('disposition');
    return (
      this.mapping.dispositions.get(value.toUpperCase()) ?? {
        problem: `unknown disposition ${shownValue(value)}`,
      }
    );
  }

  private direction(cell: Cells, isMapped: boolean): CallRecord['direction'] | Problem {
    const value = cell('direction');
    if (!isMapped || value === '') return this.mapping.defaultDirection;
    return (
      this.mapping.directions.get(value.toUpperCase()) ?? {
        problem: `unknown direction ${shownValue(value)}`,
      }
    );
  }
}

function invalidTime(name: string, value: string, expected: string): ResolvedCallTimes {
  return { ok: false, reason: `${name}: invalid date ${shownValue(value)} (expected ${expected})` };
}

function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000));
}

function indexesOf(names: readonly string[], matches: (name: string) => boolean): number[] {
  const found: number[] = [];
  names.forEach((name, index) => {
    if (matches(name)) found.push(index);
  });
  return found;
}
