import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../../pipelines/config/options.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { createLogger } from '../../pipelines/core/logger.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import {
  ReferenceDataStore,
  type ReferenceDataChange,
} from '../../pipelines/reference/reference-data-store.ts';
import { referenceOptionsSpec } from '../../pipelines/reference/reference-options.ts';
import { SAMPLE_DIRECTORY, copyOfSample } from './reference-fixtures.ts';

function capturingLogger(): {
  logger: ReturnType<typeof createLogger>;
  lines: () => Record<string, unknown>[];
} {
  const written: string[] = [];
  const logger = createLogger(
    { level: 'info', name: 'test' },
    { write: (line: string) => written.push(line) },
  );
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const FIXED_NOW = new Date('2026-03-15T08:30:00.000Z');

async function setFee(directory: string, fee: string): Promise<void> {
  const path = join(directory, 'plans.yaml');
  const text = await readFile(path, 'utf8');
  await writeFile(path, text.replace(/monthlyFee: '[\d.]+'\n\n/, `monthlyFee: '${fee}'\n\n`));
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sampleCopy(): Promise<string> {
  const copy = await copyOfSample();
  cleanups.push(copy.remove);
  return copy.directory;
}

describe('ReferenceDataStore', () => {
  it('loads at open and reports an unchanged reload without an event', async () => {
    const directory = await sampleCopy();
    const store = await ReferenceDataStore.open({ directory });
    const events: ReferenceDataChange[] = [];
    store.subscribe((change) => events.push(change));
    const outcome = await store.reload();
    expect(outcome.status).toBe('unchanged');
    expect(outcome.snapshot).toBe(store.current);
    expect(events).toEqual([]);
  });

  it('swaps to the new snapshot after a valid change and tells subscribers', async () => {
    const directory = await sampleCopy();
    const store = await ReferenceDataStore.open({ directory }, { clock: () => FIXED_NOW });
    const before = store.current;
    const events: ReferenceDataChange[] = [];
    const unsubscribe = store.subscribe((change) => events.push(change));

    await setFee(directory, '31.90');
    const outcome = await store.reload();

    expect(outcome.status).toBe('swapped');
    expect(store.current).not.toBe(before);
    expect(store.current.version).not.toBe(before.version);
    expect(store.current.plan('illimite-national')?.monthlyFee).toBe('31.90');
    expect(before.plan('illimite-national')?.monthlyFee).toBe('29.90');
    expect(events).toEqual([{ previous: before, current: store.current, at: FIXED_NOW }]);
    expect(store.loadedAt).toEqual(FIXED_NOW);

    unsubscribe();
    await setFee(directory, '32.90');
    await store.reload();
    expect(events).toHaveLength(1);
  });

  it('keeps the old snapshot when the files become invalid, and logs every problem', async () => {
    const directory = await sampleCopy();
    const { logger, lines } = capturingLogger();
    const store = await ReferenceDataStore.open({ directory }, { logger });
    const before = store.current;
    const events: ReferenceDataChange[] = [];
    store.subscribe((change) => events.push(change));

    await writeFile(
      join(directory, 'devices.yaml'),
      "devices:\n  - { id: x, vendor: X, model: X, pattern: '(' }\n",
    );
    const outcome = await store.reload();

    expect(outcome.status).toBe('rejected');
    expect(store.current).toBe(before);
    expect(events).toEqual([]);
    expect(store.lastError).toBeInstanceOf(PipelineError);
    const rejected = lines().find(
      (line) => line['msg'] === 'reference data reload rejected; keeping the current snapshot',
    );
    expect(rejected?.['level']).toBe('error');
    expect(rejected?.['keptVersion']).toBe(before.version);
    expect(rejected?.['problems']).toEqual([
      expect.stringMatching(
        /^devices\.yaml:2: devices\[0\]\.pattern: device "x": invalid regular expression/,
      ),
    ]);

    await writeFile(
      join(directory, 'devices.yaml'),
      "devices:\n  - { id: x, vendor: X, model: X, pattern: '^X' }\n",
    );
    expect((await store.reload()).status).toBe('swapped');
    expect(store.lastError).toBeUndefined();
    expect(store.current.deviceMatcher.isCatalogueDevice('X-phone 1.0')).toMatchObject({ approved: true });
  });

  it('serialises concurrent reloads: calls made during a reload share one more reload after it', async () => {
    const initial = await loadReferenceData(SAMPLE_DIRECTORY);
    const pending: ((data: ReferenceData) => void)[] = [];
    let calls = 0;
    const loader = (): Promise<ReferenceData> => {
      calls += 1;
      if (calls === 1) return Promise.resolve(initial);
      return new Promise((resolve) => pending.push(resolve));
    };
    const store = await ReferenceDataStore.open({}, { loader });
    const first = store.reload();
    await vi.waitFor(() => {
      expect(pending).toHaveLength(1);
    });
    const second = store.reload();
    const third = store.reload();
    expect(third).toBe(second);
    pending[0]?.(initial);
    await expect(first).resolves.toMatchObject({ status: 'unchanged' });
    await vi.waitFor(() => {
      expect(pending).toHaveLength(2);
    });
    pending[1]?.(initial);
    await expect(second).resolves.toMatchObject({ status: 'unchanged' });
    expect(calls).toBe(3);
  });

  it('reloads once after a burst of file changes (debounced)', async () => {
    vi.useFakeTimers();
    const initial = await loadReferenceData(SAMPLE_DIRECTORY);
    let loads = 0;
    let notify: () => void = () => undefined;
    let closed = false;
    const store = await ReferenceDataStore.open(
      { watch: true, debounceMs: 200 },
      {
        loader: () => {
          loads += 1;
          return Promise.resolve(initial);
        },
        watcher: (_directory, onChange) => {
          notify = onChange;
          return {
            close: () => {
              closed = true;
            },
          };
        },
      },
    );
    expect(loads).toBe(1);
    notify();
    await vi.advanceTimersByTimeAsync(150);
    notify();
    await vi.advanceTimersByTimeAsync(150);
    notify();
    expect(loads).toBe(1);
    await vi.advanceTimersByTimeAsync(250);
    expect(loads).toBe(2);
    store.close();
    expect(closed).toBe(true);
  });

  it('watches the directory for real and swaps after a file is written', async () => {
    const directory = await sampleCopy();
    const store = await ReferenceDataStore.open({ directory, watch: true, debounceMs: 50 });
    try {
      const changed = new Promise<ReferenceDataChange>((resolve) => {
        store.subscribe(resolve);
      });
      await setFee(directory, '33.90');
      const change = await changed;
      expect(change.current.plan('illimite-national')?.monthlyFee).toBe('33.90');
      expect(store.current).toBe(change.current);
    } finally {
      store.close();
    }
  });

  it('refuses to open on invalid data and rejects unknown options', async () => {
    const directory = await sampleCopy();
    await writeFile(join(directory, 'plans.yaml'), 'plans: 3\n');
    await expect(ReferenceDataStore.open({ directory })).rejects.toMatchObject({
      code: 'REFERENCE_DATA_INVALID',
    });
    await expect(
      ReferenceDataStore.open({ directory, wacth: true } as Record<string, unknown>),
    ).rejects.toThrow(/reference.wacth .*unknown option/);
  });

  it('takes its directory and watch settings from the environment', () => {
    expect(
      resolveOptions('reference', referenceOptionsSpec, [], {
        CDR_REFERENCE_DIR: '/etc/cdr/reference',
        CDR_REFERENCE_WATCH: 'true',
      }),
    ).toEqual({ directory: '/etc/cdr/reference', watch: true, debounceMs: 500 });
    expect(resolveOptions('reference', referenceOptionsSpec, [])).toEqual({
      directory: 'infra/reference/sample',
      watch: false,
      debounceMs: 500,
    });
  });
});
