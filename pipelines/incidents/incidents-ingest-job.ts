import type { ClickHouseClient } from '@clickhouse/client';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../core/logger.ts';
import type { ConsumerGroupOptions } from '../kafka/kafka-options.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { startTopicSinkJob, type TopicSinkJob } from '../sinks/topic-sink-job.ts';
import { incidentRowFromKafka } from './incident-row.ts';
import { incidentTicketProblem, type IncidentTicket } from './incident-ticket.ts';
import { incidentTicketDecoder } from './incident-ticket-decoder.ts';
import type { IncidentsOptions } from './incident-options.ts';

export interface IncidentsIngestJobSettings {
  readonly incidents: IncidentsOptions;
  /** Group settings; the group id is `incidents.groupId`. */
  readonly consumer: ConsumerGroupOptions;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly clickhouse: ClickHouseClient;
  /** False for ClickHouse servers older than 22.2 (no insert_deduplication_token). */
  readonly deduplicationToken: boolean;
  readonly logger: Logger;
}

/**
 * The incidents ingest job: Avro ticket events from Kafka, decoded through the Schema Registry, invalid ones
 * (undecodable, unknown status, inconsistent times...) to the dead-letter topic with their reason, good ones
 * into the `incidents` table (one row per ticket, latest state), offsets committed after the insert.
 * Idempotent: a replayed event writes the row it already wrote, which `FINAL` collapses.
 */
export async function startIncidentsIngestJob(settings: IncidentsIngestJobSettings): Promise<TopicSinkJob> {
  const { incidents } = settings;
  return startTopicSinkJob<IncidentTicket>({
    name: 'incidents',
    topic: incidents.topic,
    deadLetterTopic: incidents.deadLetterTopic,
    table: incidents.table,
    retryInitialDelayMs: incidents.retryInitialDelayMs,
    retryMaxDelayMs: incidents.retryMaxDelayMs,
    consumer: { ...settings.consumer, groupId: incidents.groupId },
    kafka: settings.kafka,
    decoder: incidentTicketDecoder(settings.codec),
    validate: incidentTicketProblem,
    toRow: incidentRowFromKafka,
    clickhouse: settings.clickhouse,
    deduplicationToken: settings.deduplicationToken,
    logger: settings.logger,
  });
}
