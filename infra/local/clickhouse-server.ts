/**
 * Debian's clickhouse-server (18.16.1, from 2018) as a child process, for tests that need a real,
 * separate server: HTTP transport, a server stopped, killed and restarted under a client.
 * Each instance gets its own temporary directory (config, data, logs) and free loopback ports for
 * HTTP and the native TCP protocol (no interserver port is opened). The server dies with this process:
 * SIGKILL on `exit`, and PR_SET_PDEATHSIG through `setpriv` when available, even if this process is
 * killed. Measured: start ~0.3 s, restart ~0.1 s, SIGTERM stop ~0.9 s; a client's idle keep-alive
 * socket delays a SIGTERM stop by up to keep_alive_timeout (set to 3 s here; the client's
 * idle_socket_ttl of 2.5 s stays below it, so pooled sockets are not reused after the server dropped them).
 *
 * What @clickhouse/client 1.23 can do against 18.16 (measured):
 * - Works: ping, command (DDL), insert in JSONEachRow, query in JSON / JSONEachRow / JSONCompact /
 *   CSV / TabSeparated, exec with a raw body, the `database` URL parameter, session_id, request and
 *   response compression, `output_format_json_quote_64bit_integers` and
 *   `date_time_input_format=best_effort`. No client setting has to be turned off.
 * - Fails with "Unknown setting ...": `query_params` (sent as `param_*`; server-side query parameters
 *   came in 19.x), `output_format_json_quote_decimals`, `insert_deduplication_token`.
 *   createClickHouseClient with `legacyServer: true` leaves out the settings 18.16 rejects.
 * - Unknown formats: JSONCompactEachRow, JSONStrings, JSONStringsEachRow, JSONObjectEachRow.
 * - SQL: no DateTime64, no LowCardinality (experimental, off), no MergeTree setting
 *   non_replicated_deduplication_window: the project's migrations do not run here; tests write their
 *   own tables (both `MergeTree ORDER BY ...` and the old `MergeTree(date, (key), 8192)` work).
 * - Decimals: JSONEachRow input must be a JSON number (a quoted "1.5" fails to parse) and output is a
 *   JSON number, which JavaScript rounds beyond ~15 significant digits. Exact: write the JSON text
 *   yourself (`exec({ query: 'INSERT INTO t FORMAT JSONEachRow', values: stream })`) and read
 *   `toString(column)`.
 * - Errors come as "Code: 27, e.displayText() = DB::Exception: ..." without the (TYPE) suffix, so
 *   they are plain Errors, not ClickHouseError: toClickHouseError reads the code from the text.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PipelineError, errorMessage } from '../../pipelines/core/errors.ts';

export interface ClickHouseServerOptions {
  /** The server executable; found on its own when absent (see `findClickHouseServer`). */
  readonly binary?: string;
  /** How long to wait for `GET /ping` to answer `Ok.`. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. Default 15 s. */
  readonly stopTimeoutMs?: number;
}

interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_TIMEOUT_MS = 15_000;
const OUTPUT_KEPT_CHARS = 8_000;
const SETPRIV = '/usr/bin/setpriv';

function serverError(message: string, cause?: unknown): PipelineError {
  return new PipelineError('CLICKHOUSE_SERVER_FAILED', message, cause === undefined ? {} : { cause });
}

