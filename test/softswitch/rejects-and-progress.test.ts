import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { openCdrFile } from '../../pipelines/softswitch/cdr-file.ts';
import { CsvRecordAssembler } from '../../pipelines/softswitch/csv-record-assembler.ts';
import { LineSplitter } from '../../pipelines/softswitch/line-splitter.ts';
import {
  ImportProgress,
  formatProgress,
  reportProgressEvery,
} from '../../pipelines/softswitch/import-progress.ts';
import { RejectsWriter, REJECTS_HEADER } from '../../pipelines/softswitch/rejects-writer.ts';
import { parseCsvMapping } from '../../pipelines/softswitch/csv-mapping.ts';
import { fixture, readAll } from './support.ts';

describe('rejects file', () => {
  it('writes line, reason and the raw row, in CSV that reads back to the same values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softswitch-rejects-'));
    const path = join(dir, 'rejects.csv');
    const writer = await RejectsWriter.open(path);
    const rows = await readAll(openCdrFile(fixture('asterisk/Master.csv'), { format: 'asterisk' }));
    const rejected = rows.filter((row) => !row.ok);
    for (const row of rejected) await writer.write(row);
    await writer.close();
    expect(writer.count).toBe(rejected.length);

    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(REJECTS_HEADER);
    // Read back with the project's own tokenizer: one record per reject, same values.
    const splitter = new LineSplitter(1_048_576);
    const assembler = new CsvRecordAssembler({
      delimiter: ',',
      allowSpacesAroundQuotes: false,
      maxRecordLines: 64,
      maxRecordChars: 1_048_576,
    });
    const records = [...splitter.push(text), ...splitter.end()].flatMap((line) => assembler.push(line));
    expect(
      records.slice(1).map((record) => (record.kind === 'record' ? record.fields : record.reason)),
    ).toEqual(rejected.map((row) => [String(row.line), row.reason, row.raw]));
    expect(text).toContain(`11,unknown disposition 'MAYBE',"""1001"",`);
  });

  it('creates an empty rejects file (header only) when nothing is rejected', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softswitch-rejects-'));
    const path = join(dir, 'none.csv');
    const writer = await RejectsWriter.open(path);
    await writer.close();
    expect(await readFile(path, 'utf8')).toBe(`${REJECTS_HEADER}\n`);
  });

  it('fails clearly when the rejects file cannot be created', async () => {
    await expect(RejectsWriter.open('/nonexistent-dir/rejects.csv')).rejects.toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
    });
  });
});

describe('import progress', () => {
  it('computes fraction, rows/s and ETA from the byte counters with an injected clock', () => {
    const counters = { bytesRead: 0, totalBytes: 10 * 1_048_576, rowsAccepted: 0, rowsRejected: 0 };
    let now = 1_000_000;
    const progress = new ImportProgress({ progress: counters }, () => now);
    expect(progress.snapshot()).toMatchObject({ fraction: 0, rows: 0, rowsPerSecond: 0, etaSeconds: null });

    now += 4000;
    Object.assign(counters, { bytesRead: 2 * 1_048_576, rowsAccepted: 39_990, rowsRejected: 10 });
    const snapshot = progress.snapshot();
    expect(snapshot).toMatchObject({
      fraction: 0.2,
      rows: 40_000,
      rejected: 10,
      rowsPerSecond: 10_000,
      etaSeconds: 16,
    });
    expect(formatProgress(snapshot)).toBe(
      '20.0% 2.0/10.0 MiB, 40000 rows (10 rejected), 10000 rows/s, ETA 0:16',
    );
  });

  it('reports on a timer until stopped', () => {
    vi.useFakeTimers();
    try {
      const progress = new ImportProgress({
        progress: { bytesRead: 5, totalBytes: 10, rowsAccepted: 1, rowsRejected: 0 },
      });
      const seen: number[] = [];
      const ticker = reportProgressEvery(progress, 1000, (snapshot) => seen.push(snapshot.fraction));
      vi.advanceTimersByTime(3500);
      ticker.stop();
      vi.advanceTimersByTime(5000);
      expect(seen).toEqual([0.5, 0.5, 0.5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows a CdrFile being read', async () => {
    const file = openCdrFile(fixture('freeswitch/Master.csv'), { format: 'freeswitch' });
    const progress = new ImportProgress(file);
    await readAll(file);
    expect(progress.snapshot()).toMatchObject({
      fraction: 1,
      rows: 14,
      rejected: 7,
      bytesRead: file.totalBytes,
    });
  });
});

describe('opening a CDR file', () => {
  it('refuses a missing file or a directory, and invalid options, before reading', () => {
    expect(() => openCdrFile('/nonexistent/Master.csv', { format: 'asterisk' })).toThrow(
      expect.objectContaining({ code: 'IMPORT_FILE_UNREADABLE' }) as Error,
    );
    expect(() => openCdrFile(tmpdir(), { format: 'asterisk' })).toThrow(/cannot read/);
    expect(() =>
      openCdrFile(fixture('asterisk/Master.csv'), { format: 'asterisk', maxRecordLines: 0 }),
    ).toThrow(/maxRecordLines/);
    expect(() => openCdrFile(fixture('asterisk/Master.csv'), { format: 'cisco' } as never)).toThrow(
      /unknown CDR format/,
    );
  });

  it('reads the same rows on a second iteration', async () => {
    const file = openCdrFile(fixture('asterisk/Master.csv'), { format: 'asterisk' });
    expect(await readAll(file)).toEqual(await readAll(file));
  });

  it('decodes a latin1 export when told', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softswitch-latin1-'));
    const path = join(dir, 'calls.csv');
    const text =
      'id,account,to,start,answer,end,ua\nx,a,3615,2025-07-15T10:00:00Z,,2025-07-15T10:00:01Z,Téléphone\n';
    await writeFile(path, Buffer.from(text, 'latin1'));
    const mapping = parseCsvMapping({
      columns: {
        callId: 'id',
        accountId: 'account',
        callee: 'to',
        startTime: 'start',
        answerTime: 'answer',
        endTime: 'end',
        userAgent: 'ua',
      },
      time: { format: 'iso8601' },
    });
    const [row] = await readAll(openCdrFile(path, { format: 'csv', mapping, encoding: 'latin1' }));
    expect(row).toMatchObject({ ok: true, record: { userAgent: 'Téléphone' } });
  });
});
