import { parseOptions } from '../pipelines/config/options.ts';
import { consumerGroupOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { bareRead } from './bare-read.ts';
import { atLeast, perSecond, type Benchmark, type Measurement } from './benchmark.ts';
import { INGEST_E2E, INGEST_THROUGHPUT_AFTER_JOIN } from './ingest-end-to-end.ts';

const TIMEOUT_MS = 120_000;

/**
 * The ceiling for the ingest job on this broker: a kafkajs consumer with the same group options
 * (fetch sizes, one partition at a time), a fresh group, eachBatch doing nothing but counting,
 * autoCommit. Throughput from the group join to the batch holding the last record.
 */
export const bareConsumer: Benchmark = {
  name: 'bare-consumer',
  description: 'kafkajs eachBatch consumer, no decode, no sink, autoCommit, same topic and options',
  async run({ world, measured, progress }) {
    const { kafka } = await world.services();
    const { topic, records } = await world.publishedTopic();
    const options = parseOptions('consumer', consumerGroupOptionsSpec, {
      groupId: world.uniqueName('cdr-bench-bare'),
      partitionsConsumedConcurrently: 1,
    });
    const { started, joinedAt, firstBatchAt, endedAt, seen, batches } = await bareRead(
      kafka,
      [topic],
      records,
      options,
      TIMEOUT_MS,
    );
    const throughput = perSecond(records, endedAt - joinedAt);
    progress(`bare-consumer: ${records} records, ${Math.round(throughput)} records/s after the join`);
    const measurements: Measurement[] = [
      { name: 'records consumed', value: seen, unit: 'records', note: `${batches} batches` },
      {
        name: 'first group join',
        value: (joinedAt - started) / 1000,
        unit: 's',
        note: 'connect to the GROUP_JOIN event',
      },
      {
        name: 'throughput after group join',
        value: throughput,
        unit: 'records/s',
        note: 'GROUP_JOIN to the batch holding the last record',
      },
    ];
    if (batches > 1)
      measurements.push({
        name: 'throughput after first batch',
        value: perSecond(records, endedAt - firstBatchAt),
        unit: 'records/s',
        note: `first batch ${Math.round(firstBatchAt - joinedAt)} ms after the join`,
      });
    const ingest = measured(INGEST_E2E, INGEST_THROUGHPUT_AFTER_JOIN);
    if (ingest !== undefined) {
      measurements.push({
        name: 'ingest / bare consumer',
        value: ingest / throughput,
        unit: 'ratio',
        target: atLeast(0.8),
        note: `${INGEST_E2E} ${INGEST_THROUGHPUT_AFTER_JOIN} over this one`,
      });
    }
    return measurements;
  },
};
