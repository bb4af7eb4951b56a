import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PipelineError, errorMessage } from '../../pipelines/core/errors.ts';

/**
 * librdkafka's mock Kafka cluster (infra/kafka-mock/mock_cluster.c) in a child process, for tests and
 * local runs where no real broker exists. Faults are injected with the async methods; each resolves once
 * the mock has applied the command. The child dies with this process (stdin EOF, PR_SET_PDEATHSIG).
 *
 * What the mock does and does not emulate: see /work/shared/ENVIRONMENT.md (Kafka section), in short no
 * CreateTopics/DeleteTopics/DescribeConfigs (create topics here, not through the admin API), no
 * transactions, unknown topics auto-created with 4 partitions, 5 MiB kept per partition.
 */

const BUILD_SCRIPT = fileURLToPath(new URL('../kafka-mock/build.sh', import.meta.url));
const BINARY = fileURLToPath(new URL('../kafka-mock/build/mock-cluster', import.meta.url));
const STARTUP_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const STDERR_KEPT_CHARS = 8_000;
/** Names travel on a space-separated command line; Kafka topic names are within this set anyway. */
const NAME = /^[A-Za-z0-9._-]+$/;

export interface MockTopic {
  readonly name: string;
  readonly partitions: number;
}

export interface KafkaMockClusterOptions {
  /** Brokers, numbered 1..brokers. Default 3. */
  readonly brokers?: number;
  readonly topics?: readonly MockTopic[];
}

/** A Kafka error: its protocol code (6) or name (`NOT_LEADER_FOR_PARTITION`). */
export type KafkaErrorCode = number | string;

function mockError(message: string, cause?: unknown): PipelineError {
  return new PipelineError('KAFKA_MOCK_FAILED', message, cause === undefined ? {} : { cause });
}

function checkName(kind: string, name: string): string {
  if (!NAME.test(name)) throw mockError(`invalid ${kind} for the mock cluster: ${JSON.stringify(name)}`);
  return name;
}

function checkInteger(kind: string, value: number): string {
  if (!Number.isSafeInteger(value)) throw mockError(`invalid ${kind} for the mock cluster: ${value}`);
  return String(value);
}

function checkErrorCode(code: KafkaErrorCode): string {
  return typeof code === 'number' ? checkInteger('error code', code) : checkName('error code', code);
}

/** Compiles the mock cluster binary if it is missing or older than its source (fast when up to date). */
export async function buildMockClusterBinary(): Promise<string> {
  try {
    await promisify(execFile)('bash', [BUILD_SCRIPT]);
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : errorMessage(error);
    throw mockError(`cannot build the Kafka mock cluster: ${detail}`, error);
  }
  return BINARY;
}

interface StartupLine {
  readonly bootstrap: string;
  readonly brokers: number[];
}

interface CommandReply {
  readonly ok: boolean;
  readonly error?: string;
}

export class KafkaMockCluster {
  readonly bootstrapServers: readonly string[];
  readonly brokerIds: readonly number[];
  /** The mock cluster's process id. */
  readonly pid: number;

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private readonly exited: Promise<void>;
  /** The end of the child's stderr, for error messages. */
  private readonly stderr: { text: string };
  private exitedWith: string | undefined;
  /** Commands run one at a time: each waits for the previous one's reply line. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    child: ChildProcessWithoutNullStreams,
    lines: AsyncIterator<string>,
    stderr: { text: string },
    startup: StartupLine,
  ) {
    this.child = child;
    this.lines = lines;
    this.stderr = stderr;
    this.bootstrapServers = Object.freeze(startup.bootstrap.split(','));
    this.brokerIds = Object.freeze([...startup.brokers]);
    this.pid = child.pid ?? -1;
    // A write after the child died fails with EPIPE; the exit handler below reports it instead.
    child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      const onExit = (): void => {
        const signal = child.signalCode;
        this.exitedWith = signal === null ? `exit code ${child.exitCode ?? '?'}` : `signal ${signal}`;
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) onExit();
      else child.once('exit', onExit);
    });
  }

  static async start(options: KafkaMockClusterOptions = {}): Promise<KafkaMockCluster> {
    const binary = await buildMockClusterBinary();
    const args = ['--brokers', checkInteger('broker count', options.brokers ?? 3)];
    for (const topic of options.topics ?? []) {
      args.push(
        '--topic',
        `${checkName('topic', topic.name)}:${checkInteger('partitions', topic.partitions)}`,
      );
    }
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr = { text: '' };
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.text = (stderr.text + chunk.toString('utf8')).slice(-STDERR_KEPT_CHARS);
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await spawned;
      const first = await Promise.race([
        lines.next(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`no answer within ${STARTUP_TIMEOUT_MS} ms`));
          }, STARTUP_TIMEOUT_MS);
        }),
      ]);
      if (first.done === true) throw new Error('it exited before announcing its brokers');
      return new KafkaMockCluster(child, lines, stderr, JSON.parse(first.value) as StartupLine);
    } catch (error) {
      child.kill('SIGKILL');
      throw mockError(`the Kafka mock cluster did not start: ${errorMessage(error)}\n${stderr.text}`, error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Creates a topic (replication factor min(3, brokers)). */
  async createTopic(name: string, partitions: number): Promise<void> {
    await this.command('topic', checkName('topic', name), checkInteger('partitions', partitions));
  }

