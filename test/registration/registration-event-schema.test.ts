import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistryDouble } from '../../infra/local/schema-registry-double.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../../pipelines/ingest/schema-files.ts';
import { registrationEventDecoder } from '../../pipelines/registration/registration-event-decoder.ts';
import {
  REGISTRATION_EVENT_TYPES,
  registrationEventProblem,
  type RegistrationEvent,
} from '../../pipelines/registration/registration-event.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../../pipelines/registration/schema-file.ts';
import {
  AvroCodec,
  loadAvroSchema,
  type LoadedAvroSchema,
} from '../../pipelines/schema-registry/avro-codec.ts';
import { decodeStep } from '../../pipelines/streaming/decode-step.ts';
import type { DecodeResult } from '../../pipelines/streaming/decode-step.ts';
import type { SourceRecord } from '../../pipelines/streaming/source-record.ts';
import { authFailed, expired, registered, unregistered } from './samples.ts';

const SUBJECT = 'net.cdrpipeline.sip.RegistrationEvent';

interface RawField {
  readonly name: string;
  readonly doc?: string;
  readonly type: unknown;
  readonly default?: unknown;
}

interface RawSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
  readonly fields: readonly RawField[];
}

let dir: string;
let raw: RawSchema;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'registration-schema-'));
  raw = JSON.parse(await readFile(REGISTRATION_EVENT_SCHEMA_FILE, 'utf8')) as RawSchema;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a variant of the schema (same subject unless renamed) and loads it. */
async function variant(file: string, change: (schema: RawSchema) => object): Promise<LoadedAvroSchema> {
  const path = join(dir, file);
  await writeFile(path, JSON.stringify(change(raw)));
  return loadAvroSchema(path);
}

function failureReason(result: DecodeResult<RegistrationEvent>): string {
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe('RECORD_DECODE_FAILED');
  return result.error.message;
}

describe('RegistrationEvent.avsc', () => {
  it('parses, under subject namespace.name, with a doc on every field', async () => {
    const loaded = await loadAvroSchema(REGISTRATION_EVENT_SCHEMA_FILE);

    expect(loaded.subject).toBe(SUBJECT);
    for (const field of raw.fields) expect(field.doc, field.name).toMatch(/\w{3}/);
    expect(raw.fields.map((f) => f.name)).toEqual([
      'eventId',
      'accountId',
      'type',
      'timestamp',
      'contact',
      'instanceId',
      'sourceIp',
      'sourcePort',
      'userAgent',
      'expiresSeconds',
      'authFailureReason',
      'realm',
      'softswitch',
    ]);
  });

  it('has defaults on every field but the four an event cannot do without', () => {
    const withoutDefault = raw.fields.filter((f) => !('default' in f)).map((f) => f.name);
    expect(withoutDefault).toEqual(['eventId', 'accountId', 'type', 'timestamp']);
    for (const field of raw.fields.filter((f) => Array.isArray(f.type))) {
      expect((field.type as unknown[])[0], field.name).toBe('null');
      expect(field.default, field.name).toBeNull();
    }
    expect(raw.fields.find((f) => f.name === 'softswitch')?.default).toBe('default');
  });

  it('types timestamp as timestamp-millis and type as an enum without default, matching the code', () => {
    const timestamp = raw.fields.find((f) => f.name === 'timestamp');
    expect(timestamp?.type).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
    const enumType = raw.fields.find((f) => f.name === 'type')?.type as Record<string, unknown>;
    expect(enumType['symbols']).toEqual([...REGISTRATION_EVENT_TYPES]);
    expect(enumType).not.toHaveProperty('default');
    expect(enumType['doc']).toMatch(/No enum default on purpose/);
  });

  it('round-trips every sample through avsc, timestamps as Date', async () => {
    const { type } = await loadAvroSchema(REGISTRATION_EVENT_SCHEMA_FILE);
    for (const event of [registered(), authFailed(), expired(), unregistered()]) {
      const decoded = type.fromBuffer(type.toBuffer(event)) as RegistrationEvent;
      expect({ ...decoded }).toEqual(event);
      expect(decoded.timestamp).toBeInstanceOf(Date);
    }
  });
});

