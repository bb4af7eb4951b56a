import { KafkaMockCluster } from './kafka-mock-cluster.ts';
import { SchemaRegistryDouble } from './schema-registry-double.ts';

/**
 * The servers this machine can run without Docker: librdkafka's mock cluster as the Kafka broker and the
 * Schema Registry double. ClickHouse needs no server: chDB runs in-process.
 */
export class LocalInfrastructure {
  private constructor(
    readonly kafka: KafkaMockCluster,
    readonly schemaRegistry: SchemaRegistryDouble,
  ) {}

  static async start(
    options: { brokers?: number; topics?: { name: string; partitions: number }[] } = {},
  ): Promise<LocalInfrastructure> {
    const kafka = await KafkaMockCluster.start({
      brokers: options.brokers ?? 3,
      topics: options.topics ?? [],
    });
    try {
      const schemaRegistry = await SchemaRegistryDouble.start();
      return new LocalInfrastructure(kafka, schemaRegistry);
    } catch (error) {
      await kafka.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.kafka.stop(), this.schemaRegistry.stop()]);
  }
}
