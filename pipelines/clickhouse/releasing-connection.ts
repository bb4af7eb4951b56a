import type { ClickHouseClientConfigOptions } from '@clickhouse/client';

/** The connection contract of @clickhouse/client (its `connection` option). */
export type ClientConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;
type Params<M extends keyof ClientConnection> = Parameters<ClientConnection[M]>[0];
type Result<M extends keyof ClientConnection> = ReturnType<ClientConnection[M]>;

/**
 * A @clickhouse/client connection that calls `onClose` once after the wrapped connection closed.
 * The chDB factory uses it to count the clients holding the process's chDB data directory.
 */
export class ReleasingConnection implements ClientConnection {
  #closed = false;

  constructor(
    private readonly inner: ClientConnection,
    private readonly onClose: () => void,
  ) {}

  ping(params: Params<'ping'>): Result<'ping'> {
    return this.inner.ping(params);
  }

  query(params: Params<'query'>): Result<'query'> {
    return this.inner.query(params);
  }

  insert(params: Params<'insert'>): Result<'insert'> {
    return this.inner.insert(params);
  }

  command(params: Params<'command'>): Result<'command'> {
    return this.inner.command(params);
  }

  exec(params: Params<'exec'>): Result<'exec'> {
    return this.inner.exec(params);
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
}
