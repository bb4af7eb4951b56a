import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreachEvent } from '../../pipelines/fair-use/breach.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../../pipelines/ingest/schema-files.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { parseOptions } from '../../pipelines/config/options.ts';
import { demoEventsInOrder } from '../../pipelines/demo/month/index.ts';
import { FAIR_USE_BREACH_SCHEMA_FILE } from '../../pipelines/rating-job/breach-publisher.ts';
import type { RatingInput } from '../../pipelines/rating-job/rating-input.ts';
import { ratingJobOptionsSpec } from '../../pipelines/rating-job/rating-job-options.ts';
import type { RatingProcessor } from '../../pipelines/rating-job/rating-processor.ts';
import { RatingSink } from '../../pipelines/rating-job/rating-sink.ts';
import { startRatingJob, type RatingJob } from '../../pipelines/rating-job/streaming-rating-job.ts';
import type { RegistrationEvent } from '../../pipelines/registration/registration-event.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../../pipelines/registration/schema-file.ts';
import { demoFixture } from '../demo/demo-fixture.ts';
import {
  committedTotal,
  openIngestFixture,
  readTopic,
  waitFor,
  type IngestFixture,
} from '../support/ingest-fixture.ts';
import { createTopic, uniqueTopic } from '../support/infrastructure.ts';
import {
  expectedOutputs,
  processorFactory,
  publishAvro,
  readValues,
  storedRows,
  ticksPerPartition,
} from './streaming-fixture.ts';

/**
 * The whole rating path through the real parts: Avro call records and registration events on two
 * co-partitioned topics of the Kafka-protocol broker, the Schema Registry, the streaming rating job, ClickHouse.
 * Whatever happens to the job (restart, replay from an older checkpoint, rebalance), the rated calls stored
 * and the breaches published are those of one uninterrupted in-memory run over the same inputs.
 */

const PARTITIONS = 3;
const DAYS = 6;

let fixture: IngestFixture;
let calls: CallRecord[];
let registrations: RegistrationEvent[];
let tickAt: Date;
let factory: ReturnType<typeof processorFactory>;

beforeAll(async () => {
  fixture = await openIngestFixture();
  const demo = await demoFixture({ month: '2026-03', accounts: 40, seed: 11 });
  const end = Date.parse('2026-02-28T23:00:00Z') + DAYS * 86_400_000;
  calls = demo.month.calls.filter((call) => call.endTime.getTime() < end);
  registrations = demo.month.registrations.filter((event) => event.timestamp.getTime() < end);
  tickAt = new Date(end + 2 * 86_400_000);
  factory = processorFactory(demo.reference);
}, 60_000);

afterAll(async () => {
  await fixture.close();
});

interface Scenario {
  readonly softswitch: string;
  readonly calls: CallRecord[];
  readonly inputs: RatingInput[];
  readonly topics: { calls: string; registrations: string; breaches: string; deadLetters: string };
}

/** Fresh topics with the month's inputs (calls under their own softswitch name), two bad records and the ticks. */
async function scenario(name: string): Promise<Scenario> {
  const softswitch = `${name}-${Date.now().toString(36)}`;
  const own = calls.map((call) => ({ ...call, softswitch }));
  const topics = {
    calls: uniqueTopic('rating.calls'),
    registrations: uniqueTopic('rating.registrations'),
    breaches: uniqueTopic('rating.breaches'),
    deadLetters: uniqueTopic('rating.dlq'),
  };
  await Promise.all([
    createTopic(topics.calls, PARTITIONS),
    createTopic(topics.registrations, PARTITIONS),
    createTopic(topics.breaches, 1),
    createTopic(topics.deadLetters, 1),
  ]);
  const callSchema = await fixture.codec.register(CALL_RECORD_SCHEMA_FILE);
  const registrationSchema = await fixture.codec.register(REGISTRATION_EVENT_SCHEMA_FILE);
  const badCallee = { ...own[0], callId: 'bad-callee', callee: 'not a number' } as CallRecord;
  const ticks = ticksPerPartition(PARTITIONS, tickAt, own[0] as CallRecord);
  await publishAvro(fixture.reliable, fixture.codec, callSchema, topics.calls, [badCallee, ...own]);
  await fixture.reliable.send(topics.calls, [{ key: 'garbage', value: Buffer.from('not avro') }]);
  await publishAvro(fixture.reliable, fixture.codec, registrationSchema, topics.registrations, [
    ...registrations,
    ...ticks.registrations,
  ]);
  await publishAvro(fixture.reliable, fixture.codec, callSchema, topics.calls, ticks.calls);
  const inputs: RatingInput[] = [];
  for (const event of demoEventsInOrder(own, registrations)) {
    inputs.push(
      event.kind === 'call'
        ? { kind: 'call', record: event.call }
        : { kind: 'registration', event: event.event },
    );
  }
  return { softswitch, calls: own, inputs, topics };
}

async function startJob(
  s: Scenario,
  groupId: string,
  overrides: Record<string, unknown> = {},
): Promise<RatingJob> {
  return startRatingJob({
    job: parseOptions('ratingJob', ratingJobOptionsSpec, {
      callsTopic: s.topics.calls,
      registrationsTopic: s.topics.registrations,
      breachesTopic: s.topics.breaches,
      deadLetterTopic: s.topics.deadLetters,
      groupId,
      checkpointIntervalMs: 0,
      retryInitialDelayMs: 50,
      retryMaxDelayMs: 500,
      ...overrides,
    }),
    consumer: { ...fixture.group('rating'), maxBytesPerPartition: 32 * 1024 },
    kafka: fixture.kafka,
    codec: fixture.codec,
    clickhouse: fixture.clickhouse,
    newProcessor: factory.newProcessor,
    sink: new RatingSink(fixture.clickhouse),
    classify: factory.classify,
    logger: fixture.logger,
  });
}

