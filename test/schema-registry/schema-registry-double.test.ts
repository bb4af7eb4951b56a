import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avsc from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SchemaRegistryDouble } from '../../infra/local/schema-registry-double.ts';

/** The real `@kafkajs/confluent-schema-registry` client, unmodified, against the double. */

const namespace = 'net.cdrpipeline.test';

function recordSchema(name: string, fields: readonly object[]): string {
  return JSON.stringify({ type: 'record', name, namespace, fields });
}

const v1Fields = [
  { name: 'callId', type: 'string' },
  { name: 'seconds', type: 'int' },
];

async function rawRequest(
  url: string,
  method: string,
  body?: unknown,
): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.json(),
  };
}

function statusOf(error: unknown): unknown {
  return (error as { status?: unknown }).status;
}

describe('SchemaRegistryDouble with the real client', () => {
  let registry: SchemaRegistryDouble;
  let client: SchemaRegistry;

  beforeAll(async () => {
    registry = await SchemaRegistryDouble.start();
    client = new SchemaRegistry({ host: registry.url });
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('registers a schema under namespace.name, gives the same id again, and sets BACKWARD on first registration', async () => {
    const schema = recordSchema('First', v1Fields);
    const { id } = await client.register({ type: SchemaType.AVRO, schema });
    const again = await client.register({ type: SchemaType.AVRO, schema });

    expect(id).toBeGreaterThan(0);
    expect(again.id).toBe(id);
    const subject = `${namespace}.First`;
    expect(registry.requests.slice(0, 3)).toEqual([
      { method: 'GET', path: `/config/${subject}`, status: 404 },
      { method: 'POST', path: `/subjects/${subject}/versions`, status: 200 },
      { method: 'PUT', path: `/config/${subject}`, status: 200 },
    ]);
    const config = await rawRequest(`${registry.url}/config/${subject}`, 'GET');
    expect(config.body).toEqual({ compatibilityLevel: 'BACKWARD' });
    const versions = await rawRequest(`${registry.url}/subjects/${subject}/versions`, 'GET');
    expect(versions.body).toEqual([1]);
  });

  it('treats another spelling of the same schema (key order, whitespace) as the same schema', async () => {
    const compact = recordSchema('Spelling', v1Fields);
    const spaced = JSON.stringify({ fields: v1Fields, namespace, name: 'Spelling', type: 'record' }, null, 2);
    const first = await client.register({ type: SchemaType.AVRO, schema: compact });
    const second = await client.register({ type: SchemaType.AVRO, schema: spaced });
    expect(second.id).toBe(first.id);
  });

  it('accepts a BACKWARD-compatible evolution (new field with a default) as a new version', async () => {
    const subject = `${namespace}.Evolving`;
    const v1 = await client.register({ type: SchemaType.AVRO, schema: recordSchema('Evolving', v1Fields) });
    const v2Fields = [...v1Fields, { name: 'userAgent', type: ['null', 'string'], default: null }];
    const v2 = await client.register({ type: SchemaType.AVRO, schema: recordSchema('Evolving', v2Fields) });

    expect(v2.id).not.toBe(v1.id);
    expect(await client.getLatestSchemaId(subject)).toBe(v2.id);
    expect(await client.getRegistryId(subject, 1)).toBe(v1.id);
    expect(await client.getRegistryId(subject, 2)).toBe(v2.id);
    const latest = await rawRequest(`${registry.url}/subjects/${subject}/versions/latest`, 'GET');
    expect(latest.body).toMatchObject({ subject, version: 2, id: v2.id });
  });

  it('rejects with 409 a new field without default and a changed field type', async () => {
    const subject = `${namespace}.Strict`;
    await client.register({ type: SchemaType.AVRO, schema: recordSchema('Strict', v1Fields) });
    const withoutDefault = recordSchema('Strict', [...v1Fields, { name: 'sourceIp', type: 'string' }]);
    const typeChanged = recordSchema('Strict', [
      { name: 'callId', type: 'long' },
      { name: 'seconds', type: 'int' },
    ]);

    for (const schema of [withoutDefault, typeChanged]) {
      const failure = await client
        .register({ type: SchemaType.AVRO, schema })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(Error);
      expect(statusOf(failure)).toBe(409);
      expect((failure as Error).message).toMatch(/incompatible/);
    }
    const raw = await rawRequest(`${registry.url}/subjects/${subject}/versions`, 'POST', {
      schema: typeChanged,
    });
    expect(raw).toMatchObject({ status: 409, body: { error_code: 409 } });
    expect((await rawRequest(`${registry.url}/subjects/${subject}/versions`, 'GET')).body).toEqual([1]);
  });

  it('honours compatibility NONE set on the subject', async () => {
    const options = { compatibility: COMPATIBILITY.NONE };
    await client.register({ type: SchemaType.AVRO, schema: recordSchema('Loose', v1Fields) }, options);
    const config = await rawRequest(`${registry.url}/config/${namespace}.Loose`, 'GET');
    expect(config.body).toEqual({ compatibilityLevel: 'NONE' });

    const incompatible = recordSchema('Loose', [{ name: 'other', type: 'double' }]);
    const { id } = await client.register({ type: SchemaType.AVRO, schema: incompatible }, options);
    expect(await client.getLatestSchemaId(`${namespace}.Loose`)).toBe(id);
  });

  it('round-trips a value through encode and decode in the Confluent wire format', async () => {
    const schema = recordSchema('Wire', v1Fields);
    const { id } = await client.register({ type: SchemaType.AVRO, schema });
    const value = { callId: 'c-1', seconds: 42 };

    const encoded = await client.encode(id, value);

    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    const avroBody = avsc.Type.forSchema(JSON.parse(schema) as avsc.Schema).toBuffer(value);
    expect(encoded.subarray(5).equals(avroBody)).toBe(true);
    expect({ ...(await new SchemaRegistry({ host: registry.url }).decode(encoded)) }).toEqual(value);
  });

  it('finds a registered schema by content (POST /subjects/{subject}) and 404s an unknown one', async () => {
    const subject = `${namespace}.Lookup`;
    const schema = recordSchema('Lookup', v1Fields);
    const { id } = await client.register({ type: SchemaType.AVRO, schema });

    expect(await client.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema })).toBe(id);
    const other = recordSchema('Lookup', [{ name: 'x', type: 'int' }]);
    await expect(
      client.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: other }),
    ).rejects.toThrow(/Schema not found/);
    const raw = await rawRequest(`${registry.url}/subjects/${subject}`, 'POST', { schema: other });
    expect(raw).toMatchObject({ status: 404, body: { error_code: 40403 } });
    expect(await rawRequest(`${registry.url}/subjects/${subject}`, 'POST', { schema })).toMatchObject({
      status: 200,
      body: { subject, version: 1, id },
    });
  });

  it('answers 404 (40403) for an unknown schema id', async () => {
    const failure = await client.getSchema(987_654).catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(404);
    const raw = await rawRequest(`${registry.url}/schemas/ids/987654`, 'GET');
    expect(raw).toEqual({
      status: 404,
      contentType: 'application/vnd.schemaregistry.v1+json',
      body: { error_code: 40403, message: 'Schema not found' },
    });
  });

  it('answers with Confluent error codes for unknown subjects and versions, bad schemas and bad levels', async () => {
    const url = registry.url;
    await client.register({ type: SchemaType.AVRO, schema: recordSchema('Codes', v1Fields) });
    const subject = `${namespace}.Codes`;

    expect((await rawRequest(`${url}/subjects/nope/versions`, 'GET')).body).toMatchObject({
      error_code: 40401,
    });
    expect((await rawRequest(`${url}/subjects/nope/versions/latest`, 'GET')).body).toMatchObject({
      error_code: 40401,
    });
    expect((await rawRequest(`${url}/subjects/${subject}/versions/7`, 'GET')).body).toMatchObject({
      error_code: 40402,
    });
    expect(
      await rawRequest(`${url}/subjects/${subject}/versions`, 'POST', { schema: '{"type":"nope"}' }),
    ).toMatchObject({ status: 422, body: { error_code: 42201 } });
    expect(await rawRequest(`${url}/config/${subject}`, 'PUT', { compatibility: 'SIDEWAYS' })).toMatchObject({
      status: 422,
      body: { error_code: 42203 },
    });
    expect((await rawRequest(`${url}/config`, 'GET')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await rawRequest(`${url}/subjects`, 'GET')).body).toContain(subject);
  });

  it('checks a new schema against all versions under BACKWARD_TRANSITIVE', async () => {
    const subject = `${namespace}.Transitive`;
    const url = registry.url;
    const post = (fields: readonly object[]): ReturnType<typeof rawRequest> =>
      rawRequest(`${url}/subjects/${subject}/versions`, 'POST', {
        schema: recordSchema('Transitive', fields),
      });
    expect((await post([{ name: 'a', type: 'string' }])).status).toBe(200);
    expect((await post([{ name: 'b', type: 'string', default: '' }])).status).toBe(200);
    // Readable from version 2 (it has b) but not from version 1 (no b there, and no default here).
    const candidate = [{ name: 'b', type: 'string' }];
    await rawRequest(`${url}/config/${subject}`, 'PUT', { compatibility: 'BACKWARD_TRANSITIVE' });
    expect((await post(candidate)).status).toBe(409);
    await rawRequest(`${url}/config/${subject}`, 'PUT', { compatibility: 'BACKWARD' });
    expect((await post(candidate)).status).toBe(200);
  });

  it('answers 503 to the next requests after failNext, which the client retries to success', async () => {
    const { id } = await client.register({ type: SchemaType.AVRO, schema: recordSchema('Flaky', v1Fields) });
    const before = registry.requests.length;
    registry.failNext(2);

    expect(await client.getLatestSchemaId(`${namespace}.Flaky`)).toBe(id);

    const path = `/subjects/${namespace}.Flaky/versions/latest`;
    expect(registry.requests.slice(before)).toEqual([
      { method: 'GET', path, status: 503 },
      { method: 'GET', path, status: 503 },
      { method: 'GET', path, status: 200 },
    ]);
  });
});

describe('SchemaRegistryDouble with basic authentication', () => {
  let registry: SchemaRegistryDouble;

  beforeAll(async () => {
    registry = await SchemaRegistryDouble.start({ basicAuth: { username: 'pipeline', password: 's3cret' } });
  });
  afterAll(async () => {
    await registry.stop();
  });

  it('refuses requests without the credentials (401) and serves the client that sends them', async () => {
    const schema = recordSchema('Guarded', v1Fields);
    const anonymous = new SchemaRegistry({ host: registry.url });
    const failure = await anonymous
      .register({ type: SchemaType.AVRO, schema })
      .catch((error: unknown) => error);
    expect(statusOf(failure)).toBe(401);

    const authenticated = new SchemaRegistry({
      host: registry.url,
      auth: { username: 'pipeline', password: 's3cret' },
    });
    const { id } = await authenticated.register({ type: SchemaType.AVRO, schema });
    expect(id).toBe(1);
  });
});
