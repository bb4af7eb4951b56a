import { field, parseOptions, type OptionsOf } from '../config/options.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import { resolveCallTimes } from './call-times.ts';
import type { CsvRecord } from './csv-record-assembler.ts';
import { directionOfContext, freeswitchDisposition } from './dispositions.ts';
import { checked, rejected, wholeNumber, type ParsedRow, type RowMapper } from './parsed-row.ts';
import { contextDirectionFields, readerOptionFields, zoneOptionField } from './reader-options.ts';
import { shownValue } from './reason-text.ts';
import { TimeZoneRules } from './time-zone.ts';
import { SOFTSWITCH_STAMP } from './wall-clock.ts';

/**
 * FreeSWITCH mod_cdr_csv `Master.csv` with the default template: the vanilla cdr_csv.conf.xml sets
 * `default-template` to "example", 15 quoted columns
 *   caller_id_name, caller_id_number, destination_number, context, start_stamp, answer_stamp,
 *   end_stamp, duration, billsec, hangup_cause, uuid, bleg_uuid, accountcode, read_codec, write_codec;
 * the module's built-in "default" template (used without a config file) stops after accountcode
 * (13 columns) and writes `, "${accountcode}"` with a space, which is accepted. No header.
 * Stamps are `YYYY-MM-DD HH:MM:SS` in the server's local time.
 */
export const freeswitchCdrOptionsSpec = {
  softswitch: field.string({
    default: 'freeswitch',
    pattern: /\S/,
    doc: 'softswitch name written in each CallRecord',
  }),
  timeZone: zoneOptionField,
  accountFrom: field.enum({
    values: ['accountcode', 'caller_id_number'] as const,
    default: 'accountcode',
    doc: 'SIP account: the accountcode column, or the caller id number (the destination number for INBOUND calls)',
  }),
  ...contextDirectionFields,
  ...readerOptionFields,
};
export type FreeswitchCdrOptions = OptionsOf<typeof freeswitchCdrOptionsSpec>;

const CALLER_ID_NUMBER = 1;
const DESTINATION_NUMBER = 2;
const CONTEXT = 3;
const START_STAMP = 4;
const ANSWER_STAMP = 5;
const END_STAMP = 6;
const DURATION = 7;
const BILLSEC = 8;
const HANGUP_CAUSE = 9;
const UUID = 10;
const ACCOUNTCODE = 12;
const EXAMPLE_TEMPLATE_COLUMNS = 15;
const BUILT_IN_TEMPLATE_COLUMNS = 13;

/**
 * Maps FreeSWITCH Master.csv records to CallRecords. callId is the A-leg uuid. A call counts as
 * answered when answer_stamp is set; an empty answer_stamp, or one in 1970 (older FreeSWITCH versions
 * format a zero answer time), means not answered. See `freeswitchDisposition` for hangup causes.
 */
export class FreeswitchCdrMapper implements RowMapper {
  readonly options: FreeswitchCdrOptions;
  private readonly zone: TimeZoneRules;

  constructor(input: Partial<FreeswitchCdrOptions> = {}) {
    this.options = parseOptions('softswitch.freeswitch', freeswitchCdrOptionsSpec, input);
    this.zone = TimeZoneRules.of(this.options.timeZone);
  }

  map(source: CsvRecord): ParsedRow {
    const f = source.fields;
    if (f.length !== EXAMPLE_TEMPLATE_COLUMNS && f.length !== BUILT_IN_TEMPLATE_COLUMNS) {
      return rejected(
        source,
        `expected ${EXAMPLE_TEMPLATE_COLUMNS} columns (vanilla "example" template) or ${BUILT_IN_TEMPLATE_COLUMNS} (built-in "default" template), got ${f.length}`,
      );
    }

    const start = SOFTSWITCH_STAMP.parse(cell(f, START_STAMP));
    if (start === undefined)
      return rejected(source, `start_stamp: invalid date ${shownValue(cell(f, START_STAMP))}`);
    const answerText = cell(f, ANSWER_STAMP);
    const answered = answerText !== '' && !answerText.startsWith('1970-');
    const answer = answered ? SOFTSWITCH_STAMP.parse(answerText) : null;
    if (answer === undefined) return rejected(source, `answer_stamp: invalid date ${shownValue(answerText)}`);
    const end = SOFTSWITCH_STAMP.parse(cell(f, END_STAMP));
    if (end === undefined)
      return rejected(source, `end_stamp: invalid date ${shownValue(cell(f, END_STAMP))}`);
    const durationSeconds = wholeNumber(cell(f, DURATION));
    if (durationSeconds === undefined) {
      return rejected(source, `duration: not a whole number ${shownValue(cell(f, DURATION))}`);
    }
    const billableSeconds = wholeNumber(cell(f, BILLSEC));
    if (billableSeconds === undefined) {
      return rejected(source, `billsec: not a whole number ${shownValue(cell(f, BILLSEC))}`);
    }
    const disposition = freeswitchDisposition(cell(f, HANGUP_CAUSE), answered || billableSeconds > 0);
    if (disposition === undefined) {
      return rejected(source, `unknown hangup cause ${shownValue(cell(f, HANGUP_CAUSE))}`);
    }

    const times = resolveCallTimes(this.zone, { start, answer, end }, { durationSeconds, billableSeconds });
    if (!times.ok) return rejected(source, times.reason);

    const direction = directionOfContext(
      cell(f, CONTEXT),
      this.options.inboundContexts,
      this.options.internalContexts,
    );
    const record: CallRecord = {
      callId: cell(f, UUID),
      accountId: this.accountOf(f, direction),
      caller: cell(f, CALLER_ID_NUMBER),
      callee: cell(f, DESTINATION_NUMBER),
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

  private accountOf(f: readonly string[], direction: CallRecord['direction']): string {
    if (this.options.accountFrom === 'accountcode') return cell(f, ACCOUNTCODE).trim();
    return cell(f, direction === 'INBOUND' ? DESTINATION_NUMBER : CALLER_ID_NUMBER);
  }
}

function cell(fields: readonly string[], index: number): string {
  return fields[index] ?? '';
}
