import type { Decoded } from '../streaming/decode-step.ts';
import { clickHouseDateTime64, type CallRecord } from './call-record.ts';

/** One row of `cdr_ingest` (infra/clickhouse/migrations/0001_call_records_ingest.sql), with its Kafka provenance. */
export function callRecordRow({ record, value }: Decoded<CallRecord>): Record<string, unknown> {
  return {
    call_id: value.callId,
    account_id: value.accountId,
    caller: value.caller,
    callee: value.callee,
    start_time: clickHouseDateTime64(value.startTime),
    answer_time: value.answerTime === null ? null : clickHouseDateTime64(value.answerTime),
    end_time: clickHouseDateTime64(value.endTime),
    duration_s: value.durationSeconds,
    billable_s: value.billableSeconds,
    disposition: value.disposition,
    direction: value.direction,
    user_agent: value.userAgent,
    source_ip: value.sourceIp,
    softswitch: value.softswitch,
    sip_call_id: value.sipCallId,
    kafka_topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
  };
}
