import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCdrFile } from '../../pipelines/softswitch/cdr-file.ts';
import { parseCdrText } from '../../pipelines/softswitch/cdr-row-pipeline.ts';
import { loadCsvMappingFile } from '../../pipelines/softswitch/csv-mapping-file.ts';
import { parseColumnAssignments, parseCsvMapping } from '../../pipelines/softswitch/csv-mapping.ts';
import { acceptedByLine, fixture, readAll, reasonsByLine, reasonsWithNumbers } from './support.ts';

const minimalColumns = {
  callId: 'id',
  accountId: 'account',
  callee: 'to',
  startTime: 'start',
  answerTime: 'answer',
  endTime: 'end',
};

describe('generic CSV with a header and a mapping', () => {
  it('reads the YAML-mapped fixture (BOM, CRLF, quoted comma and newline): rows, line numbers, reasons', async () => {
    const mapping = await loadCsvMappingFile(fixture('generic/mapping.yaml'));
    const rows = await readAll(openCdrFile(fixture('generic/calls.csv'), { format: 'csv', mapping }));
    expect(reasonsByLine(rows)).toEqual({
      6: 'expected 11 columns (as in the header), got 10',
      7: "startTime: invalid date '2025-07-14T18:30:00' (expected ISO 8601 with offset)",
      8: 'endTime is before startTime',
      9: "unknown disposition 'ringing'",
      10: 'callee is empty',
      11: 'unterminated quoted field',
    });
    const accepted = acceptedByLine(rows);
    expect([...accepted.keys()]).toEqual([2, 3, 4, 12]);
    expect(accepted.get(2)).toEqual({
      callId: 'c-0001',
      accountId: 'acct-17',
      caller: '+33199000100',
      callee: '+33639980001',
      startTime: new Date('2025-03-10T08:15:02Z'),
      answerTime: new Date('2025-03-10T08:15:10Z'),
      endTime: new Date('2025-03-10T08:20:10Z'),
      durationSeconds: 308,
      billableSeconds: 300,
      disposition: 'ANSWERED',
      direction: 'OUTBOUND',
      userAgent: 'Yealink SIP-T46U, "108.86"',
      sourceIp: '192.0.2.10',
      sipCallId: null,
      softswitch: 'csv',
    });
    expect(accepted.get(3)).toMatchObject({ disposition: 'NO_ANSWER', userAgent: null, sourceIp: null });
    expect(accepted.get(4)).toMatchObject({ userAgent: 'Odd\r\nPhone 1.0', sourceIp: '2001:db8::1' });
    expect(accepted.get(12)).toMatchObject({ callee: '3615', disposition: 'ANSWERED', durationSeconds: 62 });
    expect(reasonsWithNumbers(rows)).toEqual([]);
  });

  it('reads the JSON-mapped fixture: semicolons, French local times across both DST changes, directions', async () => {
    const mapping = await loadCsvMappingFile(fixture('generic/local-mapping.json'));
    const rows = await readAll(
      openCdrFile(fixture('generic/local.csv'), { format: 'csv', mapping, softswitch: 'pbx-lyon' }),
    );
    expect(reasonsByLine(rows)).toEqual({
      4: 'start time does not exist in Europe/Paris (skipped by a clock change)',
    });
    const accepted = acceptedByLine(rows);
    expect(accepted.get(2)).toMatchObject({
      startTime: new Date('2025-10-26T00:50:00Z'),
      answerTime: new Date('2025-10-26T00:50:20Z'),
      endTime: new Date('2025-10-26T01:10:00Z'),
      billableSeconds: 1180,
      disposition: 'ANSWERED',
      softswitch: 'pbx-lyon',
    });
    expect(accepted.get(3)).toMatchObject({
      startTime: new Date('2025-10-26T00:20:00Z'),
      disposition: 'NO_ANSWER',
    });
    expect(accepted.get(5)).toMatchObject({ direction: 'INBOUND', callee: '0199000200' });
  });

  it('reads epoch seconds and milliseconds, and a softswitch column when present', () => {
    const mapping = parseCsvMapping({
      columns: { ...minimalColumns, softswitch: 'switch', sipCallId: 'sip' },
      time: { format: 'epoch-seconds' },
    });
    const text =
      'id,account,to,start,answer,end,switch,sip\nx1,a1,0639980070,1752566400,1752566405.5,1752566465,,abc@host\n';
    const [row] = parseCdrText(text, { format: 'csv', mapping });
    expect(row).toMatchObject({
      ok: true,
      record: {
        startTime: new Date('2025-07-15T08:00:00Z'),
        answerTime: new Date('2025-07-15T08:00:05.500Z'),
        billableSeconds: 59,
        durationSeconds: 65,
        softswitch: 'csv',
        sipCallId: 'abc@host',
      },
    });
    const millis = parseCsvMapping({ columns: minimalColumns, time: { format: 'epoch-millis' } });
    const [ms] = parseCdrText('id,account,to,start,answer,end\nx2,a1,3615,1752566400000,,1752566401000', {
      format: 'csv',
      mapping: millis,
    });
    expect(ms).toMatchObject({
      ok: true,
      record: { endTime: new Date('2025-07-15T08:00:01Z'), disposition: 'NO_ANSWER' },
    });
    const [bad] = parseCdrText('id,account,to,start,answer,end\nx3,a1,3615,1752566400.1.2,,1', {
      format: 'csv',
      mapping: millis,
    });
    expect(bad).toMatchObject({
      ok: false,
      reason: "startTime: invalid date '1752****00.1.2' (expected epoch-millis)",
    });
  });

  it('matches header names case-insensitively and stops on a header that does not fit', () => {
    const mapping = parseCsvMapping({ columns: minimalColumns, time: { format: 'iso8601' } });
    const ok = parseCdrText(
      'ID,Account,To,Start,Answer,End\nx,a,3615,2025-07-15T10:00:00Z,,2025-07-15T10:00:01Z\n',
      {
        format: 'csv',
        mapping,
      },
    );
    expect(ok[0]?.ok).toBe(true);
    expect(() => parseCdrText('id,account,to,start,end\n', { format: 'csv', mapping })).toThrow(
      /header on line 1 does not fit the mapping: no column "answer" \(mapped to answerTime\)/,
    );
    expect(() => parseCdrText('id,id,account,to,start,answer,end\n', { format: 'csv', mapping })).toThrow(
      /column "id" \(mapped to callId\) appears 2 times/,
    );
    expect(() => parseCdrText('"id,account\n', { format: 'csv', mapping })).toThrow(
      /header on line 1 is not valid CSV/,
    );
  });

  it('validates a mapping and reports every problem at once', () => {
    let message = '';
    try {
      parseCsvMapping({
        delimiter: ';;',
        columns: { callId: 'id', calee: 'to', startTime: '' },
        time: { format: 'epoch-seconds', zone: 'Europe/Paris' },
        dispositions: { ok: 'FINE' },
        defaultDirection: 'SIDEWAYS',
        extra: 1,
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const expected of [
      'extra: unknown key',
      'delimiter: expected one character',
      'columns.calee: unknown key',
      'columns.startTime: expected a column name, got ""',
      'columns: accountId, callee, endTime must be mapped',
      'map disposition, or answerTime',
      'time: pattern and zone apply to format local only',
      'dispositions.ok: expected one of ANSWERED',
      'defaultDirection: expected one of OUTBOUND, INBOUND, INTERNAL, got "SIDEWAYS"',
    ]) {
      expect(message).toContain(expected);
    }
    expect(() => parseCsvMapping({ columns: minimalColumns, time: { pattern: 'HH:mm' } })).toThrow(
      /missing YYYY/,
    );
    expect(() => parseCsvMapping({ columns: minimalColumns, time: { zone: 'Mars/Base' } })).toThrow(
      /unknown time zone/,
    );
  });

  it('builds a mapping from CLI-style field=column assignments', () => {
    const columns = parseColumnAssignments([
      'callId=id',
      'accountId=account',
      'callee=to',
      'startTime=start',
      'answerTime=answer',
      'endTime=end',
    ]);
    expect(columns).toEqual(minimalColumns);
    expect(parseCsvMapping({ columns, time: { format: 'iso8601' } }).columns).toEqual(minimalColumns);
    expect(() => parseColumnAssignments(['callId'])).toThrow(/expected field=column/);
  });

  it('reports an unreadable or invalid mapping file', async () => {
    await expect(loadCsvMappingFile('/nonexistent/mapping.yaml')).rejects.toMatchObject({
      code: 'CONFIG_FILE_UNREADABLE',
    });
    const dir = await mkdtemp(join(tmpdir(), 'softswitch-mapping-'));
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'columns: [unclosed\n');
    await expect(loadCsvMappingFile(broken)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
