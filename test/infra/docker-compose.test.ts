import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  REPOSITORY_ROOT,
  composeService,
  parseComposeFile,
  readComposeFile,
} from '../support/compose-file.ts';
import { hostListener, parseListeners } from '../support/container-settings.ts';

/**
 * Static checks of the Docker side of the product (docker-compose.yml, the Dockerfile, ClickHouse users,
 * Grafana provisioning): this machine has no Docker engine, so these are what can fail here when a file
 * reference, a port or a name drifts.
 */
const fromRoot = (...parts: string[]): string => path.join(REPOSITORY_ROOT, ...parts);
const compose = readComposeFile();
const services = [...compose.services.values()];
const grafana = composeService(compose, 'grafana');
const clickhouse = composeService(compose, 'clickhouse');
const pipeline = composeService(compose, 'pipeline');
const usersXml = readFileSync(fromRoot('infra/clickhouse/users.d/users.xml'), 'utf8');

describe('docker-compose.yml', () => {
  it('defines the stack', () => {
    expect([...compose.services.keys()].sort()).toEqual(
      ['clickhouse', 'grafana', 'kafka', 'pipeline', 'schema-registry'].sort(),
    );
  });

  it.each(services)('$name has a pinned image or a build whose context and Dockerfile exist', (service) => {
    if (service.build !== undefined) {
      const context = fromRoot(service.build.context);
      expect(statSync(context).isDirectory()).toBe(true);
      expect(existsSync(path.join(context, service.build.dockerfile))).toBe(true);
      return;
    }
    expect(service.image).toMatch(/^[a-z0-9./-]+:[0-9][\w.-]*$/);
  });

  it.each(services)('$name bind-mounts only paths that exist in the repository', (service) => {
    for (const mount of service.mounts.filter(({ type }) => type === 'bind')) {
      expect(mount.source, `${service.name}: ${mount.source}`).toMatch(/^\.\//);
      expect(existsSync(fromRoot(mount.source)), `${service.name}: ${mount.source}`).toBe(true);
    }
  });

  it.each(services)('$name uses only declared named volumes', (service) => {
    for (const mount of service.mounts.filter(({ type }) => type === 'volume')) {
      expect(compose.namedVolumes).toContain(mount.source);
    }
  });

  it.each(['kafka', 'schema-registry', 'clickhouse'])('%s has a healthcheck', (name) => {
    expect(composeService(compose, name).hasHealthcheck).toBe(true);
  });

  it.each(services)(
    '$name depends only on existing services, healthy ones having a healthcheck',
    (service) => {
      for (const [dependency, condition] of Object.entries(service.dependsOn)) {
        expect(compose.services.has(dependency), `${service.name} -> ${dependency}`).toBe(true);
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') {
          expect(composeService(compose, dependency).hasHealthcheck, `${service.name} -> ${dependency}`).toBe(
            true,
          );
        }
      }
    },
  );

  it('starts the pipeline after the services it uses are healthy', () => {
    expect(pipeline.dependsOn).toEqual({
      kafka: 'service_healthy',
      'schema-registry': 'service_healthy',
      clickhouse: 'service_healthy',
    });
  });

  it('points the pipeline at the in-stack addresses of Kafka, Schema Registry and ClickHouse', () => {
    const kafka = composeService(compose, 'kafka').environment;
    const advertised = parseListeners(kafka['KAFKA_ADVERTISED_LISTENERS'] ?? '');
    const inStack = advertised.find(({ name }) => name === kafka['KAFKA_INTER_BROKER_LISTENER_NAME']);
    expect(pipeline.environment['KAFKA_BROKERS']).toBe(`${inStack?.host ?? ''}:${inStack?.port ?? 0}`);
    expect(compose.services.has(inStack?.host ?? '')).toBe(true);

    const registry = new URL(pipeline.environment['SCHEMA_REGISTRY_URL'] ?? '');
    expect(compose.services.has(registry.hostname)).toBe(true);
    expect(composeService(compose, 'schema-registry').publishedPorts).toContain(Number(registry.port));

    const clickhouseUrl = new URL(pipeline.environment['CLICKHOUSE_URL'] ?? '');
    expect(clickhouseUrl.hostname).toBe('clickhouse');
    expect(clickhouse.publishedPorts).toContain(Number(clickhouseUrl.port));
  });

  it('advertises a host listener that is published on the same port', () => {
    const kafka = composeService(compose, 'kafka');
    const listener = hostListener(kafka.environment['KAFKA_ADVERTISED_LISTENERS'] ?? '');
    expect(kafka.publishedPorts).toContain(listener.port);
    expect(kafka.environment['KAFKA_LISTENERS']).toContain(`${listener.name}://:${listener.port}`);
  });

  it('interpolates development defaults and lets the environment override them', () => {
    const text = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
    const defaults = composeService(parseComposeFile(text, {}), 'pipeline').environment;
    const overridden = composeService(
      parseComposeFile(text, { CLICKHOUSE_APP_PASSWORD: 'from-env' }),
      'pipeline',
    );
    expect(defaults['CLICKHOUSE_PASSWORD']).toBe('cdr_app_dev');
    expect(overridden.environment['CLICKHOUSE_PASSWORD']).toBe('from-env');
  });
});

