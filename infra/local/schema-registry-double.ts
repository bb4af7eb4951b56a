import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  REGISTRY_ERROR,
  RegistryError,
  SchemaRegistryStore,
  type CompatibilityLevel,
} from './schema-registry-store.ts';

/**
 * A Confluent-compatible Schema Registry for tests, on a random loopback port, with enough of the REST
 * API for `@kafkajs/confluent-schema-registry` 3.x to run unmodified against it (Avro only):
 *
 *   GET  /config                                   global level      PUT /config {compatibility}
 *   GET  /config/{subject}                         404 40408 unset   PUT /config/{subject} {compatibility}
 *   GET  /subjects                                 POST /subjects/{subject} {schema}: lookup
 *   GET  /subjects/{subject}/versions              POST /subjects/{subject}/versions {schema}: register
 *   GET  /subjects/{subject}/versions/{n|latest}   GET  /schemas/ids/{id}
 *   POST /compatibility/subjects/{subject}/versions/{version}
 *
 * Errors are `{"error_code":N,"message":"..."}` with Confluent's codes. `failNext(n)` answers 503 to the
 * next n requests (optionally only those of a method or path prefix), to exercise retry paths; `requests` records what was asked and answered.
 * The docker-compose stack runs the real `confluentinc/cp-schema-registry` instead.
 */

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface SchemaRegistryDoubleOptions {
  /** The global compatibility level; Confluent's default is BACKWARD. */
  readonly compatibility?: CompatibilityLevel;
  /** When set, every request must carry these HTTP Basic credentials (401, 40101 otherwise). */
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

/** Which requests `failNext` fails; every request when empty. */
export interface FailureFilter {
  readonly method?: string;
  readonly pathPrefix?: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

type Params = readonly string[];
type Handler = (params: Params, body: unknown) => unknown;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handler: Handler;
}

export class SchemaRegistryDouble {
  readonly store: SchemaRegistryStore;
  private readonly server: Server;
  private readonly routes: readonly Route[];
  private readonly expectedAuth: string | undefined;
  private readonly recorded: RecordedRequest[] = [];
  private failuresLeft = 0;
  private failureFilter: FailureFilter = {};
  private baseUrl = '';

  private constructor(options: SchemaRegistryDoubleOptions) {
    this.store = new SchemaRegistryStore(options.compatibility);
    this.routes = routesFor(this.store);
    const auth = options.basicAuth;
    this.expectedAuth =
      auth === undefined
        ? undefined
        : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => response.destroy());
    });
  }

  /** Starts a double on a random port of 127.0.0.1, with an empty store. */
  static async start(options: SchemaRegistryDoubleOptions = {}): Promise<SchemaRegistryDouble> {
    const double = new SchemaRegistryDouble(options);
    await double.listen();
    return double;
  }

  /** `http://127.0.0.1:<port>`, the registry URL to give clients. */
  get url(): string {
    return this.baseUrl;
  }

  /**
   * Answer 503 (error_code 50003) to the next `count` requests, or to the next `count` of those
   * matching `only` (others are served normally). Replaces any failures still pending.
   */
  failNext(count: number, only: FailureFilter = {}): void {
    this.failuresLeft = count;
    this.failureFilter = only;
  }

  /** Every request so far, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
    this.server.closeAllConnections();
    await closed;
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = new URL(request.url ?? '/', 'http://double').pathname;
    const text = await readBody(request);
    const answer = this.answer(method, path, text, request.headers.authorization);
    this.recorded.push({ method, path, status: answer.status });
    response.writeHead(answer.status, { 'Content-Type': CONTENT_TYPE });
    response.end(JSON.stringify(answer.body));
  }

  private answer(method: string, path: string, text: string, authorization: string | undefined): Answer {
    if (this.failuresLeft > 0 && matchesFilter(this.failureFilter, method, path)) {
      this.failuresLeft--;
      return failure(503, 50003, 'Service unavailable (injected by failNext)');
    }
    if (this.expectedAuth !== undefined && authorization !== this.expectedAuth) {
      return failure(401, 40101, 'Unauthorized');
    }
    let pathMatched = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (match === null) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      try {
        const params = match.slice(1).map((segment) => decodeURIComponent(segment));
        return { status: 200, body: route.handler(params, parseBody(text)) };
      } catch (error) {
        if (error instanceof RegistryError) return failure(error.status, error.errorCode, error.message);
        return failure(500, 50001, error instanceof Error ? error.message : String(error));
      }
    }
    return pathMatched
      ? failure(405, 405, `HTTP ${method} not allowed on ${path}`)
      : failure(404, 404, `HTTP 404 Not Found: ${path}`);
  }
}

function matchesFilter(filter: FailureFilter, method: string, path: string): boolean {
  return (
    (filter.method === undefined || filter.method.toUpperCase() === method) &&
    (filter.pathPrefix === undefined || path.startsWith(filter.pathPrefix))
  );
}

function failure(status: number, errorCode: number, message: string): Answer {
  return { status, body: { error_code: errorCode, message } };
}

function routesFor(store: SchemaRegistryStore): Route[] {
  const route = (method: string, pattern: RegExp, handler: Handler): Route => ({ method, pattern, handler });
  const segment = '([^/]+)';
  const exact = (...parts: string[]): RegExp => new RegExp(`^/${parts.join('/')}/?$`);
  return [
    route('GET', exact('config'), () => ({ compatibilityLevel: store.getGlobalCompatibility() })),
    route('PUT', exact('config'), (_, body) => ({
      compatibility: store.setGlobalCompatibility(field(body, 'compatibility')),
    })),
    route('GET', exact('config', segment), ([subject = '']) => ({
      compatibilityLevel: store.getSubjectCompatibility(subject),
    })),
    route('PUT', exact('config', segment), ([subject = ''], body) => ({
      compatibility: store.setSubjectCompatibility(subject, field(body, 'compatibility')),
    })),
    route('GET', exact('subjects'), () => store.subjects()),
    route('POST', exact('subjects', segment), ([subject = ''], body) =>
      store.lookup(subject, schemaText(body)),
    ),
    route('GET', exact('subjects', segment, 'versions'), ([subject = '']) => store.versions(subject)),
    route('POST', exact('subjects', segment, 'versions'), ([subject = ''], body) =>
      store.register(subject, schemaText(body)),
    ),
    route('GET', exact('subjects', segment, 'versions', segment), ([subject = '', version = '']) =>
      store.version(subject, version),
    ),
    route('GET', exact('schemas', 'ids', segment), ([id = '']) => store.schemaById(Number(id))),
    route(
      'POST',
      exact('compatibility', 'subjects', segment, 'versions', segment),
      ([subject = ''], body) => ({
        is_compatible: store.isCompatible(subject, schemaText(body)),
      }),
    ),
  ];
}

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** The `schema` of a registration or lookup body; only Avro (no or `AVRO` schemaType) is supported. */
function schemaText(body: unknown): string {
  const schema = field(body, 'schema');
  const schemaType = field(body, 'schemaType');
  if (schemaType !== undefined && schemaType !== 'AVRO') {
    throw new RegistryError(
      REGISTRY_ERROR.invalidSchema,
      'Invalid schema: the test double supports only AVRO',
    );
  }
  if (typeof schema !== 'string') {
    throw new RegistryError(REGISTRY_ERROR.invalidSchema, 'Invalid schema: `schema` must be a string');
  }
  return schema;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryError(REGISTRY_ERROR.badRequest, 'Unrecognized request body: not JSON');
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
