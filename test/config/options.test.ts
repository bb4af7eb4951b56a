import { describe, expect, it } from 'vitest';
import { field, parseOptions, resolveOptions } from '../../pipelines/config/options.ts';

const spec = {
  brokers: field.list({ env: 'T_BROKERS', default: ['localhost:9092'], minItems: 1, doc: 'brokers' }),
  port: field.integer({ env: 'T_PORT', default: 8123, min: 1, max: 65535, doc: 'port' }),
  tls: field.boolean({ env: 'T_TLS', default: false, doc: 'tls' }),
  mode: field.enum({ env: 'T_MODE', values: ['a', 'b'] as const, default: 'a', doc: 'mode' }),
  url: field.optionalString({ env: 'T_URL', doc: 'url' }),
  password: field.string({
    env: 'T_PASSWORD',
    secret: true,
    pattern: /^.{8,}$/,
    default: 'changeme!',
    doc: 'password',
  }),
  name: field.string({ doc: 'a required name' }),
};

describe('typed options', () => {
  it('applies defaults, then layers, then the environment', () => {
    const options = resolveOptions('t', spec, [{ values: { name: 'x', port: 9000 }, source: 'file' }], {
      T_PORT: '9001',
      T_BROKERS: 'a:1, b:2',
      T_TLS: 'true',
    });
    expect(options).toEqual({
      brokers: ['a:1', 'b:2'],
      port: 9001,
      tls: true,
      mode: 'a',
      url: undefined,
      password: 'changeme!',
      name: 'x',
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('rejects unknown keys, naming the known ones', () => {
    expect(() => parseOptions('t', spec, { name: 'x', brokerz: ['a'] })).toThrow(
      /t\.brokerz \(from options\): unknown option; known options are brokers, port/,
    );
  });

  it('reports every problem at once, with where each value came from', () => {
    let message = '';
    try {
      resolveOptions('t', spec, [{ values: { mode: 'c' }, source: 'config file x.yaml' }], {
        T_PORT: '70000',
        T_TLS: 'maybe',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('t.port (from env T_PORT): expected an integer <= 65535, got "70000"');
    expect(message).toContain('t.tls (from env T_TLS): expected a boolean');
    expect(message).toContain('t.mode (from config file x.yaml): expected one of a, b');
    expect(message).toContain('t.name: required');
  });

  it('never prints a secret back', () => {
    expect(() => parseOptions('t', spec, { name: 'x', password: 'short' })).toThrow(/got <secret>/);
  });
});
