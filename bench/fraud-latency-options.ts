import { field, type OptionsOf } from '../pipelines/config/options.ts';

/** What the fraud-latency benchmark reads from the environment. */
export const fraudLatencyOptionsSpec = {
  rates: field.list({
    env: 'BENCH_FRAUD_RATES',
    default: ['10000', '25000', '50000'],
    minItems: 1,
    doc: 'input rates (events/s, calls and registrations together), each run on fresh topics with a fresh job',
  }),
  warmupSeconds: field.integer({
    env: 'BENCH_FRAUD_WARMUP_SECONDS',
    default: 5,
    min: 0,
    doc: 'seconds of load at each rate before latencies count',
  }),
  measureSeconds: field.integer({
    env: 'BENCH_FRAUD_MEASURE_SECONDS',
    default: 25,
    min: 1,
    doc: 'seconds of sustained load at each rate whose thefts are measured',
  }),
  accounts: field.integer({
    env: 'BENCH_FRAUD_ACCOUNTS',
    default: 100_000,
    min: 1,
    doc: 'ordinary SIP accounts of the background traffic',
  }),
  attacksPerSecond: field.integer({
    default: 2,
    min: 1,
    doc: 'credential thefts injected per second (each: failures, then a success from the same address)',
  }),
  partitions: field.integer({
    default: 12,
    min: 1,
    doc: 'partitions of the calls, registrations and command topics',
  }),
};
export type FraudLatencyOptions = OptionsOf<typeof fraudLatencyOptionsSpec>;
