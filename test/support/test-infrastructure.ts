/**
 * The external services a test run talks to: real containers when a container runtime is available
 * (test/support/container-infrastructure.ts), local stand-ins otherwise (librdkafka mock cluster,
 * Schema Registry double, chDB in-process).
 */
export interface TestInfrastructure {
  readonly kind: 'containers' | 'local';
  /** Printed by the test run: which set was used. Never contains a password. */
  readonly description: string;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** `undefined`: tests use chDB in-process. May carry credentials (`http://user:password@host:port`). */
  readonly clickhouseUrl: string | undefined;
  createTopic(name: string, partitions: number): Promise<void>;
  stop(): Promise<void>;
}
