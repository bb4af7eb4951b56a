import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { PipelineError } from '../core/errors.ts';
import type { RejectedRow } from './parsed-row.ts';

/** One CSV field, quoted when it has to be (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const REJECTS_HEADER = 'line,reason,raw';

/**
 * Writes rejected rows to a CSV file the operator controls: `line,reason,raw`, the raw row exactly as
 * read (it contains phone numbers: this is a file, never a log). The file is created (truncated) by
 * `open`, header included, so an empty rejects file means no rejects. Honours back-pressure.
 */
export class RejectsWriter {
  private written = 0;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(path: string): Promise<RejectsWriter> {
    const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    try {
      await once(stream, 'open');
    } catch (error) {
      throw new PipelineError('IMPORT_FILE_UNREADABLE', `cannot write rejects file ${path}`, {
        cause: error,
      });
    }
    const writer = new RejectsWriter(path, stream);
    await writer.writeLine(REJECTS_HEADER);
    return writer;
  }

  /** How many rejected rows were written. */
  get count(): number {
    return this.written;
  }

  async write(row: RejectedRow): Promise<void> {
    await this.writeLine(`${row.line},${csvField(row.reason)},${csvField(row.raw)}`);
    this.written++;
  }

  async close(): Promise<void> {
    if (this.stream.closed) return;
    this.stream.end();
    await once(this.stream, 'close');
  }

  private async writeLine(line: string): Promise<void> {
    if (this.stream.errored !== null) {
      throw new PipelineError('IMPORT_FILE_UNREADABLE', `cannot write rejects file ${this.path}`, {
        cause: this.stream.errored,
      });
    }
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain');
  }
}
