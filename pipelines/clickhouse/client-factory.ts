import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
  type ClickHouseSettings,
  type Logger as ClientLogger,
} from '@clickhouse/client';
import { PipelineError, errorMessage } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { parseOptions } from '../config/options.ts';
import { acquireChdbPath, releaseChdbPath } from './chdb-binding.ts';
import { toClickHouseError } from './errors.ts';
import { clickHouseOptionsSpec, type ClickHouseOptions } from './options.ts';
import { ChdbSessionConnection, type ClientConnection } from './chdb-session-connection.ts';

export { toClickHouseError } from './errors.ts';

/**
 * Settings sent with every query, in both modes:
 * - Decimals and 64-bit integers come back as JSON strings, so money and offsets read back exactly
 *   (JSON numbers lose digits beyond 2^53, and chDB prints both unquoted by default).
 * - DateTime input accepts ISO 8601 (`2024-05-01T10:00:00.123Z`) as well as `2024-05-01 10:00:00.123`.
 * ClickHouse 18.x rejects `output_format_json_quote_decimals` (unknown setting), so legacy mode omits it.
 */
export function clickHouseSettingsFor(options: Pick<ClickHouseOptions, 'legacyServer'>): ClickHouseSettings {
  return {
    ...(options.legacyServer ? {} : { output_format_json_quote_decimals: 1 }),
    output_format_json_quote_64bit_integers: 1,
    date_time_input_format: 'best_effort',
  };
}

/**
 * The one way to get a ClickHouse client. With `url`: HTTP to a server. Without: chDB in this
 * process, data in `dataPath`. Either way the returned client's default database is
 * `options.database`, created first unless `createDatabase` is false; so callers (and migrations)
 * use unqualified table names.
 *
 * chDB: one data directory per process. Asking again for the same directory gives another client
 * (its own chDB session) on the same engine; the directory is released when the last such client
 * is closed. Asking for a different directory while one is held fails with CHDB_PATH_IN_USE.
 *
 * Fails with CLICKHOUSE_UNAVAILABLE (retriable) when the server cannot be reached: wrap in `retry()`
 * to wait for a server that is starting.
 */
export async function createClickHouseClient(
  input: Readonly<Partial<ClickHouseOptions>>,
  logger: Logger,
): Promise<ClickHouseClient> {
  const options = parseOptions('clickhouse', clickHouseOptionsSpec, input);
  const log = logger.child({ component: 'clickhouse' });
  return options.url === undefined ? openChdb(options, log) : openServer(options.url, options, log);
}

async function openServer(
  url: string,
  options: ClickHouseOptions,
  logger: Logger,
): Promise<ClickHouseClient> {
  const shownUrl = urlWithoutCredentials(url);
  const base: ClickHouseClientConfigOptions = {
    url,
    username: options.username,
    password: options.password,
    request_timeout: options.requestTimeoutMs,
    max_open_connections: options.maxOpenConnections,
    application: 'cdr-pipeline',
    clickhouse_settings: clickHouseSettingsFor(options),
    log: clientLog(logger),
  };
  if (options.createDatabase) {
    // The HTTP `database` parameter must name an existing database, so a first client without it creates it.
    const bootstrap = createClient(base);
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}` });
    } catch (error) {
      throw toClickHouseError(error);
    } finally {
      await bootstrap.close();
    }
  }
  const client = createClient({ ...base, database: options.database });
  logger.info({ mode: 'server', url: shownUrl, database: options.database }, 'ClickHouse client ready');
  return client;
}

/**
 * chDB is an optional dependency (a 550 MB native library, x86-64 and arm64 Linux and macOS builds):
 * it is loaded only when no server URL is configured, so a deployment against a ClickHouse server
 * can leave it out (`npm ci --omit=optional`).
 */
async function loadChdb(): Promise<typeof import('chdb/connection')> {
  try {
    return await import('chdb/connection');
  } catch (error) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `no CLICKHOUSE_URL is set and chDB (the in-process ClickHouse) cannot be loaded: ${errorMessage(error)}. ` +
        'Set CLICKHOUSE_URL to use a ClickHouse server, or install the optional dependency chdb.',
      { cause: error },
    );
  }
}

async function openChdb(options: ClickHouseOptions, logger: Logger): Promise<ClickHouseClient> {
  const path = options.dataPath === ':memory:' ? ':memory:' : resolve(options.dataPath);
  if (path !== ':memory:') mkdirSync(path, { recursive: true });
  const { createChdbConnection } = await loadChdb();
  acquireChdbPath(path);
  let chdb: ClientConnection;
  try {
    // chdb types its connection with its own copy of @clickhouse/client-common, whose settings type
    // differs in details from the one bundled in @clickhouse/client; at run time they are the same contract.
    chdb = createChdbConnection({ path }) as unknown as ClientConnection;
  } catch (error) {
    releaseChdbPath(path);
    throw new PipelineError('CHDB_PATH_IN_USE', `chDB could not open ${path}: ${errorMessage(error)}`, {
      cause: error,
      details: { path },
    });
  }
  let connection: ChdbSessionConnection;
  try {
    connection = await ChdbSessionConnection.open(chdb, clickHouseSettingsFor(options), () => {
      releaseChdbPath(path);
    });
  } catch (error) {
    await chdb.close();
    releaseChdbPath(path);
    throw toClickHouseError(error);
  }
  // The session settings are set once on the chDB session (see ChdbSessionConnection), not per query.
  const client = createClient({ connection, log: clientLog(logger) });
  try {
    if (options.createDatabase) {
      await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}` });
    }
    // A chDB session keeps its current database across queries: this makes it the client's default.
    await client.command({ query: `USE ${options.database}` });
  } catch (error) {
    await client.close();
    throw toClickHouseError(error);
  }
  logger.info({ mode: 'chdb', path, database: options.database }, 'ClickHouse client ready');
  return client;
}

/**
 * Routes @clickhouse/client's own log lines into pino. It logs every failed request at error level;
 * the caller receives that error and decides (retry, fail), so those lines go to debug here.
 */
function clientLog(logger: Logger): NonNullable<ClickHouseClientConfigOptions['log']> {
  const log = logger.child({ component: 'clickhouse-client' });
  class PinoClientLogger implements ClientLogger {
    trace(p: Parameters<ClientLogger['trace']>[0]): void {
      log.trace({ module: p.module, args: p.args }, p.message);
    }
    debug(p: Parameters<ClientLogger['debug']>[0]): void {
      log.debug({ module: p.module, args: p.args }, p.message);
    }
    info(p: Parameters<ClientLogger['info']>[0]): void {
      log.debug({ module: p.module, args: p.args }, p.message);
    }
    warn(p: Parameters<ClientLogger['warn']>[0]): void {
      log.warn({ module: p.module, args: p.args, err: p.err }, p.message);
    }
    error(p: Parameters<ClientLogger['error']>[0]): void {
      log.debug({ module: p.module, args: p.args, err: p.err }, p.message);
    }
  }
  const level = logger.isLevelEnabled('trace')
    ? ClickHouseLogLevel.TRACE
    : logger.isLevelEnabled('debug')
      ? ClickHouseLogLevel.DEBUG
      : ClickHouseLogLevel.WARN;
  return { LoggerClass: PinoClientLogger, level };
}

function urlWithoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new PipelineError('CONFIG_INVALID', `clickhouse.url: not a URL`, { cause: error });
  }
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
