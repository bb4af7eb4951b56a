import { field, type OptionsOf } from '../config/options.ts';

const topicName = /^[a-zA-Z0-9._-]{1,249}$/;

export const ingestOptionsSpec = {
  topic: field.string({
    env: 'CDR_TOPIC',
    default: 'cdr.call-records',
    pattern: topicName,
    doc: 'topic of Avro call records',
  }),
  deadLetterTopic: field.string({
    env: 'CDR_DEAD_LETTER_TOPIC',
    default: 'cdr.call-records.dlq',
    pattern: topicName,
    doc: 'where undecodable or invalid records go, with their reason in headers',
  }),
  table: field.string({
    default: 'cdr_ingest',
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    doc: 'ClickHouse table of ingested calls',
  }),
  retryInitialDelayMs: field.integer({
    default: 200,
    min: 1,
    doc: 'first backoff delay while ClickHouse is unavailable',
  }),
  retryMaxDelayMs: field.integer({
    default: 10_000,
    min: 1,
    doc: 'longest backoff delay while ClickHouse is unavailable',
  }),
};
export type IngestOptions = OptionsOf<typeof ingestOptionsSpec>;
