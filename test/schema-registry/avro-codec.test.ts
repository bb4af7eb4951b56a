import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistryDouble } from '../../infra/local/schema-registry-double.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { AvroCodec, loadAvroSchema, type DecodeResult } from '../../pipelines/schema-registry/avro-codec.ts';

const CALL_RECORD = fileURLToPath(new URL('../../schemas/cdr/CallRecord.avsc', import.meta.url));

function sampleCallRecord(): Record<string, unknown> {
  return {
    callId: 'sw1-000042',
    accountId: 'acct-1001',
    caller: '+4930123456789',
    callee: '00441632960001',
    startTime: new Date('2026-03-01T10:00:00.000Z'),
    answerTime: new Date('2026-03-01T10:00:07.250Z'),
    endTime: new Date('2026-03-01T10:02:07.250Z'),
    durationSeconds: 127,
    billableSeconds: 120,
    disposition: 'ANSWERED',
    direction: 'OUTBOUND',
    userAgent: 'Yealink SIP-T46S 66.86.0.15',
    sourceIp: '192.0.2.10',
    softswitch: 'sw1',
    sipCallId: '3848276298220188511@192.0.2.10',
  };
}

async function expectThrownPipelineError(promise: Promise<unknown>): Promise<PipelineError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PipelineError);
  return error as PipelineError;
}

function missingResult(): never {
  throw new Error('decodeSync gave no result');
}

function expectDecodeFailure(result: DecodeResult, reason: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('RECORD_DECODE_FAILED');
  expect(result.error.retriable).toBe(false);
  expect(result.error.details['reason']).toMatch(reason);
}

describe('loadAvroSchema', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'avro-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads CallRecord.avsc: subject namespace.name, a doc on every field, defaults on optional ones', async () => {
    const loaded = await loadAvroSchema(CALL_RECORD);

    expect(loaded.subject).toBe('net.cdrpipeline.cdr.CallRecord');
    const raw = JSON.parse(loaded.text) as {
      fields: { name: string; doc?: string; type: unknown; default?: unknown }[];
    };
    for (const field of raw.fields) expect(field.doc, field.name).toMatch(/\w/);
    const nullable = raw.fields.filter((f) => Array.isArray(f.type) && (f.type as unknown[])[0] === 'null');
    expect(nullable.map((f) => f.name)).toEqual(['answerTime', 'userAgent', 'sourceIp', 'sipCallId']);
    for (const field of nullable) expect(field.default, field.name).toBeNull();
    const value = sampleCallRecord();
    expect({ ...(loaded.type.fromBuffer(loaded.type.toBuffer(value)) as object) }).toEqual(value);
  });

  it('rejects a record without namespace, with a message that says so', async () => {
    const path = join(dir, 'NoNamespace.avsc');
    await writeFile(
      path,
      JSON.stringify({ type: 'record', name: 'Bare', fields: [{ name: 'a', type: 'int' }] }),
    );

    const error = await expectThrownPipelineError(loadAvroSchema(path));
    expect(error.code).toBe('SCHEMA_INVALID');
    expect(error.message).toMatch(/Bare has no "namespace"/);
  });

  it('rejects a file that is not JSON and a schema avsc refuses', async () => {
    const notJson = join(dir, 'broken.avsc');
    await writeFile(notJson, '{"type": "record",');
    const badType = join(dir, 'BadType.avsc');
    await writeFile(
      badType,
      JSON.stringify({ type: 'record', name: 'B', namespace: 'x', fields: [{ name: 'a', type: 'integer' }] }),
    );

    expect((await expectThrownPipelineError(loadAvroSchema(notJson))).message).toMatch(
      /cannot read it as JSON/,
    );
    expect((await expectThrownPipelineError(loadAvroSchema(badType))).message).toMatch(
      /not a valid Avro schema/,
    );
  });
});

