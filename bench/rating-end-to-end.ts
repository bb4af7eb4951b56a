import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { RATED_CALLS_TABLE } from '../pipelines/clickhouse/rating-store.ts';
import { parseOptions } from '../pipelines/config/options.ts';
import { PipelineError, errorMessage } from '../pipelines/core/errors.ts';
import type { Logger } from '../pipelines/core/logger.ts';
import { sleep } from '../pipelines/core/retry.ts';
import { generateDemoMonth, writeDemoReferenceData } from '../pipelines/demo/month/index.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { consumerGroupOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { ReliableProducer } from '../pipelines/kafka/reliable-producer.ts';
import { createNumberClassifier } from '../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../pipelines/numbering/numbering-options.ts';
import { ratingJobOptionsSpec } from '../pipelines/rating-job/rating-job-options.ts';
import { ratingOptionsSpec } from '../pipelines/rating-job/rating-options.ts';
import { RatingProcessor } from '../pipelines/rating-job/rating-processor.ts';
import { RatingSink } from '../pipelines/rating-job/rating-sink.ts';
import { startRatingJob, type RatingJob } from '../pipelines/rating-job/streaming-rating-job.ts';
import { loadReferenceData } from '../pipelines/reference/load-reference-data.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../pipelines/registration/schema-file.ts';
import type { AvroCodec } from '../pipelines/schema-registry/avro-codec.ts';
import { bareRead } from './bare-read.ts';
import { atLeast, perSecond, type Benchmark } from './benchmark.ts';

const MONTH = '2026-03';
const ACCOUNTS = 300;
const TIMEOUT_MS = 300_000;
const CHUNK = 2000;

async function publish(
  kafka: Kafka,
  logger: Logger,
  codec: AvroCodec,
  schemaFile: string,
  topic: string,
  records: readonly { readonly accountId: string }[],
): Promise<void> {
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  try {
    const reliable = new ReliableProducer(producer, admin, logger);
    const schemaId = await codec.register(schemaFile);
    for (let i = 0; i < records.length; i += CHUNK) {
      const messages = await Promise.all(
        records.slice(i, i + CHUNK).map(async (record) => ({
          key: record.accountId,
          value: await codec.encode(schemaId, record),
        })),
      );
      await reliable.send(topic, messages);
    }
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  }
}

async function allProcessed(job: RatingJob, records: number): Promise<number> {
  let failure: unknown;
  job.done().catch((error: unknown) => {
    failure = error;
  });
  const deadline = Date.now() + TIMEOUT_MS;
  while (job.consumer.stats.recordsCommitted < records) {
    if (failure !== undefined)
      throw new PipelineError('PIPELINE_FAILED', `rating job failed: ${errorMessage(failure)}`, {
        cause: failure,
      });
    if (Date.now() > deadline)
      throw new PipelineError(
        'PIPELINE_FAILED',
        `rating-e2e: ${job.consumer.stats.recordsCommitted} of ${records} inputs processed after ${TIMEOUT_MS / 1000} s`,
      );
    await sleep(5);
  }
  return performance.now();
}

/**
 * The streaming rating job (startRatingJob) over a generated month (300 accounts: call records and SIP
 * registration events on two co-partitioned topics) into chDB, default job options (checkpoints every 5 s),
 * against a bare kafkajs consumer reading the same two topics.
 */
