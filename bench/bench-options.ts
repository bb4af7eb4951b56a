import { field, type OptionsOf } from '../pipelines/config/options.ts';
import { logOptionsSpec } from '../pipelines/core/logger-options.ts';

/** What `npm run bench` reads from the environment. */
export const benchOptionsSpec = {
  records: field.integer({
    env: 'BENCH_RECORDS',
    default: 200_000,
    min: 1000,
    doc: 'call records published, then consumed by each benchmark (a mock partition keeps 5 MiB: ~400k over 12 partitions)',
  }),
  partitions: field.integer({
    env: 'BENCH_PARTITIONS',
    default: 12,
    min: 1,
    doc: 'partitions of the benchmark topic',
  }),
  publishChunk: field.integer({
    env: 'BENCH_PUBLISH_CHUNK',
    default: 48_000,
    min: 1,
    doc:
      'records per producer send when publishing. The mock answers a fetch with one producer batch per partition, so this sets the ' +
      'consumer batch size (chunk / partitions): 4000 records (~0.7 MB) is close to what a real broker returns for a 1 MiB fetch',
  }),
  accounts: field.integer({
    default: 1000,
    min: 1,
    doc: 'distinct SIP accounts in the generated traffic (the record key, so the spread over partitions)',
  }),
  logLevel: field.enum({
    values: logOptionsSpec.level.values,
    env: 'BENCH_LOG_LEVEL',
    default: 'warn',
    doc: 'pino level of the pipeline logs during benchmarks (stderr)',
  }),
};
export type BenchOptions = OptionsOf<typeof benchOptionsSpec>;
