import { PipelineError } from '../core/errors.ts';
import { AsteriskCdrMapper, type AsteriskCdrOptions } from './asterisk-cdr.ts';
import type { CsvMapping } from './csv-mapping.ts';
import { CsvRecordAssembler, type CsvOutcome } from './csv-record-assembler.ts';
import { FreeswitchCdrMapper, type FreeswitchCdrOptions } from './freeswitch-cdr.ts';
import { GenericCsvMapper, type GenericCsvOptions } from './generic-csv.ts';
import { LineSplitter } from './line-splitter.ts';
import type { ParsedRow, RowMapper } from './parsed-row.ts';

export type CdrFormat = 'asterisk' | 'freeswitch' | 'csv';
export const CDR_FORMATS: readonly CdrFormat[] = ['asterisk', 'freeswitch', 'csv'];

/** What to parse and how: the format, then that format's options (all optional but the csv mapping). */
export type CdrFormatOptions =
  | ({ readonly format: 'asterisk' } & Partial<AsteriskCdrOptions>)
  | ({ readonly format: 'freeswitch' } & Partial<FreeswitchCdrOptions>)
  | ({ readonly format: 'csv'; readonly mapping: CsvMapping } & Partial<GenericCsvOptions>);

interface Stages {
  readonly mapper: RowMapper & { readonly awaitingHeader?: boolean };
  readonly assembler: CsvRecordAssembler;
  readonly splitter: LineSplitter;
  readonly encoding: 'utf8' | 'latin1';
}

function stagesFor(options: CdrFormatOptions): Stages {
  switch (options.format) {
    case 'asterisk': {
      const { format: _format, ...rest } = options;
      const mapper = new AsteriskCdrMapper(rest);
      return withReader(mapper, mapper.options, ',', false);
    }
    case 'freeswitch': {
      const { format: _format, ...rest } = options;
      const mapper = new FreeswitchCdrMapper(rest);
      return withReader(mapper, mapper.options, ',', true);
    }
    case 'csv': {
      const { format: _format, mapping, ...rest } = options;
      const mapper = new GenericCsvMapper(mapping, rest);
      return withReader(mapper, mapper.options, mapping.delimiter, false);
    }
  }
}

function withReader(
  mapper: Stages['mapper'],
  reader: {
    readonly encoding: 'utf8' | 'latin1';
    readonly maxRecordLines: number;
    readonly maxRecordChars: number;
  },
  delimiter: string,
  allowSpacesAroundQuotes: boolean,
): Stages {
  return {
    mapper,
    encoding: reader.encoding,
    splitter: new LineSplitter(reader.maxRecordChars),
    assembler: new CsvRecordAssembler({
      delimiter,
      allowSpacesAroundQuotes,
      maxRecordLines: reader.maxRecordLines,
      maxRecordChars: reader.maxRecordChars,
    }),
  };
}

/**
 * Decoded text in, parsed rows out: line splitting, CSV tokenizing and the format's mapping, with no
 * I/O. Feed chunks with `push` and finish with `end`. Options are validated by the constructor
 * (PipelineError CONFIG_INVALID). Used by `openCdrFile`; usable on any text source (stdin, a socket).
 */
export class CdrRowPipeline {
  readonly format: CdrFormat;
  readonly encoding: 'utf8' | 'latin1';
  private readonly stages: Stages;

  constructor(options: CdrFormatOptions) {
    if (!CDR_FORMATS.includes(options.format)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `unknown CDR format ${JSON.stringify(options.format)}; known: ${CDR_FORMATS.join(', ')}`,
      );
    }
    this.format = options.format;
    this.stages = stagesFor(options);
    this.encoding = this.stages.encoding;
  }

  push(text: string): ParsedRow[] {
    const rows: ParsedRow[] = [];
    for (const line of this.stages.splitter.push(text)) this.collect(this.stages.assembler.push(line), rows);
    return rows;
  }

  end(): ParsedRow[] {
    const rows: ParsedRow[] = [];
    for (const line of this.stages.splitter.end()) this.collect(this.stages.assembler.push(line), rows);
    this.collect(this.stages.assembler.end(), rows);
    return rows;
  }

  private collect(outcomes: readonly CsvOutcome[], rows: ParsedRow[]): void {
    for (const outcome of outcomes) {
      if (outcome.kind === 'record') {
        const row = this.stages.mapper.map(outcome);
        if (row !== undefined) rows.push(row);
      } else if (this.stages.mapper.awaitingHeader === true) {
        throw new PipelineError(
          'IMPORT_HEADER_MISMATCH',
          `the header on line ${outcome.line} is not valid CSV: ${outcome.reason}`,
        );
      } else {
        rows.push({ ok: false, line: outcome.line, reason: outcome.reason, raw: outcome.raw });
      }
    }
  }
}

/** Parses a whole text at once (tests, small inputs). */
export function parseCdrText(text: string, options: CdrFormatOptions): ParsedRow[] {
  const pipeline = new CdrRowPipeline(options);
  return [...pipeline.push(text), ...pipeline.end()];
}
