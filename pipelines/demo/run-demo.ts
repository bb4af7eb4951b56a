import { LocalInfrastructure } from '../../infra/local/local-infrastructure.ts';
import { createClickHouseClient } from '../clickhouse/client-factory.ts';
import { runMigrations } from '../clickhouse/migrations.ts';
import { PipelineError } from '../core/errors.ts';
import { sleep } from '../core/retry.ts';
import type { CommandContext } from '../cli/command.ts';
import { CallRecordPublisher } from '../ingest/call-record-publisher.ts';
import { startIngestJob } from '../ingest/ingest-job.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../ingest/schema-files.ts';
import { createKafka } from '../kafka/kafka-client.ts';
import { ReliableProducer } from '../kafka/reliable-producer.ts';
import { AvroCodec } from '../schema-registry/avro-codec.ts';
import { takeCallRecords } from './call-record-generator.ts';

export interface DemoSettings {
  readonly records: number;
  readonly accounts: number;
}

const PARTITIONS = 12;
const PUBLISH_CHUNK = 5000;

/**
 * The embedded default: the servers this machine can run without Docker (librdkafka's mock cluster,
 * the Schema Registry double) and chDB, then the real ingest path end to end over generated traffic,
 * including records that must land in the dead-letter topic.
 */
export async function runDemo(
  settings: DemoSettings,
  { config, logger, out }: CommandContext,
): Promise<void> {
  const infrastructure = await LocalInfrastructure.start({ brokers: 3 });
  const clickhouse = await createClickHouseClient({ ...config.clickhouse, url: undefined }, logger);
  try {
    const migrations = await runMigrations(clickhouse, { logger });
    const kafka = createKafka({ ...config.kafka, brokers: infrastructure.kafka.bootstrapServers }, logger);
    const codec = new AvroCodec({ ...config.schemaRegistry, url: infrastructure.schemaRegistry.url });
    const runId = Date.now().toString(36);
    const topic = `${config.ingest.topic}.demo-${runId}`;
    const deadLetterTopic = `${topic}.dlq`;
    await infrastructure.kafka.createTopic(topic, PARTITIONS);
    await infrastructure.kafka.createTopic(deadLetterTopic, 1);
    out(
      `cdr-pipeline demo: librdkafka mock cluster ${infrastructure.kafka.bootstrapServers.join(',')}, Schema Registry double, chDB at ${config.clickhouse.dataPath}`,
    );
    out(
      `migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} already there`,
    );

    const producer = kafka.producer();
    const admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    try {
      const reliable = new ReliableProducer(producer, admin, logger);
      const schemaId = await codec.register(CALL_RECORD_SCHEMA_FILE);
      const publisher = new CallRecordPublisher(codec, schemaId, reliable, topic);
      const records = takeCallRecords(
        { seed: 42, accounts: settings.accounts, start: new Date('2026-10-01T06:00:00Z') },
        settings.records,
      );
      const publishStarted = performance.now();
      for (let i = 0; i < records.length; i += PUBLISH_CHUNK)
        await publisher.publish(records.slice(i, i + PUBLISH_CHUNK));
      // Bad input the pipeline must keep, with its reason, without stopping: bytes that are not Avro,
      // a wrong magic byte, and a well-formed record that breaks a rule (more billable than total seconds).
      const invalid = { ...records[0], callId: `invalid-${runId}`, billableSeconds: 999_999 };
      await reliable.send(topic, [
        { key: 'sip-bad', value: Buffer.from('not avro at all') },
        { key: 'sip-bad', value: Buffer.from([1, 0, 0, 0, 1, 2, 3]) },
        { key: 'sip-bad', value: await codec.encode(schemaId, invalid) },
      ]);
      const publishSeconds = (performance.now() - publishStarted) / 1000;
      const total = records.length + 3;
      out(
        `published ${records.length} call records + 3 bad ones to ${topic} (${PARTITIONS} partitions) in ${publishSeconds.toFixed(2)} s`,
      );

      const ingestStarted = performance.now();
      let ingestSeconds = 0;
      const job = await startIngestJob({
        ingest: { ...config.ingest, topic, deadLetterTopic },
        consumer: {
          ...config.consumer,
          groupId: `cdr-demo-${runId}`,
          sessionTimeoutMs: 6000,
          heartbeatIntervalMs: 500,
        },
        kafka,
        codec,
        clickhouse,
        deduplicationToken: true,
        logger,
      });
      try {
        const deadline = Date.now() + 120_000;
        while (job.consumer.stats.recordsCommitted < total) {
          if (Date.now() > deadline)
            throw new PipelineError(
              'PIPELINE_FAILED',
              `demo: only ${job.consumer.stats.recordsCommitted} of ${total} records committed after 120 s`,
            );
          await sleep(20);
        }
        ingestSeconds = (performance.now() - ingestStarted) / 1000;
      } finally {
        await job.stop();
      }

      const summary = await clickhouse.query({
        query: `SELECT count() AS rows, uniqExact(call_id) AS calls, countIf(disposition = 'ANSWERED') AS answered,
                       round(sum(billable_s) / 60) AS minutes FROM ${config.ingest.table} WHERE kafka_topic = {topic:String}`,
        query_params: { topic },
        format: 'JSONEachRow',
      });
      const [row] = await summary.json<{ rows: string; calls: string; answered: string; minutes: string }>();
      const deadLetters = (await admin.fetchTopicOffsets(deadLetterTopic)).reduce(
        (sum, p) => sum + Number(p.high),
        0,
      );
      out(
        `ingested in ${ingestSeconds.toFixed(2)} s from start to last commit (the first consumer-group join takes ~3 s on the mock broker): ${Math.round(total / ingestSeconds)} records/s`,
      );
      out(
        `ClickHouse ${config.ingest.table}: ${row?.rows ?? 0} rows, ${row?.calls ?? 0} distinct calls, ${row?.answered ?? 0} answered, ${row?.minutes ?? 0} billable minutes`,
      );
      out(`dead-letter topic ${deadLetterTopic}: ${deadLetters} records (reasons in their dlq.* headers)`);
      if (Number(row?.rows) !== records.length || deadLetters !== 3) {
        throw new PipelineError(
          'PIPELINE_FAILED',
          `demo: expected ${records.length} rows and 3 dead letters`,
        );
      }
    } finally {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    }
  } finally {
    await clickhouse.close();
    await infrastructure.stop();
  }
}
