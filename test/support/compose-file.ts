import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * A reader for the parts of docker-compose.yml that the tests rely on: images, builds, environments,
 * mounts, health checks and dependencies. Environment values and images are interpolated the way
 * Compose does (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR`, `$$`).
 */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const COMPOSE_FILE = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));

export interface ComposeBuild {
  readonly context: string;
  readonly dockerfile: string;
}

export interface ComposeMount {
  readonly type: 'bind' | 'volume';
  /** Host path as written (bind) or volume name. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface ComposeService {
  readonly name: string;
  readonly image: string | undefined;
  readonly build: ComposeBuild | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly mounts: readonly ComposeMount[];
  /** Container ports published to the host. */
  readonly publishedPorts: readonly number[];
  readonly hasHealthcheck: boolean;
  readonly ulimits: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  /** Service name to condition (`service_started` when the short form is used). */
  readonly dependsOn: Readonly<Record<string, string>>;
}

export interface ComposeFile {
  readonly services: ReadonlyMap<string, ComposeService>;
  readonly namedVolumes: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>>;

export function readComposeFile(path: string = COMPOSE_FILE, env: Env = process.env): ComposeFile {
  return parseComposeFile(readFileSync(path, 'utf8'), env);
}

export function composeService(compose: ComposeFile, name: string): ComposeService {
  const service = compose.services.get(name);
  if (service === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
}

export function composeImage(compose: ComposeFile, name: string): string {
  const { image } = composeService(compose, name);
  if (image === undefined) throw new Error(`service "${name}" of docker-compose.yml has no image`);
  return image;
}

export function parseComposeFile(text: string, env: Env = process.env): ComposeFile {
  const document = asRecord(parse(text), 'the compose file');
  const services = asRecord(document['services'], 'services');
  const parsed = new Map<string, ComposeService>();
  for (const [name, raw] of Object.entries(services)) {
    parsed.set(name, parseService(name, asRecord(raw, `service ${name}`), env));
  }
  const volumes = document['volumes'] === undefined ? {} : asRecord(document['volumes'], 'volumes');
  return { services: parsed, namedVolumes: Object.keys(volumes) };
}

function parseService(name: string, raw: Record<string, unknown>, env: Env): ComposeService {
  const image = raw['image'];
  return {
    name,
    image: typeof image === 'string' ? interpolate(image, env) : undefined,
    build: parseBuild(raw['build'], name),
    environment: parseEnvironment(raw['environment'], env, name),
    mounts: parseMounts(raw['volumes'], name),
    publishedPorts: parsePorts(raw['ports'], name),
    hasHealthcheck: raw['healthcheck'] !== undefined,
    ulimits: parseUlimits(raw['ulimits'], name),
    dependsOn: parseDependsOn(raw['depends_on'], name),
  };
}

function parseBuild(raw: unknown, service: string): ComposeBuild | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === 'string') return { context: raw, dockerfile: 'Dockerfile' };
  const build = asRecord(raw, `build of ${service}`);
  const context = build['context'] ?? '.';
  const dockerfile = build['dockerfile'] ?? 'Dockerfile';
  if (typeof context !== 'string' || typeof dockerfile !== 'string') {
    throw new Error(`build of ${service}: context and dockerfile must be strings`);
  }
  return { context, dockerfile };
}

function parseEnvironment(raw: unknown, env: Env, service: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (raw === undefined) return result;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      if (typeof entry !== 'string') throw new Error(`environment of ${service}: expected KEY=VALUE strings`);
      const at = entry.indexOf('=');
      if (at > 0) result[entry.slice(0, at)] = interpolate(entry.slice(at + 1), env);
    }
    return result;
  }
  for (const [key, value] of Object.entries(asRecord(raw, `environment of ${service}`))) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Error(`environment of ${service}: ${key} must be a scalar`);
    }
    result[key] = interpolate(String(value), env);
  }
  return result;
}

function parseMounts(raw: unknown, service: string): ComposeMount[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`volumes of ${service} must be a list`);
  return raw.map((entry: unknown) =>
    typeof entry === 'string' ? shortMount(entry) : longMount(entry, service),
  );
}

function shortMount(entry: string): ComposeMount {
  const [source = '', target = '', mode = ''] = entry.split(':');
  const isPath = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  return {
    type: isPath ? 'bind' : 'volume',
    source,
    target,
    readOnly: mode.split(',').includes('ro'),
  };
}

function longMount(entry: unknown, service: string): ComposeMount {
  const mount = asRecord(entry, `volume of ${service}`);
  const { type, source, target } = mount;
  if ((type !== 'bind' && type !== 'volume') || typeof source !== 'string' || typeof target !== 'string') {
    throw new Error(`volume of ${service}: expected type bind|volume, source and target`);
  }
  return { type, source, target, readOnly: mount['read_only'] === true };
}

function parsePorts(raw: unknown, service: string): number[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`ports of ${service} must be a list`);
  return raw.map((entry: unknown) => {
    if (typeof entry === 'number') return entry;
    if (typeof entry === 'string') return Number(entry.split(':').at(-1)?.split('/')[0]);
    const target = asRecord(entry, `port of ${service}`)['target'];
    return Number(target);
  });
}

function parseUlimits(raw: unknown, service: string): Record<string, { soft: number; hard: number }> {
  const result: Record<string, { soft: number; hard: number }> = {};
  if (raw === undefined) return result;
  for (const [name, limit] of Object.entries(asRecord(raw, `ulimits of ${service}`))) {
    if (typeof limit === 'number') {
      result[name] = { soft: limit, hard: limit };
      continue;
    }
    const { soft, hard } = asRecord(limit, `ulimits.${name} of ${service}`);
    if (typeof soft !== 'number' || typeof hard !== 'number') {
      throw new Error(`ulimits.${name} of ${service}: soft and hard must be numbers`);
    }
    result[name] = { soft, hard };
  }
  return result;
}

function parseDependsOn(raw: unknown, service: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (raw === undefined) return result;
  if (Array.isArray(raw)) {
    for (const name of raw) result[String(name)] = 'service_started';
    return result;
  }
  for (const [name, spec] of Object.entries(asRecord(raw, `depends_on of ${service}`))) {
    const condition = asRecord(spec, `depends_on.${name} of ${service}`)['condition'];
    result[name] = typeof condition === 'string' ? condition : 'service_started';
  }
  return result;
}

/** Compose variable interpolation, for the forms this repository uses and a few more. */
export function interpolate(value: string, env: Env): string {
  return value.replace(
    /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match: string, braced?: string, operator?: string, argument?: string, bare?: string): string => {
      if (match === '$$') return '$';
      const name = braced ?? bare ?? '';
      const current = env[name];
      const unset =
        operator?.startsWith(':') === true ? current === undefined || current === '' : current === undefined;
      if (operator === undefined || !unset) return current ?? '';
      if (operator.endsWith('?')) throw new Error(`required variable ${name} is not set: ${argument ?? ''}`);
      return argument ?? '';
    },
  );
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a mapping`);
  }
  return value as Record<string, unknown>;
}
