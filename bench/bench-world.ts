import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import { LocalInfrastructure } from '../infra/local/local-infrastructure.ts';
import { createClickHouseClient } from '../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../pipelines/clickhouse/migrations.ts';
import { parseOptions } from '../pipelines/config/options.ts';
import { PipelineError } from '../pipelines/core/errors.ts';
import type { Logger } from '../pipelines/core/logger.ts';
import { generateCallRecords, type GeneratorSettings } from '../pipelines/demo/call-record-generator.ts';
import type { CallRecord } from '../pipelines/ingest/call-record.ts';
import { CallRecordPublisher } from '../pipelines/ingest/call-record-publisher.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../pipelines/ingest/schema-files.ts';
import { createKafka } from '../pipelines/kafka/kafka-client.ts';
import { kafkaOptionsSpec } from '../pipelines/kafka/kafka-options.ts';
import { ReliableProducer } from '../pipelines/kafka/reliable-producer.ts';
import { AvroCodec } from '../pipelines/schema-registry/avro-codec.ts';

export interface BenchSettings {
  /** Call records published and consumed (env BENCH_RECORDS). */
  readonly records: number;
  readonly partitions: number;
  readonly accounts: number;
  /** Records per producer send while publishing. */
  readonly publishChunk: number;
}

/** The running local servers and clients every benchmark shares. */
export interface BenchServices {
  readonly infrastructure: LocalInfrastructure;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly schemaId: number;
  readonly clickhouse: ClickHouseClient;
}

export interface PublishedTopic {
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly records: number;
  readonly publishSeconds: number;
}

/**
 * What the benchmarks run against, started on first use and shared: librdkafka's mock cluster, the
 * Schema Registry double, chDB in a temporary directory (migrated), and one topic holding the
 * generated call records. Records are generated again when needed (deterministic for the seed)
 * rather than kept, so the harness holds no copy of them while the pipeline's memory is measured.
 */
export class BenchWorld {
  private servicesStarted: Promise<BenchServices> | undefined;
  private published: Promise<PublishedTopic> | undefined;
  private readonly dataPath = mkdtempSync(join(tmpdir(), 'cdr-bench-chdb-'));
  private readonly runId = Date.now().toString(36);
  private topicCount = 0;

  constructor(
    readonly settings: BenchSettings,
    readonly logger: Logger,
    private readonly progress: (line: string) => void,
  ) {}

  /** The benchmark's call records, the same ones on every call. */
  *callRecords(): Generator<CallRecord> {
    const generator: GeneratorSettings = {
      seed: 7,
      accounts: this.settings.accounts,
      start: new Date('2026-10-01T00:00:00Z'),
    };
    let count = 0;
    for (const record of generateCallRecords(generator)) {
      if (count++ === this.settings.records) return;
      yield record;
    }
  }

  services(): Promise<BenchServices> {
    this.servicesStarted ??= this.startServices();
    return this.servicesStarted;
  }

  /** The topic holding all the benchmark's records, published once (12 partitions by default). */
  publishedTopic(): Promise<PublishedTopic> {
    this.published ??= this.publish();
    return this.published;
  }

  /** A unique name for a consumer group or table of this run. */
  uniqueName(prefix: string): string {
    this.topicCount++;
    return `${prefix}-${this.runId}-${this.topicCount}`;
  }

  async close(): Promise<void> {
    const started = this.servicesStarted;
    this.servicesStarted = undefined;
    if (started !== undefined) {
      const services = await started.catch(() => undefined);
      if (services !== undefined) {
        await services.clickhouse.close();
        await services.infrastructure.stop();
      }
    }
    rmSync(this.dataPath, { recursive: true, force: true });
  }

  private async startServices(): Promise<BenchServices> {
    const infrastructure = await LocalInfrastructure.start({ brokers: 3 });
    try {
      const kafka = createKafka(
        parseOptions('kafka', kafkaOptionsSpec, { brokers: infrastructure.kafka.bootstrapServers }),
        this.logger,
      );
      const codec = new AvroCodec({ url: infrastructure.schemaRegistry.url });
      const schemaId = await codec.register(CALL_RECORD_SCHEMA_FILE);
      const clickhouse = await createClickHouseClient({ dataPath: this.dataPath }, this.logger);
      try {
        await runMigrations(clickhouse, { logger: this.logger });
      } catch (error) {
        await clickhouse.close();
        throw error;
      }
      return { infrastructure, kafka, codec, schemaId, clickhouse };
    } catch (error) {
      await infrastructure.stop();
      throw error;
    }
  }

  private async publish(): Promise<PublishedTopic> {
    const { infrastructure, kafka, codec, schemaId } = await this.services();
    const topic = `cdr.bench-${this.runId}`;
    const deadLetterTopic = `${topic}.dlq`;
    await infrastructure.kafka.createTopic(topic, this.settings.partitions);
    await infrastructure.kafka.createTopic(deadLetterTopic, 1);
    const producer = kafka.producer();
    const admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    try {
      const publisher = new CallRecordPublisher(
        codec,
        schemaId,
        new ReliableProducer(producer, admin, this.logger),
        topic,
      );
      const started = performance.now();
      let chunk: CallRecord[] = [];
      for (const record of this.callRecords()) {
        chunk.push(record);
        if (chunk.length === this.settings.publishChunk) {
          await publisher.publish(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await publisher.publish(chunk);
      const publishSeconds = (performance.now() - started) / 1000;
      await this.checkNothingDropped(admin, topic);
      this.progress(
        `published ${this.settings.records} call records to ${topic} (${this.settings.partitions} partitions) in ${publishSeconds.toFixed(1)} s`,
      );
      return { topic, deadLetterTopic, records: this.settings.records, publishSeconds };
    } finally {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    }
  }

  /** The mock keeps 5 MiB per partition and drops older batches silently: a benchmark over lost records is void. */
  private async checkNothingDropped(admin: ReturnType<Kafka['admin']>, topic: string): Promise<void> {
    const offsets = await admin.fetchTopicOffsets(topic);
    const kept = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    const dropped = offsets.filter((p) => p.low !== '0');
    if (kept !== this.settings.records || dropped.length > 0) {
      throw new PipelineError(
        'PIPELINE_FAILED',
        `the mock cluster kept ${kept} of ${this.settings.records} records on ${topic}` +
          (dropped.length > 0
            ? ` (partition(s) ${dropped.map((p) => p.partition).join(', ')} dropped their oldest batches: a mock partition keeps 5 MiB; lower BENCH_RECORDS)`
            : ''),
      );
    }
  }
}
