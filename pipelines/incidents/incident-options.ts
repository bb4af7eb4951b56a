import { field, type OptionsOf } from '../config/options.ts';

const topicName = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Options of the incidents ingest job. Not (yet) a section of the application config: the command reads
 * them from the environment (`resolveOptions('incidents', incidentsOptionsSpec, [], env)`).
 */
export const incidentsOptionsSpec = {
  topic: field.string({
    env: 'INCIDENTS_TOPIC',
    default: 'cdr.incidents',
    pattern: topicName,
    doc: 'topic of Avro failure ticket events (key: ticket number)',
  }),
  deadLetterTopic: field.string({
    env: 'INCIDENTS_DEAD_LETTER_TOPIC',
    default: 'cdr.incidents.dlq',
    pattern: topicName,
    doc: 'where undecodable or invalid ticket events go, with their reason in headers',
  }),
  groupId: field.string({
    env: 'INCIDENTS_GROUP_ID',
    default: 'cdr-pipeline-incidents',
    doc: 'consumer group of the incidents ingest job (the other group settings come from the consumer section)',
  }),
  table: field.string({
    default: 'incidents',
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    doc: 'ClickHouse table of tickets (one row per ticket, its latest state)',
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
export type IncidentsOptions = OptionsOf<typeof incidentsOptionsSpec>;
