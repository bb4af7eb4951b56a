import type { Tariff } from '../rating/tariff.ts';
import { CUSTOMERS_FILE, readCustomers } from './customers-file.ts';
import { DEVICES_FILE, readDevices } from './devices-file.ts';
import { IDENTIFIER } from './entry-reader.ts';
import { PLANS_FILE, readPlans } from './plans-file.ts';
import { ProblemList, type ReferenceProblem } from './problems.ts';
import { ReferenceData } from './reference-data.ts';
import {
  SIP_ACCOUNTS_CSV,
  SIP_ACCOUNTS_YAML,
  readSipAccountsCsv,
  readSipAccountsYaml,
  type AccountEntry,
} from './sip-accounts-file.ts';
import { readCgratesTariffPlan } from './tariffs/cgrates-tariff-plan.ts';
import { readNativeTariffCsv } from './tariffs/native-tariff-csv.ts';
import { assembleTariffs, type VersionDraft } from './tariffs/tariff-assembly.ts';
import { parseYamlFile, type YamlFile } from './yaml-file.ts';

export const TARIFFS_DIRECTORY = 'tariffs';

/** The files of a reference directory: path relative to it (`/`-separated) -> text. */
export type ReferenceSources = ReadonlyMap<string, string>;

export type CompileResult =
  | { readonly ok: true; readonly data: ReferenceData }
  | { readonly ok: false; readonly problems: readonly ReferenceProblem[] };

/**
 * Validates and compiles reference files into a snapshot, pure (no I/O). Every problem of every file is
 * collected; the snapshot is built only when there is none.
 */
export function compileReferenceData(sources: ReferenceSources): CompileResult {
  const problems = new ProblemList();
  const yaml = (name: string): YamlFile | undefined => {
    const text = sources.get(name);
    if (text === undefined) {
      problems.inFile(name).report(undefined, undefined, 'missing required file');
      return undefined;
    }
    return parseYamlFile(text, problems.inFile(name));
  };

  const customersFile = yaml(CUSTOMERS_FILE);
  const customers =
    customersFile === undefined ? undefined : readCustomers(customersFile, problems.inFile(CUSTOMERS_FILE));
  const plansFile = yaml(PLANS_FILE);
  const plans = plansFile === undefined ? undefined : readPlans(plansFile, problems.inFile(PLANS_FILE));
  const devicesFile = yaml(DEVICES_FILE);
  const devices = devicesFile === undefined ? [] : readDevices(devicesFile, problems.inFile(DEVICES_FILE));
  const accounts = readAccounts(sources, problems);
  const mentionedTariffIds = new Set<string>();
  const tariffs = assembleTariffs(readTariffDrafts(sources, problems, mentionedTariffIds), problems);

  if (plans !== undefined) {
    for (const { plan, line, tariffField } of plans.entries) {
      if (!tariffs.has(plan.tariffId) && !mentionedTariffIds.has(plan.tariffId)) {
        problems
          .inFile(PLANS_FILE)
          .report(line, tariffField, `plan "${plan.id}": unknown tariff "${plan.tariffId}"`);
      }
    }
  }
  if (customers !== undefined && plans !== undefined) {
    for (const { customer, line, field } of customers.entries) {
      if (!plans.declaredIds.has(customer.planId)) {
        problems
          .inFile(CUSTOMERS_FILE)
          .report(line, field, `customer "${customer.id}": unknown plan "${customer.planId}"`);
      }
    }
  }
  if (customers !== undefined) {
    for (const { account, file, line, customerField } of accounts) {
      if (!customers.declaredIds.has(account.customerId)) {
        problems
          .inFile(file)
          .report(
            line,
            customerField,
            `account "${account.accountId}": unknown customer "${account.customerId}"`,
          );
      }
    }
  }

  if (problems.count > 0 || customers === undefined || plans === undefined) {
    return { ok: false, problems: problems.all() };
  }
  return {
    ok: true,
    data: new ReferenceData({
      customers: customers.entries.map((e) => e.customer),
      accounts: accounts.map((e) => e.account),
      plans: plans.entries.map((e) => e.plan),
      devices,
      tariffs: [...tariffs.values()] as Tariff[],
    }),
  };
}

function readAccounts(sources: ReferenceSources, problems: ProblemList): AccountEntry[] {
  const yamlText = sources.get(SIP_ACCOUNTS_YAML);
  const csvText = sources.get(SIP_ACCOUNTS_CSV);
  if (yamlText === undefined && csvText === undefined) {
    problems
      .inFile(SIP_ACCOUNTS_YAML)
      .report(undefined, undefined, `missing required file (or ${SIP_ACCOUNTS_CSV})`);
    return [];
  }
  const entries: AccountEntry[] = [];
  if (yamlText !== undefined) {
    const file = parseYamlFile(yamlText, problems.inFile(SIP_ACCOUNTS_YAML));
    if (file !== undefined) entries.push(...readSipAccountsYaml(file, problems.inFile(SIP_ACCOUNTS_YAML)));
  }
  if (csvText !== undefined) entries.push(...readSipAccountsCsv(csvText, problems.inFile(SIP_ACCOUNTS_CSV)));
  const seen = new Map<string, AccountEntry>();
  return entries.filter((entry) => {
    const first = seen.get(entry.account.accountId);
    if (first === undefined) {
      seen.set(entry.account.accountId, entry);
      return true;
    }
    problems
      .inFile(entry.file)
      .report(
        entry.line,
        undefined,
        `duplicate account id "${entry.account.accountId}" (first in ${first.file}:${first.line ?? '?'})`,
      );
    return false;
  });
}

/** `tariffs/*.csv` are native tariff files; each `tariffs/<id>/` directory is a CGRateS tariff plan. */
function readTariffDrafts(
  sources: ReferenceSources,
  problems: ProblemList,
  mentioned: Set<string>,
): VersionDraft[] {
  const drafts: VersionDraft[] = [];
  const cgratesDirectories = new Map<string, Map<string, string>>();
  const prefix = `${TARIFFS_DIRECTORY}/`;
  for (const [path, text] of [...sources.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split('/');
    const [first, second] = parts;
    if (first === undefined) continue;
    if (parts.length === 1 && first.toLowerCase().endsWith('.csv')) {
      drafts.push(...readNativeTariffCsv(text, problems.inFile(path), mentioned));
    } else if (parts.length === 2 && second !== undefined) {
      const files = cgratesDirectories.get(first) ?? new Map<string, string>();
      files.set(second, text);
      cgratesDirectories.set(first, files);
    }
  }
  for (const [tariffId, files] of cgratesDirectories) {
    mentioned.add(tariffId);
    const path = `${TARIFFS_DIRECTORY}/${tariffId}`;
    if (!IDENTIFIER.test(tariffId)) {
      problems
        .inFile(path)
        .report(
          undefined,
          undefined,
          'a CGRateS tariff directory is named by its tariff id: no spaces or commas',
        );
      continue;
    }
    drafts.push(...readCgratesTariffPlan({ tariffId, path, files }, problems));
  }
  if (drafts.length === 0 && mentioned.size === 0) {
    problems
      .inFile(TARIFFS_DIRECTORY)
      .report(
        undefined,
        undefined,
        'no tariff: add tariffs/*.csv (native) or tariffs/<id>/ (CGRateS tariff plan)',
      );
  }
  return drafts;
}