export const ratingEndToEnd: Benchmark = {
  name: 'rating-e2e',
  description: 'startRatingJob: a generated month of calls and registrations from the mock cluster into chDB',
  async run({ world, progress }) {
    const { kafka, codec, clickhouse, infrastructure } = await world.services();
    const referenceDirectory = mkdtempSync(join(tmpdir(), 'cdr-bench-reference-'));
    await writeDemoReferenceData(referenceDirectory, { month: MONTH, accounts: ACCOUNTS });
    const reference = await loadReferenceData(referenceDirectory);
    const month = generateDemoMonth({ month: MONTH, accounts: ACCOUNTS, seed: 5 });
    const calls = world.uniqueName('rating.bench.calls');
    const registrations = world.uniqueName('rating.bench.registrations');
    const partitions = world.settings.partitions;
    await infrastructure.kafka.createTopic(calls, partitions);
    await infrastructure.kafka.createTopic(registrations, partitions);
    const publishStarted = performance.now();
    await publish(kafka, world.logger, codec, CALL_RECORD_SCHEMA_FILE, calls, month.calls);
    await publish(
      kafka,
      world.logger,
      codec,
      REGISTRATION_EVENT_SCHEMA_FILE,
      registrations,
      month.registrations,
    );
    const inputs = month.calls.length + month.registrations.length;
    progress(
      `rating-e2e: published ${month.calls.length} calls and ${month.registrations.length} registration events in ${((performance.now() - publishStarted) / 1000).toFixed(1)} s`,
    );

    const classify = createNumberClassifier(parseNumberingOptions());
    const options = parseOptions('rating', ratingOptionsSpec, {});
    const groupId = world.uniqueName('cdr-bench-rating');
    const started = performance.now();
    const job = await startRatingJob({
      job: parseOptions('ratingJob', ratingJobOptionsSpec, {
        callsTopic: calls,
        registrationsTopic: registrations,
        breachesTopic: world.uniqueName('rating.bench.breaches'),
        deadLetterTopic: world.uniqueName('rating.bench.dlq'),
        groupId,
      }),
      consumer: parseOptions('consumer', consumerGroupOptionsSpec, { groupId }),
      kafka,
      codec,
      clickhouse,
      newProcessor: () => new RatingProcessor({ options, reference: () => reference, classify }),
      sink: new RatingSink(clickhouse),
      classify,
      logger: world.logger,
    });
    const joinedAt = performance.now();
    let endedAt: number;
    try {
      endedAt = await allProcessed(job, inputs);
    } finally {
      await job.stop();
    }
    const result = await clickhouse.query({
      query: `SELECT count() AS n FROM ${RATED_CALLS_TABLE} FINAL WHERE call_id LIKE 'dm5-%'`,
      format: 'JSONEachRow',
    });
    const [row] = await result.json<{ n: string }>();
    const rated = Number(row?.n ?? 0);
    const throughput = perSecond(inputs, endedAt - joinedAt);
    progress(
      `rating-e2e: ${inputs} inputs, ${rated} calls rated, ${Math.round(throughput)} inputs/s after the join`,
    );

    const bare = await bareRead(
      kafka,
      [calls, registrations],
      inputs,
      parseOptions('consumer', consumerGroupOptionsSpec, {
        groupId: world.uniqueName('cdr-bench-rating-bare'),
      }),
      TIMEOUT_MS,
    );
    const bareThroughput = perSecond(inputs, bare.endedAt - bare.joinedAt);
    progress(`rating-e2e: bare consumer ${Math.round(bareThroughput)} records/s after the join`);
    return [
      {
        name: 'inputs (call records + registration events)',
        value: inputs,
        unit: 'records',
        note: `${month.calls.length} calls, ${month.registrations.length} registration events, ${partitions} partitions per topic`,
      },
      {
        name: 'calls rated (rows in ClickHouse, FINAL)',
        value: rated,
        unit: 'calls',
        note: 'outbound calls; the last hours stay held until later traffic moves event time on',
      },
      {
        name: 'first group join',
        value: (joinedAt - started) / 1000,
        unit: 's',
        note: 'job start to the first join (the mock delays a first join ~3 s)',
      },
      {
        name: 'throughput after group join',
        value: throughput,
        unit: 'records/s',
        target: atLeast(100_000),
        note: 'join to the last batch processed (decode, rating, ClickHouse inserts, checkpoints)',
      },
      {
        name: 'calls per second after group join',
        value: perSecond(month.calls.length, endedAt - joinedAt),
        unit: 'calls/s',
      },
      {
        name: 'bare kafkajs consumer, same topics',
        value: bareThroughput,
        unit: 'records/s',
        note: `join to the batch holding the last record, ${bare.batches} batches`,
      },
      {
        name: 'rating job / bare consumer',
        value: throughput / bareThroughput,
        unit: 'ratio',
        target: atLeast(0.8),
      },
    ];
  },
};
