import { field, type OptionsOf } from '../config/options.ts';

export const schemaRegistryOptionsSpec = {
  url: field.string({
    env: 'SCHEMA_REGISTRY_URL',
    default: 'http://localhost:8081',
    pattern: /^https?:\/\/[^\s/]+/,
    doc: 'base URL of the Confluent Schema Registry, http(s)://host:port',
  }),
  username: field.optionalString({
    env: 'SCHEMA_REGISTRY_USERNAME',
    doc: 'HTTP Basic user name (with password); unset for a registry without authentication',
  }),
  password: field.optionalString({
    env: 'SCHEMA_REGISTRY_PASSWORD',
    secret: true,
    doc: 'HTTP Basic password (with username)',
  }),
  retries: field.integer({
    default: 3,
    min: 0,
    max: 20,
    doc: 'retries of a request that failed with a 5xx answer or a network error, any method (registration is idempotent)',
  }),
  retryInitialDelayMs: field.integer({
    default: 100,
    min: 1,
    doc: 'delay before the first retry; each next one waits about twice as long',
  }),
  retryMaxDelayMs: field.integer({ default: 5000, min: 1, doc: 'upper bound of the delay between retries' }),
  requestTimeoutMs: field.integer({
    default: 10_000,
    min: 1,
    doc: 'time a single HTTP request may take before it counts as a network error',
  }),
};
export type SchemaRegistryOptions = OptionsOf<typeof schemaRegistryOptionsSpec>;
