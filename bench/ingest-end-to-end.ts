import type { ClickHouseClient } from '@clickhouse/client';
import { parseOptions } from '../pipelines/config/options.ts';
import { PipelineError, errorMessage } from '../pipelines/core/errors.ts';
import { sleep } from '../pipelines/core/retry.ts';
import { startIngestJob, type IngestJob } from '../pipelines/ingest/ingest-job.ts';
import { ingestOptionsSpec } from '../pipelines/ingest/ingest-options.ts';
import { consumerGroupOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { atLeast, perSecond, type Benchmark, type Measurement } from './benchmark.ts';
import { IngestProbe } from './ingest-probe.ts';
import { profileMeasurements } from './ingest-profile.ts';
import { MIB, sampleRss } from './rss-sampler.ts';

export const INGEST_E2E = 'ingest-e2e';
export const INGEST_THROUGHPUT_AFTER_JOIN = 'throughput after group join';
const TIMEOUT_MS = 180_000;

/**
 * The real ingest job (startIngestJob) over the pre-published topic into chDB, with a fresh consumer
 * group and the default consumer options; the row count in ClickHouse is checked afterwards.
 */
export const ingestEndToEnd: Benchmark = {
  name: INGEST_E2E,
  description: 'startIngestJob: Avro call records from the mock cluster into chDB, rows checked',
  async run({ world, progress }) {
    const { kafka, codec, clickhouse } = await world.services();
    const { topic, deadLetterTopic, records, publishSeconds } = await world.publishedTopic();
    const probe = new IngestProbe();
    const table = parseOptions('ingest', ingestOptionsSpec, {}).table;

    const rssBefore = process.memoryUsage.rss();
    const rss = sampleRss();
    const started = performance.now();
    const job = await startIngestJob({
      ingest: parseOptions('ingest', ingestOptionsSpec, { topic, deadLetterTopic, table }),
      consumer: parseOptions('consumer', consumerGroupOptionsSpec, {
        groupId: world.uniqueName('cdr-bench-ingest'),
        // One batch at a time: the probe attributes every call to the batch in progress.
        partitionsConsumedConcurrently: 1,
      }),
      kafka: probe.kafka(kafka),
      codec: probe.codec(codec),
      clickhouse: probe.clickhouse(clickhouse),
      deduplicationToken: true,
      logger: world.logger,
    });
    try {
      await allCommitted(job, records);
    } finally {
      await job.stop();
    }
    const peakRss = rss.stop();

    const { groupJoinedAt, firstBatchAt, lastCommitEndedAt } = probe;
    if (groupJoinedAt === undefined || firstBatchAt === undefined || lastCommitEndedAt === undefined)
      throw new PipelineError('PIPELINE_FAILED', 'ingest-e2e: no group join, batch or commit was observed');
    await checkStored(clickhouse, table, topic, records);
    const throughput = perSecond(records, lastCommitEndedAt - started);
    progress(`ingest-e2e: ${records} rows checked in ${table}, ${Math.round(throughput)} records/s`);

    const measurements: Measurement[] = [
      { name: 'records ingested (rows checked in ClickHouse)', value: records, unit: 'records' },
      {
        name: 'throughput, job start to last commit',
        value: throughput,
        unit: 'records/s',
        note: 'includes the first group join',
      },
      {
        name: 'first group join',
        value: (groupJoinedAt - started) / 1000,
        unit: 's',
        note: 'job start to the GROUP_JOIN event (the mock delays a first join ~3 s)',
      },
      {
        name: INGEST_THROUGHPUT_AFTER_JOIN,
        value: perSecond(records, lastCommitEndedAt - groupJoinedAt),
        unit: 'records/s',
        target: atLeast(100_000),
        note: 'GROUP_JOIN to last commit',
      },
      {
        name: 'throughput after first batch',
        value: perSecond(records, lastCommitEndedAt - firstBatchAt),
        unit: 'records/s',
        note: `first batch ${Math.round(firstBatchAt - groupJoinedAt)} ms after the join`,
      },
      {
        name: 'peak RSS during ingest',
        value: peakRss / MIB,
        unit: 'MiB',
        note: `process RSS sampled every 20 ms; ${Math.round(rssBefore / MIB)} MiB before the job started (chDB included)`,
      },
      { name: 'RSS growth during ingest', value: (peakRss - rssBefore) / MIB, unit: 'MiB' },
      ...profileMeasurements(probe.batches, lastCommitEndedAt - firstBatchAt),
      {
        name: 'set-up: publishing the records (CallRecordPublisher, acks=all)',
        value: records / publishSeconds,
        unit: 'records/s',
        note: `${publishSeconds.toFixed(1)} s before the job started, not part of the figures above`,
      },
    ];
    return measurements;
  },
};

async function allCommitted(job: IngestJob, records: number): Promise<void> {
  let failure: unknown;
  job.done().catch((error: unknown) => {
    failure = error;
  });
  const deadline = Date.now() + TIMEOUT_MS;
  while (job.consumer.stats.recordsCommitted < records) {
    if (failure !== undefined)
      throw new PipelineError('PIPELINE_FAILED', `ingest job failed: ${errorMessage(failure)}`, {
        cause: failure,
      });
    if (Date.now() > deadline)
      throw new PipelineError(
        'PIPELINE_FAILED',
        `only ${job.consumer.stats.recordsCommitted} of ${records} records committed after ${TIMEOUT_MS / 1000} s`,
      );
    await sleep(5);
  }
}

async function checkStored(
  clickhouse: ClickHouseClient,
  table: string,
  topic: string,
  records: number,
): Promise<void> {
  const result = await clickhouse.query({
    query: `SELECT count() AS rows, uniqExact(call_id) AS calls FROM ${table} WHERE kafka_topic = {topic:String}`,
    query_params: { topic },
    format: 'JSONEachRow',
  });
  const [row] = await result.json<{ rows: string; calls: string }>();
  if (Number(row?.rows) !== records || Number(row?.calls) !== records) {
    throw new PipelineError(
      'PIPELINE_FAILED',
      `ingest-e2e: ${table} holds ${row?.rows ?? 0} rows (${row?.calls ?? 0} distinct calls) for ${topic}, expected ${records}`,
    );
  }
}
