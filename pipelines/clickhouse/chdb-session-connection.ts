import { randomUUID } from 'node:crypto';
import type { ClickHouseClientConfigOptions, ClickHouseSettings } from '@clickhouse/client';

/** The connection contract of @clickhouse/client (its `connection` option). */
export type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type Params<M extends keyof ClientConnection> = Parameters<ClientConnection[M]>[0];
type Result<M extends keyof ClientConnection> = ReturnType<ClientConnection[M]>;

function settingValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * Adapts a chDB connection to what @clickhouse/client expects of a connection, on two points:
 *
 * - Settings stay scoped to their query. chDB applies a query's `clickhouse_settings` as `SET k = v`
 *   statements in its session, where they would outlive the query: an `insert_deduplication_token`
 *   would stick to every later insert, and ClickHouse would silently drop those as duplicates. After
 *   each operation, the settings it carried are put back to the session's values.
 * - The session's own settings (`sessionSettings`) are set once, when the connection opens, rather
 *   than prefixed to every query (which costs a statement per setting on each insert).
 *
 * `onClose` runs once after the wrapped connection closed: the factory counts the clients holding the
 * process's chDB data directory with it.
 */
export class ChdbSessionConnection implements ClientConnection {
  #closed = false;

  private constructor(
    private readonly inner: ClientConnection,
    private readonly sessionSettings: ClickHouseSettings,
    private readonly onClose: () => void,
  ) {}

  static async open(
    inner: ClientConnection,
    sessionSettings: ClickHouseSettings,
    onClose: () => void,
  ): Promise<ChdbSessionConnection> {
    const connection = new ChdbSessionConnection(inner, sessionSettings, onClose);
    const statements = Object.entries(sessionSettings).map(
      ([key, value]) => `SET ${key} = ${settingValue(value)}`,
    );
    if (statements.length > 0) await connection.run(statements);
    return connection;
  }

  ping(params: Params<'ping'>): Result<'ping'> {
    return this.inner.ping(params);
  }

  query(params: Params<'query'>): Result<'query'> {
    return this.scoped(params.clickhouse_settings, () => this.inner.query(params));
  }

  insert(params: Params<'insert'>): Result<'insert'> {
    return this.scoped(params.clickhouse_settings, () => this.inner.insert(params));
  }

  command(params: Params<'command'>): Result<'command'> {
    return this.scoped(params.clickhouse_settings, () => this.inner.command(params));
  }

  exec(params: Params<'exec'>): Result<'exec'> {
    return this.scoped(params.clickhouse_settings, () => this.inner.exec(params));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await this.inner.close();
    } finally {
      this.onClose();
    }
  }

  private async scoped<R>(settings: ClickHouseSettings | undefined, operation: () => Promise<R>): Promise<R> {
    try {
      return await operation();
    } finally {
      const restore = Object.keys(settings ?? {}).map((key) => {
        const sessionValue = (this.sessionSettings as Record<string, unknown>)[key];
        return `SET ${key} = ${sessionValue === undefined ? 'DEFAULT' : settingValue(sessionValue)}`;
      });
      if (restore.length > 0) await this.run(restore);
    }
  }

  private async run(statements: readonly string[]): Promise<void> {
    await this.inner.command({ query: statements.join(';\n'), query_id: randomUUID() });
  }
}
