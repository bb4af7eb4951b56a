import { field, type OptionsOf } from '../config/options.ts';

/** Bounds of `clickhouse.retentionMonths` (600 months keeps every TTL date within ClickHouse's Date range). */
export const RETENTION_MONTHS_RANGE = { min: 1, max: 600 } as const;

/**
 * Where ClickHouse lives. With `url` set, the client speaks HTTP to a server; without it, ClickHouse
 * runs inside this process through chDB, storing its data under `dataPath`.
 */
export const clickHouseOptionsSpec = {
  url: field.optionalString({
    env: 'CLICKHOUSE_URL',
    doc: 'HTTP(S) URL of a ClickHouse server, e.g. http://localhost:8123; unset = chDB in-process',
  }),
  username: field.string({
    env: 'CLICKHOUSE_USER',
    default: 'default',
    doc: 'ClickHouse user (server mode)',
  }),
  password: field.string({
    env: 'CLICKHOUSE_PASSWORD',
    default: '',
    secret: true,
    doc: 'ClickHouse password (server mode)',
  }),
  database: field.string({
    env: 'CLICKHOUSE_DATABASE',
    default: 'cdr',
    pattern: /^[A-Za-z_][A-Za-z0-9_]*$/,
    doc: 'database holding the pipeline tables; the default database of every query',
  }),
  createDatabase: field.boolean({
    env: 'CLICKHOUSE_CREATE_DATABASE',
    default: true,
    doc: 'run CREATE DATABASE IF NOT EXISTS when connecting (turn off for users without that right)',
  }),
  dataPath: field.string({
    env: 'CLICKHOUSE_DATA_PATH',
    default: './data/chdb',
    doc: 'chDB data directory (chDB mode); one directory per process',
  }),
  requestTimeoutMs: field.integer({
    env: 'CLICKHOUSE_REQUEST_TIMEOUT_MS',
    default: 30_000,
    min: 100,
    doc: 'HTTP request timeout in milliseconds (server mode)',
  }),
  maxOpenConnections: field.integer({
    env: 'CLICKHOUSE_MAX_OPEN_CONNECTIONS',
    default: 10,
    min: 1,
    doc: 'HTTP sockets kept per client (server mode)',
  }),
  retentionMonths: field.integer({
    env: 'CLICKHOUSE_RETENTION_MONTHS',
    default: 12,
    min: RETENTION_MONTHS_RANGE.min,
    max: RETENTION_MONTHS_RANGE.max,
    doc:
      'full months detailed rated calls and fair-use breaches are kept after their month ends (TTL, set by ' +
      'applyRetention at start); monthly usage aggregates are kept longer',
  }),
  legacyServer: field.boolean({
    env: 'CLICKHOUSE_LEGACY_SERVER',
    default: false,
    doc:
      'talk to a ClickHouse 18.x server (tests only): omits settings it rejects, so Decimals read back as ' +
      'JSON numbers (inexact beyond ~15 digits)',
  }),
};
export type ClickHouseOptions = OptionsOf<typeof clickHouseOptionsSpec>;
