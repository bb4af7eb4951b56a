import { describe, expect, it } from 'vitest';
import { openCdrFile } from '../../pipelines/softswitch/cdr-file.ts';
import { parseCdrText } from '../../pipelines/softswitch/cdr-row-pipeline.ts';
import { freeswitchDisposition } from '../../pipelines/softswitch/dispositions.ts';
import { acceptedByLine, fixture, readAll, reasonsByLine, reasonsWithNumbers } from './support.ts';

const master = fixture('freeswitch/Master.csv');

describe('FreeSWITCH cdr_csv Master.csv (default template)', () => {
  it('reads the fixture: accepted rows with UTC times, rejected rows with line numbers and reasons', async () => {
    const rows = await readAll(openCdrFile(master, { format: 'freeswitch' }));
    expect(reasonsByLine(rows)).toEqual({
      7: 'expected 15 columns (vanilla "example" template) or 13 (built-in "default" template), got 14',
      8: "start_stamp: invalid date '2025-07-15 25:00:00'",
      9: 'endTime is before startTime',
      10: "unknown hangup cause 'SOMETHING_ODD'",
      11: 'callee is empty',
      12: 'unexpected character after a closing quote at character 7',
      13: 'unterminated quoted field',
    });
    const accepted = acceptedByLine(rows);
    expect(accepted.get(1)).toEqual({
      callId: '4f1c2a7e-5b1d-4c0e-9a51-000000000001',
      accountId: '1001',
      caller: '1001',
      callee: '0639980001',
      startTime: new Date('2025-03-10T08:15:02Z'),
      answerTime: new Date('2025-03-10T08:15:10Z'),
      endTime: new Date('2025-03-10T08:20:10Z'),
      durationSeconds: 308,
      billableSeconds: 300,
      disposition: 'ANSWERED',
      direction: 'OUTBOUND',
      userAgent: null,
      sourceIp: null,
      sipCallId: null,
      softswitch: 'freeswitch',
    });
    const dispositions = Object.fromEntries(
      [...accepted].map(([line, record]) => [line, record.disposition]),
    );
    expect(dispositions).toEqual({
      1: 'ANSWERED',
      2: 'CANCELLED',
      3: 'BUSY',
      4: 'NO_ANSWER',
      5: 'ANSWERED',
      6: 'FAILED',
      14: 'ANSWERED',
    });
    expect(accepted.get(6)?.answerTime).toBeNull();
    expect(accepted.get(14)).toMatchObject({
      accountId: '1004',
      startTime: new Date('2025-10-26T00:50:00Z'),
      endTime: new Date('2025-10-26T01:10:00Z'),
    });
    expect(reasonsWithNumbers(rows)).toEqual([]);
  });

  it('takes the account from the caller id number when asked (the destination for inbound calls)', () => {
    const text =
      '"Ann","2001","0639980060","default","2025-07-15 10:00:00","2025-07-15 10:00:05","2025-07-15 10:01:05","65","60","NORMAL_CLEARING","u-1","","","PCMA","PCMA"\n' +
      '"","0639980061","2002","public","2025-07-15 10:02:00","2025-07-15 10:02:05","2025-07-15 10:03:05","65","60","NORMAL_CLEARING","u-2","","","PCMA","PCMA"\n';
    const rows = parseCdrText(text, {
      format: 'freeswitch',
      accountFrom: 'caller_id_number',
      inboundContexts: ['public'],
      softswitch: 'fs-paris-1',
    });
    expect(
      rows.map((row) => row.ok && [row.record.accountId, row.record.direction, row.record.softswitch]),
    ).toEqual([
      ['2001', 'OUTBOUND', 'fs-paris-1'],
      ['2002', 'INBOUND', 'fs-paris-1'],
    ]);
    expect(parseCdrText(text, { format: 'freeswitch' }).map((row) => !row.ok && row.reason)).toEqual([
      'accountId is empty',
      'accountId is empty',
    ]);
  });

  it('reads local times in the zone it is given', () => {
    const text =
      '"Ann","2001","0639980060","default","2025-07-15 10:00:00","","2025-07-15 10:00:09","9","0","NO_ANSWER","u-1","","2001","PCMA","PCMA"';
    const rows = parseCdrText(text, { format: 'freeswitch', timeZone: 'UTC' });
    expect(rows[0]?.ok && rows[0].record.startTime).toEqual(new Date('2025-07-15T10:00:00Z'));
  });
});

describe('FreeSWITCH hangup causes', () => {
  it('makes any answered call ANSWERED and classifies unanswered ones by cause', () => {
    expect(freeswitchDisposition('NORMAL_CLEARING', true)).toBe('ANSWERED');
    expect(freeswitchDisposition('ALLOTTED_TIMEOUT', true)).toBe('ANSWERED');
    expect(freeswitchDisposition('NORMAL_CLEARING', false)).toBe('FAILED');
    expect(freeswitchDisposition('NO_ANSWER', false)).toBe('NO_ANSWER');
    expect(freeswitchDisposition('NO_USER_RESPONSE', false)).toBe('NO_ANSWER');
    expect(freeswitchDisposition('USER_BUSY', false)).toBe('BUSY');
    expect(freeswitchDisposition('ORIGINATOR_CANCEL', false)).toBe('CANCELLED');
    expect(freeswitchDisposition('CALL_REJECTED', false)).toBe('FAILED');
    expect(freeswitchDisposition('normal_clearing', true)).toBeUndefined();
    expect(freeswitchDisposition('', false)).toBeUndefined();
  });
});
