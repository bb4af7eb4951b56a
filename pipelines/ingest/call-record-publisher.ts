import type { ReliableProducer, SendReport } from '../kafka/reliable-producer.ts';
import type { AvroCodec } from '../schema-registry/avro-codec.ts';
import type { CallRecord } from './call-record.ts';

/** Publishes call records in Schema Registry wire format, keyed by SIP account (all its calls in one partition). */
export class CallRecordPublisher {
  constructor(
    private readonly codec: AvroCodec,
    private readonly schemaId: number,
    private readonly producer: ReliableProducer,
    private readonly topic: string,
  ) {}

  async publish(records: readonly CallRecord[]): Promise<SendReport> {
    const messages = await Promise.all(
      records.map(async (record) => ({
        key: record.accountId,
        value: await this.codec.encode(this.schemaId, record),
      })),
    );
    return this.producer.send(this.topic, messages);
  }
}
