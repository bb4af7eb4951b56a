import { field, type OptionsOf } from '../config/options.ts';

export const kafkaOptionsSpec = {
  brokers: field.list({
    env: 'KAFKA_BROKERS',
    default: ['localhost:9092'],
    minItems: 1,
    doc: 'bootstrap servers, host:port, comma-separated',
  }),
  clientId: field.string({ env: 'KAFKA_CLIENT_ID', default: 'cdr-pipeline', doc: 'Kafka client id' }),
  connectionTimeoutMs: field.integer({ default: 3000, min: 100, doc: 'TCP connection timeout' }),
  requestTimeoutMs: field.integer({ default: 30_000, min: 100, doc: 'Kafka request timeout' }),
  ssl: field.boolean({ env: 'KAFKA_SSL', default: false, doc: 'connect with TLS' }),
  saslMechanism: field.enum({
    env: 'KAFKA_SASL_MECHANISM',
    values: ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const,
    default: 'none',
    doc: 'SASL mechanism',
  }),
  saslUsername: field.optionalString({ env: 'KAFKA_SASL_USERNAME', doc: 'SASL user name' }),
  saslPassword: field.optionalString({ env: 'KAFKA_SASL_PASSWORD', secret: true, doc: 'SASL password' }),
};
export type KafkaOptions = OptionsOf<typeof kafkaOptionsSpec>;

export const consumerGroupOptionsSpec = {
  groupId: field.string({ env: 'KAFKA_GROUP_ID', default: 'cdr-pipeline-ingest', doc: 'consumer group id' }),
  sessionTimeoutMs: field.integer({ default: 30_000, min: 1000, doc: 'group session timeout' }),
  heartbeatIntervalMs: field.integer({ default: 3000, min: 100, doc: 'group heartbeat interval' }),
  maxBytesPerPartition: field.integer({ default: 1_048_576, min: 1024, doc: 'fetch size per partition' }),
  maxWaitTimeMs: field.integer({
    default: 1000,
    min: 10,
    doc: 'longest a fetch waits for new records (also bounds how long stopping takes)',
  }),
  fromBeginning: field.boolean({ default: true, doc: 'where a group without committed offsets starts' }),
  partitionsConsumedConcurrently: field.integer({
    env: 'KAFKA_PARTITIONS_CONCURRENTLY',
    default: 4,
    min: 1,
    doc:
      'batches of different partitions processed at once (their sink writes overlap); batches of one ' +
      'partition are always processed in order',
  }),
};
export type ConsumerGroupOptions = OptionsOf<typeof consumerGroupOptionsSpec>;
