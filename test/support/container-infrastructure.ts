import { statSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import {
  GenericContainer,
  Network,
  Wait,
  getContainerRuntimeClient,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';
import { retry } from '../../pipelines/core/retry.ts';
import {
  COMPOSE_FILE,
  REPOSITORY_ROOT,
  composeImage,
  composeService,
  readComposeFile,
  type ComposeFile,
  type ComposeService,
} from './compose-file.ts';
import {
  advertiseHostListenerAt,
  hostListener,
  rebaseUrl,
  redactUrl,
  withCredentials,
} from './container-settings.ts';
import type { TestInfrastructure } from './test-infrastructure.ts';

/**
 * Real Kafka (KRaft), Confluent Schema Registry and ClickHouse in containers, for machines with a
 * container runtime. Images, environments and mounted files come from docker-compose.yml, so the tests
 * run what `docker compose up` runs; only the host ports differ (random, mapped by the runtime).
 */

const RUNTIME_PROBE_TIMEOUT_MS = 3_000;
const STARTUP_TIMEOUT_MS = 180_000;

/**
 * Whether testcontainers finds a working container runtime. Quiet (testcontainers logs only under
 * DEBUG=testcontainers*) and bounded: a runtime that does not answer within `timeoutMs` counts as absent.
 */
export async function containerRuntimeAvailable(
  options: { readonly timeoutMs?: number } = {},
): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? RUNTIME_PROBE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
    timer.unref();
  });
  const probe = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ContainerInfrastructureOptions {
  readonly composeFile?: string;
  /** Per container, image pull included. */
  readonly startupTimeoutMs?: number;
}

