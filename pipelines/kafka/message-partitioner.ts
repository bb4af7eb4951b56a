import { randomInt } from 'node:crypto';
import type { Message } from 'kafkajs';

/**
 * The partition of a message, chosen before sending so that the producer knows which partitions must
 * acknowledge (see reliable-producer.ts). Same choice as kafkajs's DefaultPartitioner and the Java
 * client's for keyed messages: murmur2 of the key bytes, positive, modulo the partition count.
 */

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k =
      (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length % 4;
  if (rest > 0) {
    if (rest === 3) h ^= (data[whole + 2] ?? 0) << 16;
    if (rest >= 2) h ^= (data[whole + 1] ?? 0) << 8;
    h ^= data[whole] ?? 0;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export function partitionForKey(key: Buffer | string, partitionCount: number): number {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return (murmur2(bytes) & 0x7fffffff) % partitionCount;
}

export interface TopicPartitions {
  /** Partition count. */
  readonly count: number;
  /** Partitions that had a leader when metadata was read; unkeyed messages go round-robin over these. */
  readonly available: readonly number[];
}

/** Explicit partition first, then the key's hash, else round-robin (per topic, random start). */
export class MessagePartitioner {
  private readonly counters = new Map<string, number>();

  partitionOf(topic: string, message: Message, partitions: TopicPartitions): number {
    if (message.partition !== undefined) return message.partition;
    if (message.key !== undefined && message.key !== null)
      return partitionForKey(message.key, partitions.count);
    const counter = (this.counters.get(topic) ?? randomInt(0x7fffffff)) + 1;
    this.counters.set(topic, counter & 0x7fffffff);
    const choices = partitions.available;
    const index = counter & 0x7fffffff;
    return choices.length > 0 ? (choices[index % choices.length] ?? 0) : index % partitions.count;
  }
}
