import { field, type OptionsOf } from '../config/options.ts';

export const reliableProducerOptionsSpec = {
  acks: field.enum({
    values: ['all', 'leader'] as const,
    default: 'all',
    env: 'KAFKA_PRODUCER_ACKS',
    doc: 'all: every in-sync replica has the records (acks=-1); leader: the leader only (acks=1). acks=0 is not offered: without answers nothing can be checked',
  }),
  timeoutMs: field.integer({
    default: 30_000,
    min: 100,
    doc: 'how long brokers may wait for replicas (produce timeout)',
  }),
  maxAttempts: field.integer({
    default: 5,
    min: 1,
    max: 100,
    doc: 'sends per call, the first included, until every target partition has acknowledged',
  }),
  retryInitialDelayMs: field.integer({ default: 100, min: 0, doc: 'delay before the first resend' }),
  retryMaxDelayMs: field.integer({ default: 3000, min: 0, doc: 'longest delay between resends' }),
  metadataMaxAgeMs: field.integer({
    default: 300_000,
    min: 0,
    doc: 'how long partition counts read from metadata are reused',
  }),
};
export type ReliableProducerOptions = OptionsOf<typeof reliableProducerOptionsSpec>;
