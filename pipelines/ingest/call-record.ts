/** A decoded `net.cdrpipeline.cdr.CallRecord` (schemas/cdr/CallRecord.avsc). Times are UTC instants. */
export interface CallRecord {
  readonly callId: string;
  readonly accountId: string;
  readonly caller: string;
  readonly callee: string;
  readonly startTime: Date;
  readonly answerTime: Date | null;
  readonly endTime: Date;
  readonly durationSeconds: number;
  readonly billableSeconds: number;
  readonly disposition: 'ANSWERED' | 'NO_ANSWER' | 'BUSY' | 'FAILED' | 'CANCELLED';
  readonly direction: 'OUTBOUND' | 'INBOUND' | 'INTERNAL';
  readonly userAgent: string | null;
  readonly sourceIp: string | null;
  readonly sipCallId: string | null;
  readonly softswitch: string;
}

/** Checks what the Avro schema cannot say. Returns the reason a record is unusable, or undefined. */
export function callRecordProblem(record: CallRecord): string | undefined {
  if (record.callId.trim() === '') return 'callId is empty';
  if (record.accountId.trim() === '') return 'accountId is empty';
  if (record.callee.trim() === '') return 'callee is empty';
  if (record.endTime < record.startTime) return 'endTime is before startTime';
  if (
    record.answerTime !== null &&
    (record.answerTime < record.startTime || record.answerTime > record.endTime)
  ) {
    return 'answerTime is outside [startTime, endTime]';
  }
  if (record.durationSeconds < 0 || record.billableSeconds < 0) return 'durations must not be negative';
  if (record.billableSeconds > record.durationSeconds) return 'billableSeconds exceeds durationSeconds';
  if (record.disposition === 'ANSWERED' && record.answerTime === null)
    return 'an ANSWERED call needs an answerTime';
  if (record.disposition !== 'ANSWERED' && record.billableSeconds > 0)
    return `a ${record.disposition} call cannot have billable seconds`;
  return undefined;
}

/** ClickHouse DateTime64(3, 'UTC') text: `YYYY-MM-DD hh:mm:ss.mmm`. */
export function clickHouseDateTime64(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}
