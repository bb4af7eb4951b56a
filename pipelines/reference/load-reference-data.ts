import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError, errorMessage } from '../core/errors.ts';
import { TARIFFS_DIRECTORY, compileReferenceData, type ReferenceSources } from './compile-reference-data.ts';
import { CUSTOMERS_FILE } from './customers-file.ts';
import { DEVICES_FILE } from './devices-file.ts';
import { PLANS_FILE } from './plans-file.ts';
import { referenceDataInvalid } from './problems.ts';
import type { ReferenceData } from './reference-data.ts';
import { SIP_ACCOUNTS_CSV, SIP_ACCOUNTS_YAML } from './sip-accounts-file.ts';
import { CGRATES_FILES } from './tariffs/cgrates-csv-files.ts';
import { CGRATES_MANIFEST } from './tariffs/cgrates-tariff-plan.ts';

const TOP_LEVEL_FILES = [CUSTOMERS_FILE, SIP_ACCOUNTS_YAML, SIP_ACCOUNTS_CSV, PLANS_FILE, DEVICES_FILE];
const CGRATES_FILE_NAMES = new Set<string>([...Object.values(CGRATES_FILES), CGRATES_MANIFEST]);

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads the files a reference directory may hold (others, such as a README or other CGRateS files, are
 * ignored): customers.yaml, sip-accounts.yaml and/or sip-accounts.csv, plans.yaml, devices.yaml,
 * tariffs/*.csv, tariffs/<id>/{Destinations,Rates,DestinationRates,RatingPlans,RatingProfiles,Timings}.csv
 * and tariffs/<id>/tariff.yaml.
 */
export async function readReferenceSources(directory: string): Promise<ReferenceSources> {
  if (!(await stat(directory)).isDirectory()) throw new Error('not a directory');
  const sources = new Map<string, string>();
  const add = async (relative: string): Promise<void> => {
    const text = await readIfPresent(join(directory, relative));
    if (text !== undefined) sources.set(relative, text);
  };
  const tariffEntries = await readdir(join(directory, TARIFFS_DIRECTORY), { withFileTypes: true }).catch(
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    },
  );
  const tariffFiles: string[] = [];
  for (const entry of tariffEntries) {
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv') && !entry.name.startsWith('.')) {
      tariffFiles.push(`${TARIFFS_DIRECTORY}/${entry.name}`);
    } else if (entry.isDirectory() && !entry.name.startsWith('.')) {
      for (const name of CGRATES_FILE_NAMES) tariffFiles.push(`${TARIFFS_DIRECTORY}/${entry.name}/${name}`);
    }
  }
  await Promise.all([...TOP_LEVEL_FILES, ...tariffFiles].map(add));
  return sources;
}

/**
 * Loads and validates a reference directory. Throws one PipelineError REFERENCE_DATA_INVALID listing every
 * problem (file, line, field) in its message and in `details.problems`.
 */
export async function loadReferenceData(directory: string): Promise<ReferenceData> {
  let sources: ReferenceSources;
  try {
    sources = await readReferenceSources(directory);
  } catch (error) {
    throw new PipelineError(
      'REFERENCE_DATA_INVALID',
      `cannot read reference directory ${directory}: ${errorMessage(error)}`,
      {
        cause: error,
        details: { directory },
      },
    );
  }
  const result = compileReferenceData(sources);
  if (!result.ok) throw referenceDataInvalid(directory, result.problems);
  return result.data;
}
