import { describe, expect, it } from 'vitest';
import { asteriskChannelPeer, callerIdNumber } from '../../pipelines/softswitch/asterisk-channel.ts';
import { openCdrFile } from '../../pipelines/softswitch/cdr-file.ts';
import { parseCdrText } from '../../pipelines/softswitch/cdr-row-pipeline.ts';
import type { ParsedRow } from '../../pipelines/softswitch/parsed-row.ts';
import { acceptedByLine, fixture, readAll, reasonsByLine, reasonsWithNumbers } from './support.ts';

const master = fixture('asterisk/Master.csv');

/** One cdr_csv line as Asterisk writes it (18 columns: loguniqueid and loguserfield on). */
function line(
  overrides: Partial<
    Record<
      | 'accountcode'
      | 'dst'
      | 'dcontext'
      | 'channel'
      | 'dstchannel'
      | 'start'
      | 'answer'
      | 'end'
      | 'disposition',
      string
    >
  > & { duration?: number; billsec?: number; tail?: string } = {},
): string {
  const v = {
    accountcode: 'acc-9',
    dst: '0639980050',
    dcontext: 'from-internal',
    channel: 'PJSIP/2001-0000002a',
    dstchannel: 'PJSIP/trunk-0000002b',
    start: '"2025-07-15 10:00:00"',
    answer: '"2025-07-15 10:00:05"',
    end: '"2025-07-15 10:01:05"',
    disposition: 'ANSWERED',
    duration: 65,
    billsec: 60,
    tail: ',"1752566400.42",""',
    ...overrides,
  };
  return `"${v.accountcode}","2001","${v.dst}","${v.dcontext}","""Zoe"" <2001>","${v.channel}","${v.dstchannel}","Dial","PJSIP/${v.dst}@trunk,60",${v.start},${v.answer},${v.end},${v.duration},${v.billsec},"${v.disposition}","DOCUMENTATION"${v.tail}`;
}

const only = (rows: readonly ParsedRow[]): ParsedRow => {
  expect(rows).toHaveLength(1);
  return rows[0] as ParsedRow;
};

