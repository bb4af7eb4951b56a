import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateDemoMonth,
  writeDemoReferenceData,
  type DemoMonth,
} from '../../pipelines/demo/month/index.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';

export interface DemoFixture {
  readonly month: DemoMonth;
  readonly reference: ReferenceData;
  readonly referenceDirectory: string;
}

const fixtures = new Map<string, Promise<DemoFixture>>();

/** The demo month and its reference data written to a fresh directory, once per (month, accounts, seed) per file. */
export function demoFixture(
  options: { month?: string; accounts?: number; seed?: number } = {},
): Promise<DemoFixture> {
  const key = JSON.stringify(options);
  let fixture = fixtures.get(key);
  if (fixture === undefined) {
    fixture = (async () => {
      const referenceDirectory = await mkdtemp(join(tmpdir(), 'cdr-demo-reference-'));
      await writeDemoReferenceData(referenceDirectory, options);
      return {
        month: generateDemoMonth(options),
        reference: await loadReferenceData(referenceDirectory),
        referenceDirectory,
      };
    })();
    fixtures.set(key, fixture);
  }
  return fixture;
}
