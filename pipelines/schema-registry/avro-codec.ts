import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avsc from 'avsc';
import type { SchemaRegistryAPIClientArgs } from '@kafkajs/confluent-schema-registry/dist/api/index.js';
import { ConfluentSchemaRegistryValidationError } from '@kafkajs/confluent-schema-registry/dist/errors.js';
import { parseOptions } from '../config/options.ts';
import { PipelineError, errorMessage } from '../core/errors.ts';
import { loadAvroSchema, type LoadedAvroSchema } from './avro-schema-file.ts';
import { schemaRegistryOptionsSpec, type SchemaRegistryOptions } from './options.ts';
import { classifyRegistryError, registryPipelineError } from './registry-errors.ts';
import { avroLogicalTypes } from './timestamp-millis.ts';
import { MAGIC_BYTE, WIRE_HEADER_LENGTH, readWireHeader } from './wire-format.ts';

export { loadAvroSchema, type LoadedAvroSchema } from './avro-schema-file.ts';

/**
 * The outcome of decoding one Kafka record value. `ok: false` means the record itself is bad
 * (RECORD_DECODE_FAILED, not retriable: send it to the dead-letter topic); a registry that cannot
 * be reached is not the record's fault, so `decode` throws that instead.
 */
export type DecodeResult =
  | { readonly ok: true; readonly value: unknown; readonly schemaId: number }
  | { readonly ok: false; readonly error: PipelineError };

type ClientMiddleware = NonNullable<SchemaRegistryAPIClientArgs['middlewares']>[number];

/** mappersmith has no default timeout: a registry that accepts connections and never answers would hang us. */
function requestTimeout(timeoutMs: number): ClientMiddleware {
  return () => ({
    async prepareRequest(next) {
      const request = await next();
      return request.timeout() === undefined ? request.enhance({ timeout: timeoutMs }) : request;
    },
  });
}

function createClient(options: SchemaRegistryOptions): SchemaRegistry {
  const { username, password } = options;
  if ((username === undefined) !== (password === undefined)) {
    throw new PipelineError(
      'CONFIG_INVALID',
      'schemaRegistry.username and schemaRegistry.password go together: set both or neither',
    );
  }
  return new SchemaRegistry(
    {
      host: options.url,
      ...(username !== undefined && password !== undefined ? { auth: { username, password } } : {}),
      retry: {
        retries: options.retries,
        initialRetryTimeInSecs: options.retryInitialDelayMs / 1000,
        maxRetryTimeInSecs: options.retryMaxDelayMs / 1000,
        multiplier: 2,
        factor: 0.2,
        // The client retries only GETs by default; registering the same schema again is idempotent.
        enableRetry: () => true,
      },
      middlewares: [requestTimeout(options.requestTimeoutMs)],
    },
    { [SchemaType.AVRO]: { logicalTypes: avroLogicalTypes } },
  );
}

function decodeFailure(reason: string, details: Record<string, unknown>, cause?: unknown): DecodeResult {
  return {
    ok: false,
    error: new PipelineError('RECORD_DECODE_FAILED', `cannot decode record: ${reason}`, {
      retriable: false,
      cause,
      details: { reason, ...details },
    }),
  };
}

/**
 * Avro values in Confluent's wire format, over `@kafkajs/confluent-schema-registry`. Schemas are
 * fetched once per id and cached by the client. `timestamp-millis` fields are `Date` both ways
 * (encode rejects numbers there); nullable unions are plain `null` or the value; decoded records
 * are avsc record instances holding the writer schema's fields.
 */
export class AvroCodec {
  readonly options: SchemaRegistryOptions;
  private readonly client: SchemaRegistry;
  /**
   * The avsc writer types of the schema ids `decode` has fetched: the ones the client caches forever and
   * decodes with (`writerSchema.fromBuffer(payload)`), kept here so that `decodeSync` needs no await.
   */
  private readonly writerTypes = new Map<number, avsc.Type>();

  constructor(input: Partial<SchemaRegistryOptions> = {}) {
    this.options = parseOptions('schemaRegistry', schemaRegistryOptionsSpec, input);
    this.client = createClient(this.options);
  }

