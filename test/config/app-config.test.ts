import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../pipelines/config/app-config.ts';

async function configFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'cdr-config-')), 'config.yaml');
  await writeFile(path, text);
  return path;
}

describe('application configuration', () => {
  it('has working defaults with an empty environment', async () => {
    const config = await loadAppConfig({});
    expect(config.kafka.brokers).toEqual(['localhost:9092']);
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.ingest.topic).toBe('cdr.call-records');
  });

  it('reads a YAML file and lets the environment win', async () => {
    const path = await configFile(
      'kafka:\n  brokers: [k1:9092, k2:9092]\n  clientId: billing\ningest:\n  table: calls\n',
    );
    const config = await loadAppConfig({ KAFKA_BROKERS: 'env:9092' }, path);
    expect(config.kafka.brokers).toEqual(['env:9092']);
    expect(config.kafka.clientId).toBe('billing');
    expect(config.ingest.table).toBe('calls');
  });

  it('rejects unknown sections and keys with a clear message', async () => {
    await expect(loadAppConfig({}, await configFile('kafak:\n  brokers: [x]\n'))).rejects.toThrow(
      /unknown section\(s\) kafak; known sections are log, kafka/,
    );
    await expect(loadAppConfig({}, await configFile('kafka:\n  broker: x\n'))).rejects.toThrow(
      /kafka\.broker .*unknown option/,
    );
  });

  it('names an unreadable file', async () => {
    await expect(loadAppConfig({}, '/nonexistent/cdr.yaml')).rejects.toMatchObject({
      code: 'CONFIG_FILE_UNREADABLE',
    });
  });
});