  /** Closes the broker's connections and refuses new ones until `brokerUp`. */
  async brokerDown(brokerId: number): Promise<void> {
    await this.command('down', checkInteger('broker id', brokerId));
  }

  async brokerUp(brokerId: number): Promise<void> {
    await this.command('up', checkInteger('broker id', brokerId));
  }

  /** Moves a partition's leader; the old leader answers NOT_LEADER_FOR_PARTITION from then on. -1: no leader. */
  async setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void> {
    await this.command(
      'leader',
      checkName('topic', topic),
      checkInteger('partition', partition),
      checkInteger('broker id', brokerId),
    );
  }

  /** Delays every answer of the broker by `ms`. */
  async setRtt(brokerId: number, ms: number): Promise<void> {
    await this.command('rtt', checkInteger('broker id', brokerId), checkInteger('rtt', ms));
  }

  /** The next requests of API `apiKey` (0 Produce, 1 Fetch, 3 Metadata, ...) fail with these errors, in order. */
  async pushRequestErrors(apiKey: number, codes: readonly KafkaErrorCode[]): Promise<void> {
    if (codes.length === 0) return;
    await this.command('errors', checkInteger('api key', apiKey), ...codes.map(checkErrorCode));
  }

  /** The topic answers metadata requests with this error (0 or NO_ERROR clears it). */
  async setTopicError(topic: string, code: KafkaErrorCode): Promise<void> {
    await this.command('topic_error', checkName('topic', topic), checkErrorCode(code));
  }

  /** Pins the coordinator of a consumer group (`group`) or a transactional id (`txn`) to a broker. */
  async setCoordinator(type: 'group' | 'txn', key: string, brokerId: number): Promise<void> {
    await this.command('coordinator', type, checkName('key', key), checkInteger('broker id', brokerId));
  }

  /** Shuts the brokers down and waits for the process to exit. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.exitedWith === undefined) {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        await this.command('quit');
      } catch {
        // already exiting; the exit below is what matters
      }
      this.child.stdin.end();
      await this.exited;
      clearTimeout(timer);
    }
  }

  private command(...words: string[]): Promise<void> {
    const run = this.queue.then(() => this.exchange(words.join(' ')));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exchange(line: string): Promise<void> {
    if (this.exitedWith !== undefined) throw this.failure(line, 'the process has exited', true);
    this.child.stdin.write(`${line}\n`);
    const next = await this.lines.next();
    if (next.done === true) {
      await this.exited;
      throw this.failure(line, 'the process exited', true);
    }
    let reply: CommandReply;
    try {
      reply = JSON.parse(next.value) as CommandReply;
    } catch (error) {
      throw this.failure(line, `unreadable reply ${JSON.stringify(next.value)}`, true, error);
    }
    if (!reply.ok) throw this.failure(line, reply.error ?? 'failed without a reason', false);
  }

  /** `processFailed`: the process itself failed, its exit status and stderr tell why. */
  private failure(line: string, reason: string, processFailed: boolean, cause?: unknown): PipelineError {
    const status = processFailed && this.exitedWith !== undefined ? ` (${this.exitedWith})` : '';
    const stderr = processFailed ? this.stderr.text.trim() : '';
    const tail = stderr === '' ? '' : `\nstderr:\n${stderr}`;
    return mockError(`mock cluster command "${line}": ${reason}${status}${tail}`, cause);
  }
}
