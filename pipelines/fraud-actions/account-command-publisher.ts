import type { ReliableProducer, SendReport } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import { accountCommandRecord } from './command-record.ts';

/**
 * Publishes account commands in Schema Registry wire format, keyed by SIP account (one account's commands
 * stay in order in one partition), with the command id in the `command-id` header for consumers that
 * deduplicate before decoding. Publishing the same command again is harmless: consumers apply an id once.
 */
export class AccountCommandPublisher {
  constructor(
    private readonly codec: AvroCodec,
    private readonly schemaId: number,
    private readonly producer: ReliableProducer,
    readonly topic: string,
  ) {}

  async publish(commands: readonly AccountCommand[]): Promise<SendReport> {
    const messages = await Promise.all(
      commands.map(async (command) => ({
        key: command.accountId,
        value: await this.codec.encode(this.schemaId, accountCommandRecord(command)),
        headers: { 'command-id': command.commandId },
      })),
    );
    return this.producer.send(this.topic, messages);
  }
}
