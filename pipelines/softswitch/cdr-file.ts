import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { PipelineError } from '../core/errors.ts';
import { CdrRowPipeline, type CdrFormat, type CdrFormatOptions } from './cdr-row-pipeline.ts';
import type { ParsedRow } from './parsed-row.ts';

const CHUNK_BYTES = 256 * 1024;

/** Counters of a read in progress, for progress reports. */
export interface CdrFileCounters {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

/**
 * A softswitch CDR export on disk, read as a stream: iterate it (`for await (const row of file)`) for
 * one `ParsedRow` per input row, or use `batches()` for one array per chunk read (fewer awaits on
 * millions of rows). Memory stays constant whatever the file size. Each iteration reads the file
 * from the start and resets the counters. Rows come in file order; a rejected row never stops it.
 */
export class CdrFile implements AsyncIterable<ParsedRow> {
  private counters = { bytesRead: 0, rowsAccepted: 0, rowsRejected: 0 };

  constructor(
    readonly path: string,
    readonly options: CdrFormatOptions,
    readonly totalBytes: number,
  ) {}

  get format(): CdrFormat {
    return this.options.format;
  }

  get progress(): CdrFileCounters {
    return { ...this.counters, totalBytes: this.totalBytes };
  }

  async *batches(): AsyncGenerator<ParsedRow[]> {
    const pipeline = new CdrRowPipeline(this.options);
    this.counters = { bytesRead: 0, rowsAccepted: 0, rowsRejected: 0 };
    const decoder = new StringDecoder(pipeline.encoding);
    const stream = createReadStream(this.path, { highWaterMark: CHUNK_BYTES });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        this.counters.bytesRead += chunk.length;
        const rows = pipeline.push(decoder.write(chunk));
        if (rows.length > 0) yield this.count(rows);
      }
    } catch (error) {
      if (error instanceof PipelineError) throw error;
      throw new PipelineError('IMPORT_FILE_UNREADABLE', `cannot read ${this.path}`, { cause: error });
    } finally {
      stream.destroy();
    }
    const rows = [...pipeline.push(decoder.end()), ...pipeline.end()];
    if (rows.length > 0) yield this.count(rows);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ParsedRow> {
    for await (const batch of this.batches()) yield* batch;
  }

  private count(rows: ParsedRow[]): ParsedRow[] {
    for (const row of rows) {
      if (row.ok) this.counters.rowsAccepted++;
      else this.counters.rowsRejected++;
    }
    return rows;
  }
}

/**
 * Opens a CDR export: `openCdrFile('Master.csv', { format: 'asterisk', timeZone: 'Europe/Paris' })`.
 * Options are validated now (PipelineError CONFIG_INVALID), the file is checked now
 * (IMPORT_FILE_UNREADABLE) and read when iterated.
 */
export function openCdrFile(path: string, options: CdrFormatOptions): CdrFile {
  new CdrRowPipeline(options);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a regular file');
    size = stat.size;
  } catch (error) {
    throw new PipelineError('IMPORT_FILE_UNREADABLE', `cannot read ${path}`, { cause: error });
  }
  return new CdrFile(path, options, size);
}
