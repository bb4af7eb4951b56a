import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PipelineError, errorMessage } from '../core/errors.ts';
import { ProblemList, formatProblem, type FileProblems } from '../reference/problems.ts';
import { parseYamlFile } from '../reference/yaml-file.ts';
import { EMPTY_BILLING_DATA, type BillingData } from './billing-data.ts';
import {
  BILLING_FILES,
  readCharges,
  readContracts,
  readDisputes,
  readPayments,
  readServices,
} from './billing-files.ts';
import { EcbRateTable } from './ecb-rates.ts';
import { readEcbRates } from './ecb-rates-file.ts';

/** The ECB rate table shipped with the project. */
export const DEFAULT_ECB_RATES_FILE = 'infra/billing/ecb-main-refinancing-rates.csv';

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PipelineError('BILLING_DATA_INVALID', `cannot read ${path}: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function invalid(where: string, problems: ProblemList): PipelineError {
  const all = problems.all();
  return new PipelineError(
    'BILLING_DATA_INVALID',
    `invalid billing data in ${where} (${all.length} problem(s)):\n  - ${all.slice(0, 50).map(formatProblem).join('\n  - ')}`,
    { details: { directory: where, problems: all } },
  );
}

/**
 * Reads a billing directory (every file optional; see README.md). With `knownCustomers`, a customer id that
 * the reference data does not know is a problem. Throws BILLING_DATA_INVALID listing every problem.
 * No directory: no charges, services, contracts, payments or disputes.
 */
export async function loadBillingData(
  directory: string | undefined,
  knownCustomers?: ReadonlySet<string>,
): Promise<BillingData> {
  if (directory === undefined) return EMPTY_BILLING_DATA;
  const problems = new ProblemList();
  const read = async <T>(
    name: string,
    reader: (file: NonNullable<ReturnType<typeof parseYamlFile>>, p: FileProblems) => T[],
  ): Promise<T[]> => {
    const text = await readIfPresent(join(directory, name));
    if (text === undefined) return [];
    const fileProblems = problems.inFile(name);
    const file = parseYamlFile(text, fileProblems);
    return file === undefined ? [] : reader(file, fileProblems);
  };
  const data: BillingData = {
    charges: await read(BILLING_FILES.charges, readCharges),
    services: await read(BILLING_FILES.services, readServices),
    contracts: await read(BILLING_FILES.contracts, readContracts),
    payments: await read(BILLING_FILES.payments, readPayments),
    disputes: await read(BILLING_FILES.disputes, readDisputes),
  };
  if (knownCustomers !== undefined) {
    const check = (file: string, ids: readonly string[]): void => {
      for (const id of new Set(ids)) {
        if (!knownCustomers.has(id))
          problems.inFile(file).report(undefined, 'customerId', `unknown customer "${id}"`);
      }
    };
    check(
      BILLING_FILES.charges,
      data.charges.map((c) => c.customerId),
    );
    check(
      BILLING_FILES.services,
      data.services.map((s) => s.customerId),
    );
    check(
      BILLING_FILES.contracts,
      data.contracts.map((c) => c.customerId),
    );
  }
  if (problems.count > 0) throw invalid(directory, problems);
  return data;
}

/** Reads and checks the ECB rate table (CSV). */
export async function loadEcbRates(path: string = DEFAULT_ECB_RATES_FILE): Promise<EcbRateTable> {
  const text = await readIfPresent(path);
  if (text === undefined) throw new PipelineError('BILLING_DATA_INVALID', `ECB rate table ${path} not found`);
  const problems = new ProblemList();
  const rates = readEcbRates(text, problems.inFile(path));
  if (problems.count > 0) throw invalid(path, problems);
  return new EcbRateTable(rates);
}
