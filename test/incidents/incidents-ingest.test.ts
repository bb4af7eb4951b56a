import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../../pipelines/config/options.ts';
import { incidentsOptionsSpec } from '../../pipelines/incidents/incident-options.ts';
import type { IncidentTicket } from '../../pipelines/incidents/incident-ticket.ts';
import { INCIDENT_TICKET_SCHEMA_FILE } from '../../pipelines/incidents/schema-file.ts';
import { startIncidentsIngestJob } from '../../pipelines/incidents/incidents-ingest-job.ts';
import { loadIncidents } from '../../pipelines/availability/availability-store.ts';
import { createTopic, uniqueTopic } from '../support/infrastructure.ts';
import {
  committedTotal,
  openIngestFixture,
  readTopic,
  waitFor,
  type IngestFixture,
} from '../support/ingest-fixture.ts';

let fixture: IngestFixture;
let schemaId: number;
beforeAll(async () => {
  fixture = await openIngestFixture();
  schemaId = await fixture.codec.register(INCIDENT_TICKET_SCHEMA_FILE);
});
afterAll(async () => {
  await fixture.close();
});

function event(
  ticketNumber: string,
  sequence: number,
  overrides: Partial<IncidentTicket> = {},
): IncidentTicket {
  return {
    eventId: `${ticketNumber}/${sequence}`,
    ticketNumber,
    status: 'OPENED',
    customerId: 'C-1001',
    service: 'hosted-telephony',
    cause: 'UNKNOWN',
    plannedMaintenance: false,
    startedAt: new Date('2026-06-10T08:00:00Z'),
    acknowledgedAt: null,
    resolvedAt: null,
    updatedAt: new Date(Date.UTC(2026, 5, 10, 8, sequence)),
    description: '',
    ...overrides,
  };
}

async function publish(topic: string, events: readonly IncidentTicket[]): Promise<void> {
  await fixture.reliable.send(
    topic,
    await Promise.all(
      events.map(async (e) => ({ key: e.ticketNumber, value: await fixture.codec.encode(schemaId, e) })),
    ),
  );
}

async function storedRows(
  topic: string,
): Promise<{ ticket_number: string; status: string; cause: string }[]> {
  const result = await fixture.clickhouse.query({
    query: `SELECT ticket_number, status, cause FROM incidents FINAL WHERE ticket_number LIKE {prefix:String} ORDER BY ticket_number`,
    query_params: { prefix: `${topic}%` },
    format: 'JSONEachRow',
  });
  return result.json();
}

async function runUntilCommitted(incidents: ReturnType<typeof options>, total: number): Promise<void> {
  const job = await startIncidentsIngestJob({
    incidents,
    consumer: fixture.group('incidents'),
    kafka: fixture.kafka,
    codec: fixture.codec,
    clickhouse: fixture.clickhouse,
    deduplicationToken: true,
    logger: fixture.logger,
  });
  try {
    await waitFor('all ticket events committed', () => job.consumer.stats.recordsCommitted >= total);
    expect(await committedTotal(fixture.admin, incidents.groupId, incidents.topic)).toBe(total);
  } finally {
    await job.stop();
  }
}

function options(topic: string) {
  return parseOptions('incidents', incidentsOptionsSpec, {
    topic,
    deadLetterTopic: `${topic}.dlq`,
    groupId: `incidents-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
    retryInitialDelayMs: 50,
    retryMaxDelayMs: 500,
  });
}

describe('incidents ingest: Kafka (Avro, Schema Registry) to ClickHouse', () => {
  it('keeps the latest state per ticket, dead-letters bad events, and a replay duplicates nothing', async () => {
    const topic = uniqueTopic('incidents.test');
    await createTopic(topic, 3);
    await createTopic(`${topic}.dlq`, 1);
    const a = `${topic}-A`;
    const b = `${topic}-B`;
    const good = [
      event(a, 1),
      event(a, 2, {
        status: 'ACKNOWLEDGED',
        acknowledgedAt: new Date('2026-06-10T08:02:00Z'),
        cause: 'OPERATOR_FAULT',
      }),
      event(a, 3, {
        status: 'CLOSED',
        acknowledgedAt: new Date('2026-06-10T08:02:00Z'),
        resolvedAt: new Date('2026-06-10T09:00:00Z'),
        cause: 'OPERATOR_FAULT',
      }),
      event(b, 1, { cause: 'PLANNED_MAINTENANCE', plannedMaintenance: true }),
    ];
    await publish(topic, good);
    // Invalid: CLOSED without resolvedAt; not Avro at all.
    await publish(topic, [event(`${topic}-C`, 1, { status: 'CLOSED' })]);
    await fixture.reliable.send(topic, [{ key: 'bad', value: Buffer.from('not avro') }]);
    const total = good.length + 2;

    const incidents = options(topic);
    await runUntilCommitted(incidents, total);
    expect(await storedRows(topic)).toEqual([
      { ticket_number: a, status: 'CLOSED', cause: 'OPERATOR_FAULT' },
      { ticket_number: b, status: 'OPENED', cause: 'PLANNED_MAINTENANCE' },
    ]);
    const letters = await readTopic(fixture.kafka, incidents.deadLetterTopic, 2);
    expect(letters.map((l) => l.headers['dlq.error.code']).sort()).toEqual([
      'RECORD_DECODE_FAILED',
      'RECORD_INVALID',
    ]);
    expect(letters.map((l) => l.headers['dlq.reason'])).toContain('a CLOSED ticket needs resolvedAt');

    // A replay of the whole topic by a new group (as after a lost offset) stores the same states again.
    await runUntilCommitted(options(topic), total);
    expect(await storedRows(topic)).toEqual([
      { ticket_number: a, status: 'CLOSED', cause: 'OPERATOR_FAULT' },
      { ticket_number: b, status: 'OPENED', cause: 'PLANNED_MAINTENANCE' },
    ]);
    // Physically one row per ticket once merged.
    await fixture.clickhouse.command({ query: 'OPTIMIZE TABLE incidents FINAL' });
    const raw = await fixture.clickhouse.query({
      query: 'SELECT count() AS rows FROM incidents WHERE ticket_number LIKE {prefix:String}',
      query_params: { prefix: `${topic}%` },
      format: 'JSONEachRow',
    });
    expect(await raw.json()).toEqual([{ rows: '2' }]);
    // A late, older event of ticket A (published after the close) does not reopen it.
    await publish(topic, [event(a, 2, { status: 'UPDATED' })]);
    await runUntilCommitted(options(topic), total + 1);
    const loaded = (await loadIncidents(fixture.clickhouse, '2026-06')).filter((t) =>
      t.ticketNumber.startsWith(topic),
    );
    expect(loaded.map((t) => [t.ticketNumber, t.status, t.resolvedAt?.toISOString() ?? null])).toEqual([
      [a, 'CLOSED', '2026-06-10T09:00:00.000Z'],
      [b, 'OPENED', null],
    ]);
    expect(loaded[1]?.plannedMaintenance).toBe(true);
  });
});
