import { describe, expect, it } from 'vitest';
import { interpolate, parseComposeFile } from '../support/compose-file.ts';
import {
  advertiseHostListenerAt,
  hostListener,
  parseListeners,
  rebaseUrl,
  redactUrl,
  withCredentials,
} from '../support/container-settings.ts';

describe('Kafka listeners', () => {
  const advertised = 'PLAINTEXT://kafka:9092,HOST://localhost:29092';

  it('parses and finds the one advertised to the Docker host', () => {
    expect(parseListeners(advertised)).toEqual([
      { name: 'PLAINTEXT', host: 'kafka', port: 9092 },
      { name: 'HOST', host: 'localhost', port: 29092 },
    ]);
    expect(hostListener(advertised)).toEqual({ name: 'HOST', host: 'localhost', port: 29092 });
  });

  it('moves only the host listener to the mapped address', () => {
    expect(advertiseHostListenerAt(advertised, '10.0.0.7', 49153)).toBe(
      'PLAINTEXT://kafka:9092,HOST://10.0.0.7:49153',
    );
  });

  it('rejects listeners without a host one, and malformed entries', () => {
    expect(() => hostListener('PLAINTEXT://kafka:9092')).toThrow(/no listener advertised on localhost/);
    expect(() => parseListeners('kafka:9092')).toThrow(/not a Kafka listener/);
  });
});

describe('URLs', () => {
  it('rebases a URL on another host and port, keeping credentials', () => {
    expect(rebaseUrl('http://clickhouse:8123', 'localhost', 32768)).toBe('http://localhost:32768');
    expect(rebaseUrl('http://u:p@clickhouse:8123', 'localhost', 32768)).toBe('http://u:p@localhost:32768');
  });

  it('adds URL-encoded credentials, which the URL parser decodes back', () => {
    const url = withCredentials('http://localhost:8123', 'cdr_app', 'p@ss:w/rd');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:w/rd');
    expect(new URL(url).username).toBe('cdr_app');
    expect(withCredentials('http://localhost:8123', undefined, 'x')).toBe('http://localhost:8123');
  });

  it('redacts the password only', () => {
    expect(redactUrl('http://cdr_app:secret@localhost:8123')).toBe('http://cdr_app:***@localhost:8123');
    expect(redactUrl('http://localhost:8123')).toBe('http://localhost:8123');
  });
});

describe('compose interpolation', () => {
  const env = { SET: 'value', EMPTY: '' };

  it('substitutes variables with Compose semantics for defaults', () => {
    expect(interpolate('${SET}-$SET', env)).toBe('value-value');
    expect(interpolate('${UNSET:-fallback}', env)).toBe('fallback');
    expect(interpolate('${EMPTY:-fallback}', env)).toBe('fallback');
    expect(interpolate('${EMPTY-fallback}', env)).toBe('');
    expect(interpolate('${UNSET-fallback}', env)).toBe('fallback');
    expect(interpolate('${UNSET}', env)).toBe('');
    expect(interpolate('cost: $$5', env)).toBe('cost: $5');
  });

  it('fails on a missing required variable', () => {
    expect(() => interpolate('${UNSET:?set it}', env)).toThrow(/UNSET.*set it/);
  });
});

describe('compose file parsing', () => {
  const compose = parseComposeFile(
    `
services:
  a:
    image: 'img:\${TAG:-1.0}'
    environment: [ 'X=1', 'Y=\${SET}' ]
    volumes: [ './dir:/target:ro', 'data:/var/lib/data' ]
    ports: [ '127.0.0.1:8080:80', 9000 ]
    depends_on: [ b ]
    ulimits: { nofile: { soft: 10, hard: 20 }, nproc: 5 }
  b:
    build: ./b
    depends_on: { a: { condition: service_healthy } }
    healthcheck: { test: [ 'CMD', 'true' ] }
volumes:
  data:
`,
    { SET: 'value' },
  );

  it('reads both short and long forms', () => {
    const a = compose.services.get('a');
    expect(a?.image).toBe('img:1.0');
    expect(a?.environment).toEqual({ X: '1', Y: 'value' });
    expect(a?.mounts).toEqual([
      { type: 'bind', source: './dir', target: '/target', readOnly: true },
      { type: 'volume', source: 'data', target: '/var/lib/data', readOnly: false },
    ]);
    expect(a?.publishedPorts).toEqual([80, 9000]);
    expect(a?.dependsOn).toEqual({ b: 'service_started' });
    expect(a?.ulimits).toEqual({ nofile: { soft: 10, hard: 20 }, nproc: { soft: 5, hard: 5 } });
    expect(a?.hasHealthcheck).toBe(false);
    const b = compose.services.get('b');
    expect(b?.build).toEqual({ context: './b', dockerfile: 'Dockerfile' });
    expect(b?.dependsOn).toEqual({ a: 'service_healthy' });
    expect(b?.hasHealthcheck).toBe(true);
    expect(compose.namedVolumes).toEqual(['data']);
  });

  it('rejects a document without services', () => {
    expect(() => parseComposeFile('name: x\n')).toThrow(/services must be a mapping/);
  });
});