/** Everything read and committed: both topics (calls with their 2 bad records, registrations with the ticks). */
async function waitUntilCommitted(s: Scenario, groupId: string): Promise<void> {
  await waitFor(
    'every input committed',
    async () =>
      (await committedTotal(fixture.admin, groupId, s.topics.calls)) === s.calls.length + 2 + PARTITIONS &&
      (await committedTotal(fixture.admin, groupId, s.topics.registrations)) ===
        registrations.length + PARTITIONS,
    120_000,
  );
}

async function checkResults(s: Scenario): Promise<void> {
  const expected = expectedOutputs(s.inputs, factory.newProcessor);
  expect(expected.rows.length).toBeGreaterThan(1000);
  const stored = await storedRows(fixture.clickhouse, s.softswitch);
  expect(stored.length).toBe(expected.rows.length);
  expect(stored).toEqual(expected.rows);
  const breachSchema = await fixture.codec.register(FAIR_USE_BREACH_SCHEMA_FILE);
  expect(breachSchema).toBeGreaterThan(0);
  const published = await readValues(fixture.kafka, s.topics.breaches, expected.breaches.length);
  const publishedIds = new Set<string>();
  for (const value of published) {
    const decoded = await fixture.codec.decode(value);
    if (!decoded.ok) throw decoded.error;
    publishedIds.add((decoded.value as { breachId: string }).breachId);
  }
  expect([...publishedIds].sort()).toEqual(expected.breaches.map((b: BreachEvent) => b.breachId).sort());
  expect(expected.breaches.length).toBeGreaterThan(0);
  // Dead letters are at least once: a batch read again after a rebalance sends its letters again.
  // Every letter the topic holds: a copy of one may come before the other (dead letters are at least once).
  const sourceOf = (l: { headers: Record<string, string> }): string =>
    `${l.headers['dlq.source.partition'] ?? ''}/${l.headers['dlq.source.offset'] ?? ''}`;
  const written = (await fixture.admin.fetchTopicOffsets(s.topics.deadLetters)).reduce(
    (sum, p) => sum + Number(p.high),
    0,
  );
  const letters = await readTopic(fixture.kafka, s.topics.deadLetters, written);
  expect(written).toBeGreaterThanOrEqual(2);
  expect(new Set(letters.map(sourceOf)).size).toBe(2);
  expect(new Set(letters.map((l) => l.headers['dlq.error.code']))).toEqual(
    new Set(['RECORD_INVALID', 'RECORD_DECODE_FAILED']),
  );
}

describe('streaming rating job through the broker, the registry and ClickHouse', () => {
  it('rates a week of a 40-account month like an uninterrupted in-memory run, and publishes its breaches', async () => {
    const s = await scenario('straight');
    const groupId = `rating-straight-${Date.now().toString(36)}`;
    const job = await startJob(s, groupId);
    try {
      await waitUntilCommitted(s, groupId);
    } finally {
      await job.stop();
    }
    await checkResults(s);
  }, 180_000);

  it('gives the same results when stopped midway and restarted from its checkpoints', async () => {
    const s = await scenario('restart');
    const groupId = `rating-restart-${Date.now().toString(36)}`;
    const first = await startJob(s, groupId);
    try {
      await waitFor(
        'a third of the calls committed',
        async () => (await committedTotal(fixture.admin, groupId, s.topics.calls)) > s.calls.length / 3,
        120_000,
      );
    } finally {
      await first.stop();
    }
    expect(await committedTotal(fixture.admin, groupId, s.topics.calls)).toBeLessThan(s.calls.length);
    const second = await startJob(s, groupId);
    try {
      await waitUntilCommitted(s, groupId);
      const restored = [...second.partitions.values()].map(
        (p) => (p.processor as RatingProcessor | undefined)?.stats.calls ?? 0,
      );
      // The counters come back with the state: the second run's totals are those of the whole input.
      expect(restored.reduce((a, b) => a + b, 0)).toBe(
        expectedOutputs(s.inputs, factory.newProcessor).stats.calls,
      );
    } finally {
      await second.stop();
    }
    await checkResults(s);
  }, 240_000);

  it('gives the same results when restarted from a checkpoint older than the rows stored (replay)', async () => {
    const s = await scenario('replay');
    const groupId = `rating-replay-${Date.now().toString(36)}`;
    // Checkpoints 400 ms apart and every batch written: stopping midway leaves rows stored after the last
    // checkpoint, whose inputs the next run reads and rates again.
    const first = await startJob(s, groupId, { checkpointIntervalMs: 400, writeEveryBatch: true });
    try {
      await waitFor(
        'rated calls stored',
        async () => (await storedRows(fixture.clickhouse, s.softswitch)).length > 500,
        120_000,
      );
    } finally {
      await first.stop();
    }
    const second = await startJob(s, groupId);
    try {
      await waitUntilCommitted(s, groupId);
    } finally {
      await second.stop();
    }
    await checkResults(s);
  }, 240_000);

  it('gives the same results when a second instance joins and partitions move (rebalance)', async () => {
    const s = await scenario('rebalance');
    const groupId = `rating-rebalance-${Date.now().toString(36)}`;
    const first = await startJob(s, groupId);
    let second: RatingJob | undefined;
    try {
      await waitFor(
        'some calls committed',
        async () => (await committedTotal(fixture.admin, groupId, s.topics.calls)) > s.calls.length / 4,
        120_000,
      );
      second = await startJob(s, groupId);
      await waitUntilCommitted(s, groupId);
      expect(first.partitions.size + second.partitions.size).toBeGreaterThan(0);
    } finally {
      await Promise.all([first.stop(), second?.stop()]);
    }
    await checkResults(s);
  }, 240_000);
});
