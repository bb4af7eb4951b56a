import { createHash } from 'node:crypto';
import { PipelineError } from '../core/errors.ts';
import { field, parseOptions, type OptionsOf } from '../config/options.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import { asteriskChannelPeer, callerIdNumber } from './asterisk-channel.ts';
import { resolveCallTimes } from './call-times.ts';
import type { CsvRecord } from './csv-record-assembler.ts';
import { ASTERISK_DISPOSITIONS, directionOfContext } from './dispositions.ts';
import { checked, rejected, wholeNumber, type ParsedRow, type RowMapper } from './parsed-row.ts';
import { contextDirectionFields, readerOptionFields, zoneOptionField } from './reader-options.ts';
import { shownValue } from './reason-text.ts';
import { TimeZoneRules } from './time-zone.ts';
import { SOFTSWITCH_STAMP } from './wall-clock.ts';

/**
 * Asterisk `cdr_csv` (cdr/cdr_csv.c, `Master.csv`): no header, every value quoted except duration,
 * billsec and sequence, an empty unquoted field for a zero time. Columns: accountcode, src, dst,
 * dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
 * disposition, amaflags; then uniqueid if `loguniqueid`, userfield if `loguserfield`, and peeraccount,
 * linkedid, sequence if `newcdrcolumns` (cdr.conf [csv]). The defaults below follow the sample
 * cdr.conf Asterisk ships (loguniqueid=yes, loguserfield=yes): 18 columns.
 */
export const asteriskCdrOptionsSpec = {
  softswitch: field.string({
    default: 'asterisk',
    pattern: /\S/,
    doc: 'softswitch name written in each CallRecord',
  }),
  timeZone: zoneOptionField,
  useGmtTime: field.boolean({
    default: false,
    doc: 'cdr.conf [csv] usegmtime: times are UTC, timeZone is ignored',
  }),
  logUniqueId: field.boolean({
    default: true,
    doc: 'cdr.conf [csv] loguniqueid: the uniqueid column is present',
  }),
  logUserField: field.boolean({
    default: true,
    doc: 'cdr.conf [csv] loguserfield: the userfield column is present',
  }),
  newCdrColumns: field.boolean({
    default: false,
    doc: 'cdr.conf [csv] newcdrcolumns: peeraccount, linkedid and sequence columns are present',
  }),
  accountFrom: field.enum({
    values: ['channel', 'accountcode'] as const,
    default: 'channel',
    doc: 'SIP account: the peer of the channel name (SIP/1001-0000abcd -> 1001; dstchannel for INBOUND calls) or the accountcode column',
  }),
  callIdFrom: field.enum({
    values: ['uniqueid', 'linkedid'] as const,
    default: 'uniqueid',
    doc: 'callId source; with newCdrColumns "-<sequence>" is appended, since one channel can write several CDRs',
  }),
  ...contextDirectionFields,
  ...readerOptionFields,
};
export type AsteriskCdrOptions = OptionsOf<typeof asteriskCdrOptionsSpec>;

const ACCOUNTCODE = 0;
const SRC = 1;
const DST = 2;
const DCONTEXT = 3;
const CLID = 4;
const CHANNEL = 5;
const DSTCHANNEL = 6;
const START = 9;
const ANSWER = 10;
const END = 11;
const DURATION = 12;
const BILLSEC = 13;
const DISPOSITION = 14;
const BASE_COLUMNS = 16;

interface Layout {
  readonly columns: number;
  readonly uniqueId: number | undefined;
  readonly linkedId: number | undefined;
  readonly sequence: number | undefined;
  readonly description: string;
}

function layoutOf(options: AsteriskCdrOptions): Layout {
  let next = BASE_COLUMNS;
  const uniqueId = options.logUniqueId ? next++ : undefined;
  if (options.logUserField) next++;
  const linkedId = options.newCdrColumns ? next + 1 : undefined;
  const sequence = options.newCdrColumns ? next + 2 : undefined;
  if (options.newCdrColumns) next += 3;
  const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
  return {
    columns: next,
    uniqueId,
    linkedId,
    sequence,
    description: `loguniqueid=${yesNo(options.logUniqueId)}, loguserfield=${yesNo(options.logUserField)}, newcdrcolumns=${yesNo(options.newCdrColumns)}`,
  };
}

/**
 * Maps Asterisk Master.csv records to CallRecords.
 * callId: uniqueid (or linkedid), plus `-<sequence>` with newcdrcolumns. Without loguniqueid there is
 * no id in the row: callId is then `row-` and a SHA-256 of the row text, stable across re-imports.
 * Without newcdrcolumns, Asterisk 12+ can write two CDRs with the same uniqueid (a channel that dials
 * twice); they then share a callId and idempotent storage keeps one: enable newcdrcolumns.
 */
