import type { FraudAlert } from '../fraud/fraud-alert.ts';
import type { ReliableProducer, SendReport } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { fraudAlertRecord } from './alert-record.ts';

/** The record key of an alert: its first account, so one account's alerts stay in order; else its window key. */
export const alertKeyOf = (alert: FraudAlert): string => alert.accountIds[0] ?? alert.key;

/** Publishes fraud alerts in Schema Registry wire format, with the alert id in the `alert-id` header. */
export class FraudAlertPublisher {
  constructor(
    private readonly codec: AvroCodec,
    private readonly schemaId: number,
    private readonly producer: ReliableProducer,
    readonly topic: string,
    private readonly rulesVersion: string | null = null,
  ) {}

  async publish(alerts: readonly FraudAlert[]): Promise<SendReport> {
    const messages = await Promise.all(
      alerts.map(async (alert) => ({
        key: alertKeyOf(alert),
        value: await this.codec.encode(this.schemaId, fraudAlertRecord(alert, this.rulesVersion)),
        headers: { 'alert-id': alert.alertId },
      })),
    );
    return this.producer.send(this.topic, messages);
  }
}