export class ClickHouseServer {
  readonly url: string;
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #output = '';
  readonly #killOnExit = (): void => {
    this.#child?.kill('SIGKILL');
  };

  private constructor(
    private readonly command: Command,
    /** The temporary directory holding config.xml, users.xml, data/, tmp/ and log/. */
    readonly directory: string,
    readonly httpPort: number,
    readonly tcpPort: number,
    private readonly options: Required<Omit<ClickHouseServerOptions, 'binary'>>,
  ) {
    this.url = `http://127.0.0.1:${httpPort}`;
  }

  /** Writes a config in a new temporary directory, starts the server and waits until it answers. */
  static async start(options: ClickHouseServerOptions = {}): Promise<ClickHouseServer> {
    const command = serverCommand(options.binary ?? findClickHouseServer());
    const directory = mkdtempSync(join(tmpdir(), 'cdr-clickhouse-server-'));
    const [httpPort, tcpPort] = await freePorts(2);
    if (httpPort === undefined || tcpPort === undefined) throw serverError('no free loopback port');
    writeConfig(directory, httpPort, tcpPort);
    const server = new ClickHouseServer(
      { file: command.file, args: [...command.args, `--config-file=${join(directory, 'config.xml')}`] },
      directory,
      httpPort,
      tcpPort,
      {
        startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      },
    );
    try {
      await server.launch();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  /** The server's process id while it runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** SIGTERM, then waits for the process to exit (SIGKILL after `stopTimeoutMs`). Data is kept. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    child.kill('SIGTERM');
    if (!(await settlesWithin(this.#exited, this.options.stopTimeoutMs))) await this.kill();
  }

  /** SIGKILL, as a crash would, and waits for the process to be gone. Data is kept. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await this.#exited;
  }

  /** Stops the server if it runs, then starts it again on the same ports and data directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops the server and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    this.#output = '';
    const child = spawn(this.command.file, this.command.args, {
      cwd: this.directory,
      detached: false,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    process.on('exit', this.#killOnExit);
    const keep = (chunk: Buffer): void => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.#exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        if (this.#child === child) this.#child = undefined;
        process.off('exit', this.#killOnExit);
        resolve();
      });
      child.once('error', (error) => {
        keep(Buffer.from(`spawn failed: ${errorMessage(error)}\n`));
        if (this.#child === child) this.#child = undefined;
        process.off('exit', this.#killOnExit);
        resolve();
      });
    });
    await this.waitUntilReady();
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw serverError(`clickhouse-server exited during start-up:\n${this.diagnostics()}`);
      if (await this.answersPing()) return;
      await delay(100);
    }
    await this.kill();
    throw serverError(
      `clickhouse-server did not answer ${this.url}/ping within ${this.options.startTimeoutMs} ms:\n${this.diagnostics()}`,
    );
  }

  /** One request on a connection of its own: an idle keep-alive socket would delay the server's shutdown. */
  private answersPing(): Promise<boolean> {
    return new Promise((resolve) => {
      const request = httpGet(`${this.url}/ping`, { agent: false, timeout: 1_000 }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve(response.statusCode === 200 && body.startsWith('Ok'));
        });
        response.on('error', () => {
          resolve(false);
        });
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => {
        resolve(false);
      });
    });
  }

  /** The end of the process output and of the server's error log, for failure messages. */
  private diagnostics(): string {
    const errorLog = join(this.directory, 'log', 'clickhouse-server.err.log');
    const logTail = existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-OUTPUT_KEPT_CHARS) : '';
    return [this.#output.trim(), logTail.trim()].filter((s) => s !== '').join('\n') || '(no output)';
  }
}

/** `/usr/bin/clickhouse-server`, `/usr/sbin/clickhouse-server`, then `clickhouse-server` or `clickhouse` on PATH. */
export function findClickHouseServer(): string {
  const candidates = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server'];
  const pathDirectories = (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of ['clickhouse-server', 'clickhouse']) {
    for (const directory of pathDirectories) candidates.push(join(directory, name));
  }
  const found = candidates.find(isExecutable);
  if (found === undefined) {
    throw serverError(
      'clickhouse-server not found (apt-get install -y clickhouse-server, or put clickhouse on PATH)',
    );
  }
  return found;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The single `clickhouse` binary needs `server` as first argument; setpriv makes the server die with us. */
function serverCommand(binary: string): Command {
  const serverArgs = binary.endsWith('/clickhouse') ? [binary, 'server'] : [binary];
  if (isExecutable(SETPRIV)) return { file: SETPRIV, args: ['--pdeathsig', 'SIGKILL', '--', ...serverArgs] };
  const [file, ...args] = serverArgs;
  return { file: file ?? binary, args };
}

/** Ports the kernel hands out for loopback listeners, all held at once so they are distinct. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => {
            resolve(server);
          });
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  });
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        }),
    ),
  );
  return ports;
}

function writeConfig(directory: string, httpPort: number, tcpPort: number): void {
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) {
    mkdirSync(join(directory, sub), { recursive: true });
  }
  writeFileSync(
    join(directory, 'config.xml'),
    `<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>${directory}/log/clickhouse-server.log</log>
    <errorlog>${directory}/log/clickhouse-server.err.log</errorlog>
    <size>10M</size>
    <count>1</count>
    <console>0</console>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <path>${directory}/data/</path>
  <tmp_path>${directory}/tmp/</tmp_path>
  <user_files_path>${directory}/user_files/</user_files_path>
  <format_schema_path>${directory}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <keep_alive_timeout>3</keep_alive_timeout>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mlock_executable>false</mlock_executable>
</yandex>
`,
  );
  writeFileSync(
    join(directory, 'users.xml'),
    `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether `promise` settles within `ms`; leaves no timer behind. */
async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