describe('ClickHouse users (infra/clickhouse/users.d/users.xml)', () => {
  const block = (section: string, name: string): string => {
    const content = new RegExp(`<${section}>([\\s\\S]*)</${section}>`).exec(usersXml)?.[1] ?? '';
    return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(content)?.[1] ?? '';
  };
  const userBlock = (name: string): string => block('users', name);
  const profileBlock = (name: string): string => block('profiles', name);

  it('defines the user the pipeline connects as', () => {
    expect(userBlock(pipeline.environment['CLICKHOUSE_USER'] ?? 'missing')).toContain('<password');
  });

  it('defines bi_reader as read-only, limited to SELECT on the cdr database', () => {
    const bi = userBlock('bi_reader');
    expect(bi).toContain('<profile>bi_reader</profile>');
    expect(bi).toMatch(/GRANT SELECT ON cdr\.\*/);
    expect(profileBlock('bi_reader')).toContain('<readonly>1</readonly>');
    expect(profileBlock('bi_reader')).toContain('<changeable_in_readonly/>');
  });

  it('reads every password from a variable that the clickhouse service sets', () => {
    const variables = [...usersXml.matchAll(/from_env="([A-Z_]+)"/g)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThanOrEqual(2);
    for (const variable of variables) {
      expect(clickhouse.environment[variable ?? '']).toBeTruthy();
    }
  });

  it('is mounted into users.d as a file (the image writes its own file there)', () => {
    const mount = clickhouse.mounts.find(({ source }) => source === './infra/clickhouse/users.d/users.xml');
    expect(mount?.target).toMatch(/^\/etc\/clickhouse-server\/users\.d\/[\w-]+\.xml$/);
    expect(mount?.readOnly).toBe(true);
  });
});

describe('Grafana provisioning', () => {
  const mountTarget = (source: string): string => {
    const mount = grafana.mounts.find(
      (candidate) => path.normalize(candidate.source) === path.normalize(source),
    );
    if (mount === undefined) throw new Error(`grafana does not mount ${source}`);
    return mount.target;
  };
  const provisioningTarget = mountTarget('./infra/grafana/provisioning');
  const datasources = parse(
    readFileSync(fromRoot('infra/grafana/provisioning/datasources/clickhouse.yaml'), 'utf8'),
  ) as {
    datasources: {
      uid: string;
      type: string;
      jsonData: Record<string, unknown>;
      secureJsonData: Record<string, string>;
    }[];
  };
  const providers = parse(
    readFileSync(fromRoot('infra/grafana/provisioning/dashboards/provider.yaml'), 'utf8'),
  ) as {
    providers: { type: string; options: { path: string } }[];
  };
  const provisionedUids = new Set(datasources.datasources.map(({ uid }) => uid));
  const dashboardFiles = readdirSync(fromRoot('infra/grafana/dashboards')).filter((file) =>
    file.endsWith('.json'),
  );

  it('mounts the provisioning directory where Grafana reads it', () => {
    expect(provisioningTarget).toBe('/etc/grafana/provisioning');
  });

  it('provisions ClickHouse through the official plugin, which Grafana installs', () => {
    const [datasource] = datasources.datasources;
    expect(datasource?.type).toBe('grafana-clickhouse-datasource');
    const installed = [
      grafana.environment['GF_PLUGINS_PREINSTALL_SYNC'],
      grafana.environment['GF_INSTALL_PLUGINS'],
    ]
      .flatMap((list) => (list ?? '').split(','))
      .map((plugin) => plugin.trim().split('@')[0]);
    expect(installed).toContain('grafana-clickhouse-datasource');
  });

  it('connects as the read-only user, with a password Grafana receives from the environment', () => {
    const [datasource] = datasources.datasources;
    expect(datasource?.jsonData['host']).toBe('clickhouse');
    expect(datasource?.jsonData['username']).toBe('bi_reader');
    expect(datasource?.jsonData['protocol']).toBe('native');
    const variable = /^\$\{?([A-Z_]+)\}?$/.exec(datasource?.secureJsonData['password'] ?? '')?.[1] ?? '';
    expect(grafana.environment[variable]).toBe(clickhouse.environment[variable]);
  });

  it('loads dashboards from the directory that the compose file mounts', () => {
    const [provider] = providers.providers;
    expect(provider?.type).toBe('file');
    expect(provider?.options.path).toBe(mountTarget('./infra/grafana/dashboards'));
    expect(dashboardFiles).toContain('ingest.json');
  });

  it.each(dashboardFiles)('%s parses and uses only the provisioned datasource', (file) => {
    const dashboard = JSON.parse(readFileSync(fromRoot('infra/grafana/dashboards', file), 'utf8')) as {
      uid: string;
      panels: unknown[];
    };
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    const references = datasourceReferences(dashboard.panels);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(provisionedUids).toContain(reference.uid);
      expect(reference.type).toBe('grafana-clickhouse-datasource');
    }
  });
});

