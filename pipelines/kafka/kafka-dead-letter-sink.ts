import type { Logger } from '../core/logger.ts';
import { deadLetterHeaders, type DeadLetter, type DeadLetterSink } from '../streaming/dead-letter.ts';
import type { ReliableProducer } from './reliable-producer.ts';

/**
 * Dead letters to a Kafka topic: the original key and bytes, the original headers, and the reason in
 * `dlq.*` headers. Resolves once every target partition acknowledged (ReliableProducer).
 */
export class KafkaDeadLetterSink implements DeadLetterSink {
  constructor(
    private readonly producer: ReliableProducer,
    private readonly topic: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(letters: readonly DeadLetter[]): Promise<void> {
    const failedAt = this.now();
    await this.producer.send(
      this.topic,
      letters.map((letter) => ({
        key: letter.record.key,
        value: letter.record.value,
        headers: { ...letter.record.headers, ...deadLetterHeaders(letter, failedAt) },
      })),
    );
    this.logger.debug({ topic: this.topic, count: letters.length }, 'dead letters stored');
  }
}
