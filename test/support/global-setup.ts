import { createServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { LocalInfrastructure } from '../../infra/local/local-infrastructure.ts';
import { containerRuntimeAvailable, startContainerInfrastructure } from './container-infrastructure.ts';
import type { ProvidedInfrastructure } from './infrastructure.ts';

/**
 * Starts the infrastructure shared by the integration tests, once per run: real containers where a
 * container runtime answers, otherwise the local parts (librdkafka mock cluster, Schema Registry double,
 * chDB in-process). The same test files run either way; the run says which set it used.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (await containerRuntimeAvailable()) {
    const infrastructure = await startContainerInfrastructure();
    announce(infrastructure.description);
    project.provide('infrastructure', {
      kind: 'containers',
      description: infrastructure.description,
      kafkaBrokers: [...infrastructure.kafkaBrokers],
      schemaRegistryUrl: infrastructure.schemaRegistryUrl,
      clickhouseUrl: infrastructure.clickhouseUrl,
      topicControlUrl: undefined,
    } satisfies ProvidedInfrastructure);
    return () => infrastructure.stop();
  }

  const local = await LocalInfrastructure.start({ brokers: 3 });
  const control = await startTopicControl(local);
  const description = `local parts (no container runtime): librdkafka mock cluster ${local.kafka.bootstrapServers.join(',')}, Schema Registry double ${local.schemaRegistry.url}, chDB in-process`;
  announce(description);
  project.provide('infrastructure', {
    kind: 'local',
    description,
    kafkaBrokers: [...local.kafka.bootstrapServers],
    schemaRegistryUrl: local.schemaRegistry.url,
    clickhouseUrl: undefined,
    topicControlUrl: control.url,
  } satisfies ProvidedInfrastructure);
  return async () => {
    await new Promise<void>((resolve) =>
      control.server.close(() => {
        resolve();
      }),
    );
    await local.stop();
  };
}

function announce(description: string): void {
  process.stdout.write(`\n[test infrastructure] ${description}\n\n`);
}

/**
 * The mock cluster is driven through its parent's stdin, which lives in this process; test workers run in
 * other processes and create their topics through this small loopback endpoint.
 */
async function startTopicControl(local: LocalInfrastructure): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { name, partitions } = JSON.parse(body) as { name: string; partitions: number };
      local.kafka.createTopic(name, partitions).then(
        () => {
          response.writeHead(204).end();
        },
        (error: unknown) => {
          response.writeHead(500).end(String(error));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('topic control server has no port');
  return { server, url: `http://127.0.0.1:${address.port}/topics` };
}