describe('RegistrationEvent through AvroCodec and the Schema Registry double', () => {
  let registry: SchemaRegistryDouble;
  let codec: AvroCodec;
  let schemaId: number;

  beforeAll(async () => {
    registry = await SchemaRegistryDouble.start();
    codec = new AvroCodec({ url: registry.url, retryInitialDelayMs: 10 });
    schemaId = await codec.register(REGISTRATION_EVENT_SCHEMA_FILE);
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('registers under its subject and decodes every sample back to a plain, equal event', async () => {
    expect(await codec.latestSchemaId(SUBJECT)).toBe(schemaId);
    const decoder = registrationEventDecoder(codec);
    for (const event of [registered(), authFailed(), expired(), unregistered()]) {
      const result = await decoder.decode(await codec.encode(schemaId, event));
      expect(result, event.type).toEqual({ ok: true, value: event });
      if (result.ok) expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    }
  });

  it('rejects a call record on the topic (another schema)', async () => {
    const callRecordId = await codec.register(CALL_RECORD_SCHEMA_FILE);
    const callRecord = await codec.encode(callRecordId, {
      callId: 'c1',
      accountId: 'acct-1001',
      caller: '1001',
      callee: '0140000000',
      startTime: new Date('2026-03-01T10:00:00Z'),
      answerTime: null,
      endTime: new Date('2026-03-01T10:00:10Z'),
      durationSeconds: 10,
      billableSeconds: 0,
      disposition: 'NO_ANSWER',
      direction: 'OUTBOUND',
      userAgent: null,
      sourceIp: null,
      softswitch: 'sw1',
      sipCallId: null,
    });

    const result = await registrationEventDecoder(codec).decode(callRecord);

    expect(failureReason(result)).toBe(
      `schema ${callRecordId} is not a RegistrationEvent: type is not a string`,
    );
  });

  it('rejects a field of the wrong type under a look-alike schema', async () => {
    const lookAlike = await variant('LookAlike.avsc', (schema) => ({
      ...schema,
      namespace: 'net.cdrpipeline.test',
      fields: schema.fields.map((f) =>
        f.name === 'sourcePort' ? { name: 'sourcePort', type: ['null', 'string'], default: null } : f,
      ),
    }));
    const id = await codec.register(lookAlike);

    const result = await registrationEventDecoder(codec).decode(
      await codec.encode(id, { ...registered(), sourcePort: '5060' }),
    );

    expect(failureReason(result)).toMatch(
      /is not a RegistrationEvent: sourcePort is not an integer or null$/,
    );
  });

  it('passes on what the codec refuses (garbage bytes)', async () => {
    const result = await registrationEventDecoder(codec).decode(Buffer.from('REGISTER sip:example.net'));
    expect(failureReason(result)).toMatch(/wrong magic byte/);
  });

  it('sends undecodable and invalid events to the dead letters through the decode step', async () => {
    const record = (offset: number, value: Buffer | null): SourceRecord => ({
      topic: 'registrations',
      partition: 0,
      offset: String(offset),
      timestamp: '0',
      key: Buffer.from('acct-1001'),
      value,
      headers: {},
    });
    const good = await codec.encode(schemaId, registered());
    const invalid = await codec.encode(schemaId, { ...authFailed(), sourceIp: null });
    const step = decodeStep(registrationEventDecoder(codec), registrationEventProblem);

    const out = await step.run(
      {
        topic: 'registrations',
        partition: 0,
        records: [record(0, good), record(1, invalid), record(2, Buffer.from([0, 0]))],
      },
      { topic: 'registrations', partition: 0, firstOffset: '0', lastOffset: '2', logger: silentLogger() },
    );

    expect(out.decoded.map((d) => d.value)).toEqual([registered()]);
    expect(out.rejected.map((r) => [r.record.offset, r.error.code, r.error.message])).toEqual([
      ['1', 'RECORD_INVALID', 'an AUTH_FAILED event needs a sourceIp'],
      ['2', 'RECORD_DECODE_FAILED', expect.stringMatching(/shorter than the 5-byte/) as string],
    ]);
  });
});

describe('RegistrationEvent schema evolution (BACKWARD)', () => {
  let registry: SchemaRegistryDouble;
  let codec: AvroCodec;
  let v1: LoadedAvroSchema;
  let v1Id: number;

  beforeAll(async () => {
    registry = await SchemaRegistryDouble.start();
    codec = new AvroCodec({ url: registry.url, retryInitialDelayMs: 10 });
    v1 = await loadAvroSchema(REGISTRATION_EVENT_SCHEMA_FILE);
    v1Id = await codec.register(v1);
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('accepts a new field with a default; old records read with the new schema get the default', async () => {
    const v2 = await variant('WithTransport.avsc', (schema) => ({
      ...schema,
      fields: [
        ...schema.fields,
        { name: 'transport', type: ['null', 'string'], default: null, doc: 'UDP, TCP, TLS or WS.' },
      ],
    }));

    const v2Id = await codec.register(v2);

    expect(v2Id).not.toBe(v1Id);
    expect(await codec.latestSchemaId(SUBJECT)).toBe(v2Id);
    const oldBytes = v1.type.toBuffer(registered());
    const readAsV2 = v2.type.createResolver(v1.type);
    expect({ ...(v2.type.fromBuffer(oldBytes, readAsV2) as object) }).toEqual({
      ...registered(),
      transport: null,
    });
    // A record written with v2 still decodes for this code; the field it does not know is dropped.
    const newRecord = await codec.encode(v2Id, { ...registered(), transport: 'TLS' });
    expect(await registrationEventDecoder(codec).decode(newRecord)).toEqual({
      ok: true,
      value: registered(),
    });
  });

  it('refuses a new field without a default with SCHEMA_INCOMPATIBLE', async () => {
    const breaking = await variant('WithRequiredTransport.avsc', (schema) => ({
      ...schema,
      fields: [...schema.fields, { name: 'transport', type: 'string', doc: 'UDP, TCP, TLS or WS.' }],
    }));

    await expect(codec.register(breaking)).rejects.toMatchObject({ code: 'SCHEMA_INCOMPATIBLE' });
  });

  it('decodes a record from a writer that lacked the optional fields, with their defaults', async () => {
    const minimal = await variant('Minimal.avsc', (schema) => ({
      ...schema,
      namespace: 'net.cdrpipeline.test.minimal',
      fields: schema.fields.filter((f) =>
        ['eventId', 'accountId', 'type', 'timestamp', 'contact'].includes(f.name),
      ),
    }));
    const id = await codec.register(minimal);
    const { eventId, accountId, timestamp } = expired();

    const result = await registrationEventDecoder(codec).decode(
      await codec.encode(id, {
        eventId,
        accountId,
        type: 'EXPIRED',
        timestamp,
        contact: 'sip:1001@192.0.2.10',
      }),
    );

    expect(result).toEqual({
      ok: true,
      value: {
        eventId,
        accountId,
        type: 'EXPIRED',
        timestamp,
        contact: 'sip:1001@192.0.2.10',
        instanceId: null,
        sourceIp: null,
        sourcePort: null,
        userAgent: null,
        expiresSeconds: null,
        authFailureReason: null,
        realm: null,
        softswitch: 'default',
      },
    });
  });

  it('rejects an event type a later schema added: no enum default, so it is not read as another type', async () => {
    const v3 = await variant('WithRefreshed.avsc', (schema) => ({
      ...schema,
      fields: schema.fields.map((f) =>
        f.name === 'type'
          ? { ...f, type: { ...(f.type as object), symbols: [...REGISTRATION_EVENT_TYPES, 'REFRESHED'] } }
          : f,
      ),
    }));
    const v3Id = await codec.register(v3);

    const result = await registrationEventDecoder(codec).decode(
      await codec.encode(v3Id, { ...registered(), type: 'REFRESHED' }),
    );

    expect(failureReason(result)).toMatch(/type REFRESHED is not a known registration event type$/);
  });
});