export async function startContainerInfrastructure(
  options: ContainerInfrastructureOptions = {},
): Promise<TestInfrastructure> {
  const compose = readComposeFile(options.composeFile ?? COMPOSE_FILE);
  const startupTimeoutMs = options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS;
  const network = await new Network().start();
  const containers: StartedTestContainer[] = [];
  let admin: Admin | undefined;
  const stop = async (): Promise<void> => {
    await stopAll(admin, containers, network);
  };
  try {
    // ClickHouse does not depend on Kafka: both start at once. Every started container is kept for cleanup.
    const [kafkaStart, clickhouseStart] = await Promise.allSettled([
      startKafka(composeService(compose, 'kafka'), network, startupTimeoutMs),
      startClickHouse(composeService(compose, 'clickhouse'), network, startupTimeoutMs),
    ]);
    if (kafkaStart.status === 'fulfilled') containers.push(kafkaStart.value.container);
    if (clickhouseStart.status === 'fulfilled') containers.push(clickhouseStart.value.container);
    if (kafkaStart.status === 'rejected') throw kafkaStart.reason;
    if (clickhouseStart.status === 'rejected') throw clickhouseStart.reason;
    const kafka = kafkaStart.value;
    const clickhouse = clickhouseStart.value;
    admin = await connectAdmin(kafka.brokers, startupTimeoutMs);
    const schemaRegistry = await startSchemaRegistry(
      composeService(compose, 'schema-registry'),
      network,
      startupTimeoutMs,
    );
    containers.push(schemaRegistry.container);
    const clickhouseUrl = clickHouseUrlFor(compose, clickhouse.container, clickhouse.port);
    const connectedAdmin = admin;
    return {
      kind: 'containers',
      description: [
        `containers (${kafka.container.getHost()}):`,
        `Kafka ${composeImage(compose, 'kafka')} KRaft at ${kafka.brokers.join(',')};`,
        `Schema Registry ${composeImage(compose, 'schema-registry')} at ${schemaRegistry.url};`,
        `ClickHouse ${composeImage(compose, 'clickhouse')} at ${redactUrl(clickhouseUrl)}`,
      ].join(' '),
      kafkaBrokers: kafka.brokers,
      schemaRegistryUrl: schemaRegistry.url,
      clickhouseUrl,
      createTopic: (name, partitions) => createTopic(connectedAdmin, name, partitions),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

interface StartedKafka {
  readonly container: StartedTestContainer;
  readonly brokers: readonly string[];
}

interface StartedHttpService {
  readonly container: StartedTestContainer;
  readonly port: number;
}

// Kafka must advertise the host port that the runtime maps, known only once the container runs: the
// container waits for a file holding KAFKA_ADVERTISED_LISTENERS, then runs the image's start script.
const KAFKA_WAITING_MESSAGE = 'cdr-pipeline: waiting for the advertised listeners';
const KAFKA_LISTENERS_FILE = '/tmp/cdr-advertised-listeners.sh';
const KAFKA_READY_FILE = '/tmp/cdr-advertised-listeners.ready';
const KAFKA_START_SCRIPT = '/etc/kafka/docker/run';

async function startKafka(
  service: ComposeService,
  network: StartedNetwork,
  startupTimeoutMs: number,
): Promise<StartedKafka> {
  const { KAFKA_ADVERTISED_LISTENERS: advertised = '', ...environment } = service.environment;
  const listener = hostListener(advertised);
  const container = await new GenericContainer(imageOf(service))
    .withNetwork(network)
    .withNetworkAliases(service.name)
    .withEnvironment(environment)
    .withExposedPorts(listener.port)
    .withCommand([
      'sh',
      '-c',
      `echo '${KAFKA_WAITING_MESSAGE}'; while [ ! -f ${KAFKA_READY_FILE} ]; do sleep 0.1; done; ` +
        `. ${KAFKA_LISTENERS_FILE} && exec ${KAFKA_START_SCRIPT}`,
    ])
    .withWaitStrategy(Wait.forLogMessage(KAFKA_WAITING_MESSAGE))
    .withStartupTimeout(startupTimeoutMs)
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(listener.port);
  const listeners = advertiseHostListenerAt(advertised, host, port);
  await container.copyContentToContainer([
    {
      content: `export KAFKA_ADVERTISED_LISTENERS='${listeners}'\n`,
      target: KAFKA_LISTENERS_FILE,
      mode: 0o644,
    },
  ]);
  // A second copy, so that the script never reads a half-written listeners file.
  await container.copyContentToContainer([{ content: '', target: KAFKA_READY_FILE, mode: 0o644 }]);
  return { container, brokers: [`${host}:${port}`] };
}

async function startClickHouse(
  service: ComposeService,
  network: StartedNetwork,
  startupTimeoutMs: number,
): Promise<StartedHttpService> {
  const port = firstPublishedPort(service);
  // Bind mounts of the compose file become copies: they also work with a remote runtime.
  const copies = service.mounts
    .filter(({ type }) => type === 'bind')
    .map(({ source, target }) => ({ source: path.resolve(REPOSITORY_ROOT, source), target, mode: 0o644 }));
  const container = await new GenericContainer(imageOf(service))
    .withNetwork(network)
    .withNetworkAliases(service.name)
    .withEnvironment({ ...service.environment })
    .withCopyFilesToContainer(copies.filter(({ source }) => statSync(source).isFile()))
    .withCopyDirectoriesToContainer(copies.filter(({ source }) => statSync(source).isDirectory()))
    .withUlimits(service.ulimits)
    .withExposedPorts(port)
    .withWaitStrategy(Wait.forHttp('/ping', port).forStatusCode(200))
    .withStartupTimeout(startupTimeoutMs)
    .start();
  return { container, port };
}

async function startSchemaRegistry(
  service: ComposeService,
  network: StartedNetwork,
  startupTimeoutMs: number,
): Promise<{ readonly container: StartedTestContainer; readonly url: string }> {
  const port = firstPublishedPort(service);
  const container = await new GenericContainer(imageOf(service))
    .withNetwork(network)
    .withNetworkAliases(service.name)
    .withEnvironment({ ...service.environment })
    .withExposedPorts(port)
    .withWaitStrategy(Wait.forHttp('/subjects', port).forStatusCode(200))
    .withStartupTimeout(startupTimeoutMs)
    .start();
  return { container, url: `http://${container.getHost()}:${container.getMappedPort(port)}` };
}

/**
 * Where the tests reach ClickHouse as the pipeline does in the compose stack (CLICKHOUSE_URL, _USER,
 * _PASSWORD of the pipeline service): the container's mapped port, credentials in the URL.
 */
function clickHouseUrlFor(compose: ComposeFile, container: StartedTestContainer, port: number): string {
  const environment = composeService(compose, 'pipeline').environment;
  const url = environment['CLICKHOUSE_URL'];
  if (url === undefined) throw new Error('service "pipeline" of docker-compose.yml has no CLICKHOUSE_URL');
  return withCredentials(
    rebaseUrl(url, container.getHost(), container.getMappedPort(port)),
    environment['CLICKHOUSE_USER'],
    environment['CLICKHOUSE_PASSWORD'],
  );
}

/** Polls until the broker answers through its advertised host listener. */
async function connectAdmin(brokers: readonly string[], startupTimeoutMs: number): Promise<Admin> {
  const kafka = new Kafka({
    clientId: 'cdr-pipeline-test-infrastructure',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const delayMs = 500;
  return retry(
    async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        await admin.describeCluster();
        return admin;
      } catch (error) {
        await admin.disconnect().catch(() => undefined);
        throw error;
      }
    },
    {
      maxAttempts: Math.max(1, Math.ceil(startupTimeoutMs / delayMs)),
      initialDelayMs: delayMs,
      maxDelayMs: delayMs,
      factor: 1,
      jitter: 0,
      shouldRetry: () => true,
    },
  );
}

async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const actual = topics[0]?.partitions.length;
  if (actual !== partitions) {
    throw new Error(`topic ${topic} has ${String(actual)} partitions, ${partitions} were asked for`);
  }
}

async function stopAll(
  admin: Admin | undefined,
  containers: readonly StartedTestContainer[],
  network: StartedNetwork,
): Promise<void> {
  await admin?.disconnect().catch(() => undefined);
  const results = await Promise.allSettled(containers.map((container) => container.stop()));
  const failures: unknown[] = [];
  for (const result of results) {
    if (result.status === 'rejected') failures.push(result.reason);
  }
  try {
    await network.stop();
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) throw new AggregateError(failures, 'stopping the test containers failed');
}

function imageOf(service: ComposeService): string {
  if (service.image === undefined)
    throw new Error(`service "${service.name}" of docker-compose.yml has no image`);
  return service.image;
}

function firstPublishedPort(service: ComposeService): number {
  const [port] = service.publishedPorts;
  if (port === undefined)
    throw new Error(`service "${service.name}" of docker-compose.yml publishes no port`);
  return port;
}