describe('AvroCodec against the Schema Registry double', () => {
  let registry: SchemaRegistryDouble;
  let codec: AvroCodec;
  let callRecordId: number;
  let goodRecord: Buffer;

  beforeAll(async () => {
    registry = await SchemaRegistryDouble.start();
    codec = new AvroCodec({ url: registry.url, retryInitialDelayMs: 10 });
    callRecordId = await codec.register(CALL_RECORD);
    goodRecord = await codec.encode(callRecordId, sampleCallRecord());
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('registers CallRecord.avsc under its subject and gets the same id again', async () => {
    expect(await codec.register(CALL_RECORD)).toBe(callRecordId);
    expect(await codec.latestSchemaId('net.cdrpipeline.cdr.CallRecord')).toBe(callRecordId);
  });

  it('decodes a good record to its value and schema id, timestamps as Date', async () => {
    const result = await codec.decode(goodRecord);

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.schemaId).toBe(callRecordId);
    const value = result.value as Record<string, unknown>;
    expect({ ...value }).toEqual(sampleCallRecord());
    expect(value['startTime']).toBeInstanceOf(Date);
    expect(value['answerTime']).toBeInstanceOf(Date);
  });

  it('decodes an unanswered call (null answer time and optional fields)', async () => {
    const unanswered = {
      ...sampleCallRecord(),
      answerTime: null,
      billableSeconds: 0,
      disposition: 'NO_ANSWER',
      userAgent: null,
      sourceIp: null,
      sipCallId: null,
    };
    const result = await codec.decode(await codec.encode(callRecordId, unanswered));
    expect(result.ok && { ...(result.value as object) }).toEqual(unanswered);
  });

  it('gives RECORD_DECODE_FAILED for garbage bytes and for a too short value', async () => {
    expectDecodeFailure(await codec.decode(Buffer.from('not an avro record')), /wrong magic byte 0x6e/);
    expectDecodeFailure(await codec.decode(Buffer.from([0, 0, 1])), /shorter than the 5-byte/);
  });

  it('gives RECORD_DECODE_FAILED for a wrong magic byte', async () => {
    const wrongMagic = Buffer.from(goodRecord);
    wrongMagic[0] = 1;
    expectDecodeFailure(await codec.decode(wrongMagic), /wrong magic byte 0x01, expected 0x00/);
  });

  it('gives RECORD_DECODE_FAILED for an unknown schema id', async () => {
    const unknownId = Buffer.from(goodRecord);
    unknownId.writeInt32BE(424_242, 1);
    const result = await codec.decode(unknownId);
    expectDecodeFailure(result, /unknown schema id 424242/);
    expect(!result.ok && result.error.details['schemaId']).toBe(424_242);
  });

  it('gives RECORD_DECODE_FAILED for a payload that does not match its schema', async () => {
    expectDecodeFailure(await codec.decode(goodRecord.subarray(0, 20)), /payload does not match schema/);
    const trailing = Buffer.concat([goodRecord, Buffer.from([1, 2, 3])]);
    expectDecodeFailure(await codec.decode(trailing), /payload does not match schema/);
  });

  it('decodeSync: undefined until decode fetched the schema, then the same results without a promise', async () => {
    const fresh = new AvroCodec({ url: registry.url, retryInitialDelayMs: 10 });
    expect(fresh.decodeSync(goodRecord)).toBeUndefined();
    expectDecodeFailure(
      fresh.decodeSync(Buffer.from([0, 0, 1])) ?? missingResult(),
      /shorter than the 5-byte/,
    );
    const wrongMagic = Buffer.from(goodRecord);
    wrongMagic[0] = 1;
    expectDecodeFailure(fresh.decodeSync(wrongMagic) ?? missingResult(), /wrong magic byte 0x01/);
    const viaPromise = await fresh.decode(goodRecord);
    const sync = fresh.decodeSync(goodRecord);
    expect(sync).toEqual(viaPromise);
    expect(sync?.ok && { ...(sync.value as object) }).toEqual(sampleCallRecord());
    const trailing = Buffer.concat([goodRecord, Buffer.from([1, 2, 3])]);
    expectDecodeFailure(fresh.decodeSync(trailing) ?? missingResult(), /payload does not match schema/);
    const unknownId = Buffer.from(goodRecord);
    unknownId.writeInt32BE(424_243, 1);
    expect(fresh.decodeSync(unknownId)).toBeUndefined();
  });

  it('refuses to encode a value that does not match, naming fields without echoing values', async () => {
    const bad = { ...sampleCallRecord(), startTime: 1_772_359_200_000, callee: 441632960001 };

    const error = await expectThrownPipelineError(codec.encode(callRecordId, bad));

    expect(error.code).toBe('RECORD_INVALID');
    expect(error.details['paths']).toEqual(['callee', 'startTime']);
    expect(error.message).not.toMatch(/441632960001/);
  });

  it('rejects an incompatible evolution of a registered schema with SCHEMA_INCOMPATIBLE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'avro-evolve-'));
    try {
      const fields = [{ name: 'a', type: 'string' }];
      const write = async (name: string, schemaFields: object[]): Promise<string> => {
        const path = join(dir, name);
        const schema = {
          type: 'record',
          name: 'Evolving',
          namespace: 'net.cdrpipeline.test',
          fields: schemaFields,
        };
        await writeFile(path, JSON.stringify(schema));
        return path;
      };
      const v1 = await codec.register(await write('v1.avsc', fields));
      const v2 = await codec.register(
        await write('v2.avsc', [...fields, { name: 'b', type: 'int', default: 0 }]),
      );
      expect(v2).not.toBe(v1);

      const error = await expectThrownPipelineError(
        codec.register(await write('v3.avsc', [...fields, { name: 'c', type: 'int' }])),
      );
      expect(error.code).toBe('SCHEMA_INCOMPATIBLE');
      expect(error.retriable).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries 503 answers, POST included, and succeeds when the registry recovers', async () => {
    const before = registry.requests.length;
    registry.failNext(2, { method: 'POST' });

    expect(await codec.register(CALL_RECORD)).toBe(callRecordId);
    const seen = registry.requests.slice(before).map((r) => `${r.method} ${r.status}`);
    expect(seen).toEqual(['GET 200', 'POST 503', 'POST 503', 'POST 200']);
  });
});

describe('AvroCodec when the registry fails', () => {
  it('throws a retriable SCHEMA_REGISTRY_FAILED when the registry keeps answering 503', async () => {
    const registry = await SchemaRegistryDouble.start();
    try {
      const codec = new AvroCodec({ url: registry.url, retries: 1, retryInitialDelayMs: 10 });
      const id = await codec.register(CALL_RECORD);
      const encoded = await codec.encode(id, sampleCallRecord());
      const fresh = new AvroCodec({ url: registry.url, retries: 1, retryInitialDelayMs: 10 });
      registry.failNext(2);

      const error = await expectThrownPipelineError(fresh.decode(encoded));

      expect(error.code).toBe('SCHEMA_REGISTRY_FAILED');
      expect(error.retriable).toBe(true);
      expect(error.details['status']).toBe(503);
    } finally {
      await registry.stop();
    }
  });

  it('throws a retriable SCHEMA_REGISTRY_FAILED when the registry is down', async () => {
    const registry = await SchemaRegistryDouble.start();
    const codec = new AvroCodec({ url: registry.url, retries: 0 });
    const id = await codec.register(CALL_RECORD);
    const encoded = await codec.encode(id, sampleCallRecord());
    await registry.stop();
    const fresh = new AvroCodec({ url: registry.url, retries: 1, retryInitialDelayMs: 10 });

    const error = await expectThrownPipelineError(fresh.decode(encoded));

    expect(error.code).toBe('SCHEMA_REGISTRY_FAILED');
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
    const registerError = await expectThrownPipelineError(fresh.register(CALL_RECORD));
    expect(registerError.retriable).toBe(true);
  });

  it('throws a retriable SCHEMA_REGISTRY_FAILED when the registry accepts but never answers', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const codec = new AvroCodec({ url: `http://127.0.0.1:${port}`, retries: 0, requestTimeoutMs: 100 });
      const header = Buffer.from([0, 0, 0, 0, 1, 2]);

      const error = await expectThrownPipelineError(codec.decode(header));

      expect(error.code).toBe('SCHEMA_REGISTRY_FAILED');
      expect(error.retriable).toBe(true);
      expect(error.message).toMatch(/Timeout/);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => {
        silent.close(() => {
          resolve();
        });
      });
    }
  });

  it('sends basic credentials, and refuses a user name without password', async () => {
    const registry = await SchemaRegistryDouble.start({ basicAuth: { username: 'cdr', password: 'pw' } });
    try {
      const anonymous = new AvroCodec({ url: registry.url, retries: 0 });
      const refused = await expectThrownPipelineError(anonymous.register(CALL_RECORD));
      expect(refused).toMatchObject({ code: 'SCHEMA_REGISTRY_FAILED', retriable: false });
      expect(refused.details['status']).toBe(401);

      const authenticated = new AvroCodec({ url: registry.url, username: 'cdr', password: 'pw' });
      expect(await authenticated.register(CALL_RECORD)).toBe(1);
      expect(() => new AvroCodec({ url: registry.url, username: 'cdr' })).toThrow(/set both or neither/);
    } finally {
      await registry.stop();
    }
  });
});