export class AsteriskCdrMapper implements RowMapper {
  readonly options: AsteriskCdrOptions;
  private readonly layout: Layout;
  private readonly zone: TimeZoneRules;

  constructor(input: Partial<AsteriskCdrOptions> = {}) {
    this.options = parseOptions('softswitch.asterisk', asteriskCdrOptionsSpec, input);
    if (this.options.callIdFrom === 'linkedid' && !this.options.newCdrColumns) {
      throw new PipelineError(
        'CONFIG_INVALID',
        'softswitch.asterisk.callIdFrom=linkedid needs newCdrColumns=true',
      );
    }
    this.layout = layoutOf(this.options);
    this.zone = TimeZoneRules.of(this.options.useGmtTime ? 'UTC' : this.options.timeZone);
  }

  map(source: CsvRecord): ParsedRow {
    const f = source.fields;
    if (f.length !== this.layout.columns) {
      return rejected(
        source,
        `expected ${this.layout.columns} columns (${this.layout.description}), got ${f.length}`,
      );
    }

    const disposition = ASTERISK_DISPOSITIONS.get(cell(f, DISPOSITION));
    if (disposition === undefined)
      return rejected(source, `unknown disposition ${shownValue(cell(f, DISPOSITION))}`);

    const start = SOFTSWITCH_STAMP.parse(cell(f, START));
    if (start === undefined) return rejected(source, `start: invalid date ${shownValue(cell(f, START))}`);
    const answerText = cell(f, ANSWER);
    const answer = answerText === '' ? null : SOFTSWITCH_STAMP.parse(answerText);
    if (answer === undefined) return rejected(source, `answer: invalid date ${shownValue(answerText)}`);
    const end = SOFTSWITCH_STAMP.parse(cell(f, END));
    if (end === undefined) return rejected(source, `end: invalid date ${shownValue(cell(f, END))}`);
    const durationSeconds = wholeNumber(cell(f, DURATION));
    if (durationSeconds === undefined)
      return rejected(source, `duration: not a whole number ${shownValue(cell(f, DURATION))}`);
    const billableSeconds = wholeNumber(cell(f, BILLSEC));
    if (billableSeconds === undefined)
      return rejected(source, `billsec: not a whole number ${shownValue(cell(f, BILLSEC))}`);

    const times = resolveCallTimes(this.zone, { start, answer, end }, { durationSeconds, billableSeconds });
    if (!times.ok) return rejected(source, times.reason);

    const direction = directionOfContext(
      cell(f, DCONTEXT),
      this.options.inboundContexts,
      this.options.internalContexts,
    );
    const accountId = this.accountOf(f, direction);
    if (typeof accountId !== 'string') return rejected(source, accountId.problem);
    const callId = this.callIdOf(source, f);
    if (typeof callId !== 'string') return rejected(source, callId.problem);

    const record: CallRecord = {
      callId,
      accountId,
      caller: cell(f, SRC) === '' ? callerIdNumber(cell(f, CLID)) : cell(f, SRC),
      callee: cell(f, DST),
      startTime: times.startTime,
      answerTime: times.answerTime,
      endTime: times.endTime,
      durationSeconds,
      billableSeconds,
      disposition,
      direction,
      userAgent: null,
      sourceIp: null,
      sipCallId: null,
      softswitch: this.options.softswitch,
    };
    return checked(source, record);
  }

  private accountOf(f: readonly string[], direction: CallRecord['direction']): string | { problem: string } {
    if (this.options.accountFrom === 'accountcode') return cell(f, ACCOUNTCODE);
    const name = direction === 'INBOUND' ? 'dstchannel' : 'channel';
    const channel = cell(f, direction === 'INBOUND' ? DSTCHANNEL : CHANNEL);
    return (
      asteriskChannelPeer(channel) ?? {
        problem: `${name}: no SIP account in channel name ${shownValue(channel)}`,
      }
    );
  }

  private callIdOf(source: CsvRecord, f: readonly string[]): string | { problem: string } {
    const { uniqueId, linkedId, sequence } = this.layout;
    const idColumn = this.options.callIdFrom === 'linkedid' ? linkedId : uniqueId;
    if (idColumn === undefined)
      return `row-${createHash('sha256').update(source.raw).digest('hex').slice(0, 32)}`;
    const id = cell(f, idColumn);
    if (sequence === undefined || id === '') return id;
    const sequenceNumber = wholeNumber(cell(f, sequence));
    if (sequenceNumber === undefined)
      return { problem: `sequence: not a whole number ${shownValue(cell(f, sequence))}` };
    return `${id}-${sequenceNumber}`;
  }
}

function cell(fields: readonly string[], index: number): string {
  return fields[index] ?? '';
}
