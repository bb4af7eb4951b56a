import type { ClickHouseClient } from '@clickhouse/client';
import { Decimal } from 'decimal.js';
import type { Kafka } from 'kafkajs';
import { RATED_CALLS_TABLE, ratedCallRow } from '../../pipelines/clickhouse/rating-store.ts';
import { parseOptions } from '../../pipelines/config/options.ts';
import type { BreachEvent } from '../../pipelines/fair-use/breach.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { partitionForKey } from '../../pipelines/kafka/message-partitioner.ts';
import type { ReliableProducer } from '../../pipelines/kafka/reliable-producer.ts';
import { createNumberClassifier, type NumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import type { RatingInput } from '../../pipelines/rating-job/rating-input.ts';
import { ratingOptionsSpec } from '../../pipelines/rating-job/rating-options.ts';
import { RatingProcessor } from '../../pipelines/rating-job/rating-processor.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import type { RegistrationEvent } from '../../pipelines/registration/registration-event.ts';
import type { AvroCodec } from '../../pipelines/schema-registry/avro-codec.ts';
import { waitFor } from '../support/ingest-fixture.ts';

/** The processor every run of a test file uses: default options, the demo reference data. */
export function processorFactory(reference: ReferenceData): {
  classify: NumberClassifier;
  newProcessor: () => RatingProcessor;
} {
  const classify = createNumberClassifier(parseNumberingOptions());
  const options = parseOptions('rating', ratingOptionsSpec, {});
  return {
    classify,
    newProcessor: () => new RatingProcessor({ options, reference: () => reference, classify }),
  };
}

/** What an uninterrupted in-memory run rates: the rows to find in ClickHouse, and the breach ids. */
export function expectedOutputs(
  inputs: readonly RatingInput[],
  newProcessor: () => RatingProcessor,
): { rows: Record<string, unknown>[]; breaches: BreachEvent[]; stats: RatingProcessor['stats'] } {
  const processor = newProcessor();
  processor.addInput('all');
  for (const input of inputs) processor.add(input, 'all');
  const outputs = processor.flush();
  return {
    rows: comparableRows(outputs.ratedCalls.map((call) => ratedCallRow(call, new Date(0)))),
    breaches: outputs.breaches,
    stats: processor.stats,
  };
}

const PROCESSING_TIME_COLUMNS = new Set(['recorded_at', 'rated_at']);
const DECIMAL = /^-?\d+\.\d+$/;

/** Rated call rows without the processing instant, sorted by call id, money as exact strings. */
export function comparableRows(rows: readonly object[]): Record<string, unknown>[] {
  return rows
    .map((row) => {
      const copy: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row) as [string, unknown][]) {
        if (PROCESSING_TIME_COLUMNS.has(name)) continue;
        const text = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
        // Decimals come back without their trailing zeros: compare their values.
        copy[name] = typeof text === 'string' && DECIMAL.test(text) ? new Decimal(text).toString() : text;
      }
      return copy;
    })
    .sort((a, b) => String(a['call_id']).localeCompare(String(b['call_id'])));
}

/** Rated call rows of one softswitch as stored (FINAL: one row per call whatever the replays). */
export async function storedRows(
  client: ClickHouseClient,
  softswitch: string,
): Promise<Record<string, unknown>[]> {
  const result = await client.query({
    query: `SELECT * FROM ${RATED_CALLS_TABLE} FINAL WHERE softswitch = {softswitch:String}`,
    query_params: { softswitch },
    format: 'JSONEachRow',
  });
  return comparableRows(await result.json<Record<string, unknown>>());
}

/** A registration event of an account missing from the reference data, far after the data: moves event time on. */
function tick(key: string, at: Date): RegistrationEvent {
  return {
    eventId: `tick-${key}`,
    accountId: key,
    type: 'EXPIRED',
    timestamp: at,
    contact: 'sip:tick@192.0.2.1',
    instanceId: null,
    sourceIp: null,
    sourcePort: null,
    userAgent: null,
    expiresSeconds: null,
    authFailureReason: null,
    realm: null,
    softswitch: 'tick',
  };
}

/** One account id per partition (keys chosen to land on each). */
function tickKeys(partitions: number): string[] {
  const keys = new Map<number, string>();
  for (let i = 0; keys.size < partitions; i++) {
    const key = `tick-account-${i}`;
    const partition = partitionForKey(key, partitions);
    if (!keys.has(partition)) keys.set(partition, key);
  }
  return [...keys.values()];
}

/**
 * Later traffic on every partition of both topics, from accounts missing from the reference data (softswitch
 * `tick`): it moves event time on, as live traffic would, so the last calls of the data are released. Without
 * it they stay held: an input read to its end stops holding time back, but does not move it either.
 */
export function ticksPerPartition(
  partitions: number,
  at: Date,
  call: CallRecord,
): { calls: CallRecord[]; registrations: RegistrationEvent[] } {
  const keys = tickKeys(partitions);
  return {
    registrations: keys.map((key) => tick(key, at)),
    calls: keys.map((key) => ({
      ...call,
      callId: `tick-${key}`,
      accountId: key,
      softswitch: 'tick',
      startTime: at,
      answerTime: at,
      endTime: new Date(at.getTime() + 1000),
      billableSeconds: 1,
    })),
  };
}

export async function publishAvro(
  producer: ReliableProducer,
  codec: AvroCodec,
  schemaId: number,
  topic: string,
  records: readonly (CallRecord | RegistrationEvent)[],
): Promise<void> {
  for (let i = 0; i < records.length; i += 2000) {
    const messages = await Promise.all(
      records.slice(i, i + 2000).map(async (record) => ({
        key: record.accountId,
        value: await codec.encode(schemaId, record),
      })),
    );
    await producer.send(topic, messages);
  }
}

/** Reads a topic from the beginning until `expected` records came; returns their values. */
export async function readValues(kafka: Kafka, topic: string, expected: number): Promise<Buffer[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    sessionTimeout: 3000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 200,
  });
  const values: Buffer[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      if (message.value !== null) values.push(message.value);
      return Promise.resolve();
    },
  });
  try {
    await waitFor(`${expected} records on ${topic}`, () => values.length >= expected, 60_000);
  } finally {
    await consumer.disconnect();
  }
  return values;
}
