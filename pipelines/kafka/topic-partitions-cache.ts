import type { Admin } from 'kafkajs';
import { PipelineError, errorMessage } from '../core/errors.ts';
import type { TopicPartitions } from './message-partitioner.ts';

/** Where partition metadata comes from: a connected kafkajs admin client satisfies it. */
export type TopicMetadataSource = Pick<Admin, 'fetchTopicMetadata'>;

interface Entry {
  readonly partitions: Promise<TopicPartitions>;
  readonly fetchedAt: number;
}

/**
 * Partition counts per topic, read from metadata once and kept for `maxAgeMs` (partition counts only
 * grow, and rarely). Concurrent callers share one metadata request; failures are not cached.
 */
export class TopicPartitionsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly source: TopicMetadataSource,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(topic: string): Promise<TopicPartitions> {
    const cached = this.entries.get(topic);
    if (cached !== undefined && this.now() - cached.fetchedAt < this.maxAgeMs) return cached.partitions;
    const partitions = this.fetch(topic);
    this.entries.set(topic, { partitions, fetchedAt: this.now() });
    partitions.catch(() => {
      if (this.entries.get(topic)?.partitions === partitions) this.entries.delete(topic);
    });
    return partitions;
  }

  /** Forgets a topic, e.g. after a send to it failed, so the next send reads fresh metadata. */
  invalidate(topic: string): void {
    this.entries.delete(topic);
  }

  private async fetch(topic: string): Promise<TopicPartitions> {
    let metadata;
    try {
      metadata = await this.source.fetchTopicMetadata({ topics: [topic] });
    } catch (error) {
      throw new PipelineError(
        'KAFKA_UNAVAILABLE',
        `cannot read metadata of topic ${topic}: ${errorMessage(error)}`,
        {
          retriable: true,
          cause: error,
        },
      );
    }
    const partitions = metadata.topics.find((t) => t.name === topic)?.partitions ?? [];
    if (partitions.length === 0) {
      throw new PipelineError('KAFKA_UNAVAILABLE', `topic ${topic} has no partitions in metadata`, {
        retriable: true,
      });
    }
    return {
      count: partitions.length,
      available: partitions
        .filter((p) => p.leader >= 0)
        .map((p) => p.partitionId)
        .sort((a, b) => a - b),
    };
  }
}
