import { fileURLToPath } from 'node:url';
import type { BreachEvent } from '../fair-use/breach.ts';
import type { ReliableProducer } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';

/** The Avro schema of published breaches (subject `net.cdrpipeline.fairuse.FairUseBreach`). */
export const FAIR_USE_BREACH_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/fair-use/FairUseBreach.avsc', import.meta.url),
);

/** The record of schemas/fair-use/FairUseBreach.avsc for a breach event. */
export function breachRecord(breach: BreachEvent): Record<string, unknown> {
  return {
    breachId: breach.breachId,
    accountId: breach.accountId,
    customerId: breach.customerId,
    rule: breach.rule,
    month: breach.month,
    at: breach.at,
    triggeringCallId: breach.triggeringCallId ?? null,
    triggeringEventId: breach.triggeringEventId ?? null,
    policy: breach.policy,
    rerateMonth: breach.rerateMonth,
    evidenceJson: JSON.stringify(breach.evidence),
  };
}

/**
 * Publishes fair-use breaches in Schema Registry wire format, keyed by SIP account. At least once: a replay
 * publishes the same breach ids again, which consumers deduplicate on.
 */
export class BreachPublisher {
  constructor(
    private readonly codec: AvroCodec,
    private readonly schemaId: number,
    private readonly producer: ReliableProducer,
    private readonly topic: string,
  ) {}

  async publish(breaches: readonly BreachEvent[]): Promise<void> {
    if (breaches.length === 0) return;
    const messages = await Promise.all(
      breaches.map(async (breach) => ({
        key: breach.accountId,
        value: await this.codec.encode(this.schemaId, breachRecord(breach)),
      })),
    );
    await this.producer.send(this.topic, messages);
  }
}
