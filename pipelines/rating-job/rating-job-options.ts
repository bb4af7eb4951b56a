import { field, type OptionsOf } from '../config/options.ts';

const topicName = /^[a-zA-Z0-9._-]{1,249}$/;

/** The streaming rating job (`cdr-pipeline rate`): its topics, group and checkpoints. */
export const ratingJobOptionsSpec = {
  callsTopic: field.string({
    env: 'RATING_CALLS_TOPIC',
    default: 'cdr.call-records',
    pattern: topicName,
    doc: 'Avro call records keyed by SIP account; co-partitioned with registrationsTopic',
  }),
  registrationsTopic: field.string({
    env: 'RATING_REGISTRATIONS_TOPIC',
    default: 'sip.registration-events',
    pattern: topicName,
    doc: 'Avro SIP registration events keyed by SIP account; same partition count as callsTopic',
  }),
  breachesTopic: field.string({
    env: 'RATING_BREACHES_TOPIC',
    default: 'fair-use.breaches',
    pattern: topicName,
    doc: 'where fair-use breach events are published (Avro, keyed by SIP account)',
  }),
  deadLetterTopic: field.string({
    env: 'RATING_DEAD_LETTER_TOPIC',
    default: 'rating.dlq',
    pattern: topicName,
    doc: 'undecodable or invalid inputs (original bytes) and inputs too late to rate (JSON), with the reason in headers',
  }),
  groupId: field.string({
    env: 'RATING_GROUP_ID',
    default: 'cdr-pipeline-rating',
    doc: 'consumer group of the rating job (also the key of its checkpoints)',
  }),
  checkpointIntervalMs: field.integer({
    env: 'RATING_CHECKPOINT_INTERVAL_MS',
    default: 30_000,
    min: 0,
    doc:
      'least processing time between two checkpoints of a partition (its whole state and the offsets it covers, ' +
      'in ClickHouse); offsets are committed at checkpoints only, and a restart re-reads what came after the last one',
  }),
  writeEveryBatch: field.boolean({
    env: 'RATING_WRITE_EVERY_BATCH',
    default: false,
    doc:
      'store rated calls after every batch (in ClickHouse sooner, many small inserts) instead of just before ' +
      'each checkpoint (fewer, bigger inserts; offsets are committed at checkpoints either way)',
  }),
  retryInitialDelayMs: field.integer({ default: 200, min: 1, doc: 'first backoff delay while a sink fails' }),
  retryMaxDelayMs: field.integer({
    default: 10_000,
    min: 1,
    doc: 'longest backoff delay while a sink fails',
  }),
};
export type RatingJobOptions = OptionsOf<typeof ratingJobOptionsSpec>;