  /**
   * Registers the schema under `namespace.name` with BACKWARD compatibility and returns its id; the
   * same schema again returns the same id. Throws SCHEMA_INCOMPATIBLE, SCHEMA_INVALID, or
   * SCHEMA_REGISTRY_FAILED (retriable when the registry is unreachable or answers 5xx).
   */
  async register(schema: string | LoadedAvroSchema): Promise<number> {
    const loaded = typeof schema === 'string' ? await loadAvroSchema(schema) : schema;
    try {
      const { id } = await this.client.register(
        { type: SchemaType.AVRO, schema: loaded.text },
        { subject: loaded.subject },
      );
      return id;
    } catch (error) {
      throw registryPipelineError(`registering ${loaded.subject} (${loaded.path})`, error);
    }
  }

  /** The id of the latest version of `subject`. Throws SCHEMA_REGISTRY_FAILED (404 not retriable). */
  async latestSchemaId(subject: string): Promise<number> {
    try {
      return await this.client.getLatestSchemaId(subject);
    } catch (error) {
      throw registryPipelineError(`looking up the latest schema of ${subject}`, error);
    }
  }

  /**
   * Encodes `value` with schema `schemaId` (header + Avro binary). Throws RECORD_INVALID when the value
   * does not match the schema (details.paths names the fields; values are not echoed, they may hold
   * phone numbers), SCHEMA_REGISTRY_FAILED when the schema cannot be fetched.
   */
  async encode(schemaId: number, value: unknown): Promise<Buffer> {
    await this.fetchSchema(schemaId, `fetching schema ${schemaId} to encode`);
    try {
      return await this.client.encode(schemaId, value);
    } catch (error) {
      if (error instanceof ConfluentSchemaRegistryValidationError) {
        const paths = error.paths.map((path) => path.join('.') || '(record)');
        throw new PipelineError(
          'RECORD_INVALID',
          `value does not match schema ${schemaId} at: ${paths.join(', ')}`,
          { details: { schemaId, paths } },
        );
      }
      throw registryPipelineError(`encoding with schema ${schemaId}`, error);
    }
  }

  /**
   * Decodes a record value written in Confluent's wire format with its writer schema. Malformed bytes,
   * a wrong magic byte, an unknown schema id or a payload that does not match its schema give
   * `{ ok: false }` with RECORD_DECODE_FAILED; registry failures throw SCHEMA_REGISTRY_FAILED.
   */
  async decode(buffer: Buffer): Promise<DecodeResult> {
    const header = readWireHeader(buffer);
    if (!header.ok) return decodeFailure(header.reason, {});
    const { schemaId } = header;
    try {
      const schema: unknown = await this.client.getSchema(schemaId);
      if (avsc.Type.isType(schema)) this.writerTypes.set(schemaId, schema as avsc.Type);
    } catch (error) {
      if (classifyRegistryError(error)?.kind === 'not-found') {
        return decodeFailure(`unknown schema id ${schemaId}`, { schemaId }, error);
      }
      throw registryPipelineError(`fetching schema ${schemaId} to decode`, error);
    }
    try {
      // The writer schema is cached now: what fails from here on is the payload.
      const value: unknown = await this.client.decode(buffer);
      return { ok: true, value, schemaId };
    } catch (error) {
      return decodeFailure(
        `payload does not match schema ${schemaId}: ${errorMessage(error)}`,
        { schemaId },
        error,
      );
    }
  }

  /**
   * `decode` without a promise, for the schema ids `decode` has already fetched (the writer type is cached):
   * the same result, or undefined when the id is not cached yet (call `decode`, which fetches it). A wrong
   * header is a failure here too. Per-record hot path: no await, no allocation besides the result.
   */
  decodeSync(buffer: Buffer): DecodeResult | undefined {
    if (buffer.length < WIRE_HEADER_LENGTH || buffer[0] !== MAGIC_BYTE) {
      const header = readWireHeader(buffer);
      return header.ok ? undefined : decodeFailure(header.reason, {});
    }
    const schemaId = buffer.readInt32BE(1);
    const type = this.writerTypes.get(schemaId);
    if (type === undefined) return undefined;
    try {
      return { ok: true, value: type.fromBuffer(buffer.subarray(WIRE_HEADER_LENGTH)), schemaId };
    } catch (error) {
      return decodeFailure(
        `payload does not match schema ${schemaId}: ${errorMessage(error)}`,
        { schemaId },
        error,
      );
    }
  }

  private async fetchSchema(schemaId: number, action: string): Promise<void> {
    try {
      await this.client.getSchema(schemaId);
    } catch (error) {
      throw registryPipelineError(action, error);
    }
  }
}
