import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoReferenceFiles, type SampleReferenceFiles } from './demo-reference-files.ts';
import { parseDemoMonthOptions } from './demo-month-options.ts';
import { demoTariffVersions, type DemoTariffVersions } from './demo-tariff.ts';
import { buildDemoPopulation } from './population.ts';

const REFERENCE_ROOT = fileURLToPath(new URL('../../../infra/reference/', import.meta.url));
/** The sample set the demo copies its device catalogue and tariff from. */
export const SAMPLE_REFERENCE_DIRECTORY = join(REFERENCE_ROOT, 'sample');
/** The checked-in demo set: `writeDemoReferenceData` with the default options (2026-03, 300 accounts). */
export const DEMO_REFERENCE_DIRECTORY = join(REFERENCE_ROOT, 'demo');

export interface DemoReferenceWritten {
  readonly directory: string;
  /** Paths written, relative to `directory`. */
  readonly files: readonly string[];
  readonly tariff: DemoTariffVersions;
  readonly customers: number;
  readonly accounts: number;
}

export async function readSampleReferenceFiles(
  directory: string = SAMPLE_REFERENCE_DIRECTORY,
): Promise<SampleReferenceFiles> {
  const [devicesYaml, tariffCsv] = await Promise.all([
    readFile(join(directory, 'devices.yaml'), 'utf8'),
    readFile(join(directory, 'tariffs', 'tarif-standard.csv'), 'utf8'),
  ]);
  return { devicesYaml, tariffCsv };
}

/**
 * Writes the reference directory of the demo month (customers.yaml, sip-accounts.yaml, plans.yaml,
 * devices.yaml, tariffs/tarif-standard.csv) for the same population `generateDemoMonth` uses with the same
 * `month` and `accounts` (the seed does not matter: it only changes the traffic). Loads with
 * `loadReferenceData`. Existing files of the same names are replaced; other files are left alone.
 */
export async function writeDemoReferenceData(
  directory: string,
  input: Readonly<Record<string, unknown>> = {},
): Promise<DemoReferenceWritten> {
  const options = parseDemoMonthOptions(input);
  const population = buildDemoPopulation(options);
  const tariff = demoTariffVersions(options.month);
  const files = demoReferenceFiles(population, tariff, await readSampleReferenceFiles());
  for (const [relative, contents] of files) {
    const path = join(directory, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, contents, 'utf8');
  }
  return {
    directory,
    files: [...files.keys()],
    tariff,
    customers: population.customers.length,
    accounts: population.accounts.length,
  };
}