describe('infra/docker/Dockerfile', () => {
  const build = pipeline.build;
  const dockerfile =
    build === undefined ? '' : readFileSync(fromRoot(build.context, build.dockerfile), 'utf8');
  const copySources = [...dockerfile.matchAll(/^COPY\s+(?!--from)(?:--\S+\s+)*(.+)$/gm)].flatMap((match) => {
    const words = (match[1] ?? '').trim().split(/\s+/);
    return words.slice(0, -1);
  });
  const dockerignore = readFileSync(fromRoot('.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('copies only sources that exist', () => {
    expect(copySources.length).toBeGreaterThan(0);
    for (const source of copySources) expect(existsSync(fromRoot(source)), source).toBe(true);
  });

  it('copies only sources that .dockerignore lets into the build context', () => {
    expect(dockerignore[0]).toBe('*');
    const allowed = dockerignore
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    for (const source of copySources) {
      const normalized = source.replace(/\/$/, '');
      expect(
        allowed.some((entry) => normalized === entry || normalized.startsWith(`${entry}/`)),
        source,
      ).toBe(true);
    }
  });

  it('runs as a non-root user, with the CLI as entrypoint', () => {
    expect(dockerfile).toMatch(/^FROM node:22-bookworm-slim|^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^USER (?!root)\w+$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "bin\/cdr-pipeline\.js"\]$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });

  it('is what the compose file builds', () => {
    expect(build).toEqual({ context: '.', dockerfile: 'infra/docker/Dockerfile' });
  });
});

interface DatasourceReference {
  readonly uid: unknown;
  readonly type: unknown;
}

/** Every `datasource` object in panels and their targets, except Grafana's built-in ones. */
function datasourceReferences(node: unknown): DatasourceReference[] {
  if (Array.isArray(node)) return node.flatMap(datasourceReferences);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Record<string, unknown>;
  const own: DatasourceReference[] = [];
  const datasource = record['datasource'];
  if (typeof datasource === 'object' && datasource !== null) {
    const { uid, type } = datasource as Record<string, unknown>;
    if (uid !== 'grafana' && uid !== '-- Grafana --') own.push({ uid, type });
  }
  return [
    ...own,
    ...Object.entries(record)
      .filter(([key]) => key !== 'datasource')
      .flatMap(([, value]) => datasourceReferences(value)),
  ];
}