describe('Asterisk cdr_csv Master.csv', () => {
  it('reads the fixture: accepted rows with UTC times, rejected rows with line numbers and reasons', async () => {
    const rows = await readAll(openCdrFile(master, { format: 'asterisk' }));
    expect(reasonsByLine(rows)).toEqual({
      8: 'expected 18 columns (loguniqueid=yes, loguserfield=yes, newcdrcolumns=no), got 17',
      9: "start: invalid date '2025-02-30 09:00:00'",
      10: 'endTime is before startTime',
      11: "unknown disposition 'MAYBE'",
      12: 'callee is empty',
      13: 'unterminated quoted field',
      15: 'start time does not exist in Europe/Paris (skipped by a clock change)',
    });
    const accepted = acceptedByLine(rows);
    expect([...accepted.keys()]).toEqual([1, 2, 3, 4, 5, 7, 14]);
    expect(accepted.get(1)).toEqual({
      callId: '1741594502.1',
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
      softswitch: 'asterisk',
    });
    expect(accepted.get(2)).toMatchObject({ accountId: '1002', answerTime: null, disposition: 'NO_ANSWER' });
    expect(accepted.get(3)).toMatchObject({
      accountId: '1003',
      disposition: 'BUSY',
      startTime: new Date('2025-07-14T16:30:00Z'),
    });
    expect(accepted.get(4)).toMatchObject({ disposition: 'FAILED', callee: '0033199000003' });
    expect(accepted.get(5)).toMatchObject({ callId: '1752512400.12', billableSeconds: 60 });
    expect(accepted.get(7)).toMatchObject({
      startTime: new Date('2025-10-26T00:50:00Z'),
      answerTime: new Date('2025-10-26T00:50:20Z'),
      endTime: new Date('2025-10-26T01:10:00Z'),
    });
    expect(accepted.get(14)).toMatchObject({ callId: '1752574080.28', accountId: '1005' });
    expect(reasonsWithNumbers(rows)).toEqual([]);
  });

  it('keeps the original row text of a rejected row for the rejects file', async () => {
    const rows = await readAll(openCdrFile(master, { format: 'asterisk' }));
    const rejected = rows.find((row) => !row.ok && row.line === 11);
    expect(rejected).toMatchObject({
      raw: expect.stringContaining('"0639980007","from-internal"') as unknown,
    });
  });

  it('takes the account from accountcode when asked, rejecting rows without one', async () => {
    const rows = await readAll(openCdrFile(master, { format: 'asterisk', accountFrom: 'accountcode' }));
    expect(reasonsByLine(rows)[3]).toBe('accountId is empty');
    expect(acceptedByLine(rows).get(1)?.accountId).toBe('1001');
  });

  it('reads times as UTC with usegmtime, and in another zone when told', () => {
    const gmt = only(parseCdrText(line(), { format: 'asterisk', useGmtTime: true }));
    expect(gmt.ok && gmt.record.startTime).toEqual(new Date('2025-07-15T10:00:00Z'));
    const newYork = only(parseCdrText(line(), { format: 'asterisk', timeZone: 'America/New_York' }));
    expect(newYork.ok && newYork.record.startTime).toEqual(new Date('2025-07-15T14:00:00Z'));
  });

  it('follows the cdr.conf column options: no uniqueid gives a stable row hash, newcdrcolumns adds the sequence', () => {
    const withoutIds = `${line({ tail: '' })}\n${line({ tail: '', dst: '0639980051' })}`;
    const rows = parseCdrText(withoutIds, { format: 'asterisk', logUniqueId: false, logUserField: false });
    const ids = rows.map((row) => (row.ok ? row.record.callId : row.reason));
    expect(ids[0]).toMatch(/^row-[0-9a-f]{32}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(parseCdrText(withoutIds, { format: 'asterisk', logUniqueId: false, logUserField: false })).toEqual(
      rows,
    );

    const newColumns = line({ tail: ',"1752566400.42","","2001","1752566400.40",17' });
    const byUniqueId = only(parseCdrText(newColumns, { format: 'asterisk', newCdrColumns: true }));
    expect(byUniqueId.ok && byUniqueId.record.callId).toBe('1752566400.42-17');
    const byLinkedId = only(
      parseCdrText(newColumns, { format: 'asterisk', newCdrColumns: true, callIdFrom: 'linkedid' }),
    );
    expect(byLinkedId.ok && byLinkedId.record.callId).toBe('1752566400.40-17');
    expect(() => parseCdrText(newColumns, { format: 'asterisk', callIdFrom: 'linkedid' })).toThrow(
      /callIdFrom=linkedid needs newCdrColumns=true/,
    );
  });

  it('classifies direction by dialplan context and takes an inbound call account from dstchannel', () => {
    const inbound = line({
      dcontext: 'from-trunk',
      channel: 'PJSIP/trunk-00000030',
      dstchannel: 'PJSIP/2002-00000031',
    });
    const row = only(parseCdrText(inbound, { format: 'asterisk', inboundContexts: ['from-trunk'] }));
    expect(row.ok && [row.record.direction, row.record.accountId]).toEqual(['INBOUND', '2002']);
    const internal = only(
      parseCdrText(line({ dcontext: 'ext-local' }), { format: 'asterisk', internalContexts: ['ext-local'] }),
    );
    expect(internal.ok && internal.record.direction).toBe('INTERNAL');
  });

  it('rejects a row whose channel names no peer, masking numbers in the reason', () => {
    const row = only(parseCdrText(line({ channel: '0612345678' }), { format: 'asterisk' }));
    expect(row).toMatchObject({
      ok: false,
      reason: "channel: no SIP account in channel name '0612****78'",
    });
    const noSlash = only(parseCdrText(line({ channel: 'PJSIP/-0000002a' }), { format: 'asterisk' }));
    expect(noSlash).toMatchObject({
      ok: false,
      reason: "channel: no SIP account in channel name 'PJSIP/-0000*02a'",
    });
  });

  it('rejects what callRecordProblem rejects: billable seconds on an unanswered call, answered without answer time', () => {
    const billedNoAnswer = only(parseCdrText(line({ disposition: 'NO ANSWER' }), { format: 'asterisk' }));
    expect(billedNoAnswer).toMatchObject({
      ok: false,
      reason: 'a NO_ANSWER call cannot have billable seconds',
    });
    const noAnswerTime = only(parseCdrText(line({ answer: '', billsec: 0 }), { format: 'asterisk' }));
    expect(noAnswerTime).toMatchObject({ ok: false, reason: 'an ANSWERED call needs an answerTime' });
    const badDuration = only(
      parseCdrText(line({ tail: ',"x",""' }).replace(',65,60,', ',6.5,60,'), { format: 'asterisk' }),
    );
    expect(badDuration).toMatchObject({ ok: false, reason: "duration: not a whole number '6.5'" });
  });

  it('rejects unknown options and names its own', () => {
    expect(() => parseCdrText('', { format: 'asterisk', timezone: 'UTC' } as never)).toThrow(
      /unknown option/,
    );
    expect(() => parseCdrText('', { format: 'asterisk', timeZone: 'Nowhere/Land' })).toThrow(
      /unknown time zone/,
    );
  });
});

describe('Asterisk channel names', () => {
  it('extracts the peer of SIP, PJSIP, IAX2 and Local channels', () => {
    expect(asteriskChannelPeer('SIP/1001-0000abcd')).toBe('1001');
    expect(asteriskChannelPeer('PJSIP/1001-00000001')).toBe('1001');
    expect(asteriskChannelPeer('PJSIP/my-trunk-00000001')).toBe('my-trunk');
    expect(asteriskChannelPeer('IAX2/1001-12345')).toBe('1001');
    expect(asteriskChannelPeer('Local/1001@from-internal-00000002;1')).toBe('1001');
    expect(asteriskChannelPeer('SIP/1001-0000abcd<ZOMBIE>')).toBe('1001');
    expect(asteriskChannelPeer('SIP/-0000abcd')).toBeUndefined();
    expect(asteriskChannelPeer('')).toBeUndefined();
  });

  it('reads the number of a caller id', () => {
    expect(callerIdNumber('"Alice" <1001>')).toBe('1001');
    expect(callerIdNumber('1001')).toBe('1001');
  });
});
