import type { ReliableProducer } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import { AccountCommandPublisher } from './account-command-publisher.ts';
import { FraudAlertPublisher } from './fraud-alert-publisher.ts';
import type { FraudActionsOptions } from './fraud-actions-options.ts';
import { ACCOUNT_COMMAND_SCHEMA_FILE, FRAUD_ALERT_SCHEMA_FILE } from './schema-files.ts';

export interface FraudPublishers {
  readonly commands: AccountCommandPublisher;
  /** Absent when `publishAlerts` is off. */
  readonly alerts?: FraudAlertPublisher;
}

/** Registers the schemas (idempotent) and builds the publishers of the configured topics. */
export async function createFraudPublishers(
  codec: AvroCodec,
  producer: ReliableProducer,
  options: Pick<FraudActionsOptions, 'commandTopic' | 'alertTopic' | 'publishAlerts'>,
  rulesVersion: string | null = null,
): Promise<FraudPublishers> {
  const commands = new AccountCommandPublisher(
    codec,
    await codec.register(ACCOUNT_COMMAND_SCHEMA_FILE),
    producer,
    options.commandTopic,
  );
  if (!options.publishAlerts) return { commands };
  const alertSchemaId = await codec.register(FRAUD_ALERT_SCHEMA_FILE);
  return {
    commands,
    alerts: new FraudAlertPublisher(codec, alertSchemaId, producer, options.alertTopic, rulesVersion),
  };
}
