import { parseCsv, toTable } from './csv.ts';
import { EntryReader, readTopLevelList } from './entry-reader.ts';
import { nextCalendarDate, parisMidnight } from './paris-time.ts';
import type { FileProblems } from './problems.ts';
import { RowChecker } from './row-checker.ts';
import type { SipAccount } from './reference-types.ts';
import type { YamlFile } from './yaml-file.ts';

export const SIP_ACCOUNTS_YAML = 'sip-accounts.yaml';
export const SIP_ACCOUNTS_CSV = 'sip-accounts.csv';

const ACCOUNT_KEYS = ['accountId', 'customerId', 'label', 'activeFrom', 'activeTo'] as const;
const CSV_COLUMNS = ['account_id', 'customer_id', 'label', 'active_from', 'active_to'] as const;

/** An account with where it was declared, for duplicate and cross-reference checks. */
export interface AccountEntry {
  readonly account: SipAccount;
  readonly file: string;
  readonly line: number | undefined;
  readonly customerField: string;
}

function buildAccount(
  accountId: string,
  customerId: string,
  label: string | undefined,
  activeFrom: string,
  activeTo: string | undefined,
): SipAccount {
  return {
    accountId,
    customerId,
    ...(label === undefined ? {} : { label }),
    activeFrom,
    ...(activeTo === undefined ? {} : { activeTo }),
    activeFromInstant: parisMidnight(activeFrom),
    ...(activeTo === undefined ? {} : { activeUntilInstant: parisMidnight(nextCalendarDate(activeTo)) }),
  };
}

/** Reads `sip-accounts.yaml`: `accounts: [{ accountId, customerId, label?, activeFrom, activeTo? }]`. */
export function readSipAccountsYaml(file: YamlFile, problems: FileProblems): AccountEntry[] {
  const entries: AccountEntry[] = [];
  for (const { item, path } of readTopLevelList(file, 'accounts', problems)) {
    const reader = EntryReader.of(file, problems, path, item, ACCOUNT_KEYS);
    if (reader === undefined) continue;
    const accountId = reader.identifier('accountId');
    const customerId = reader.identifier('customerId');
    const label = reader.optionalString('label');
    const activeFrom = reader.date('activeFrom', true);
    const activeTo = reader.date('activeTo', false);
    if (activeFrom !== undefined && activeTo !== undefined && activeTo < activeFrom) {
      reader.problem('activeTo', `${activeTo} is before activeFrom ${activeFrom}`);
    }
    if (!reader.valid || accountId === undefined || customerId === undefined || activeFrom === undefined)
      continue;
    entries.push({
      account: buildAccount(accountId, customerId, label, activeFrom, activeTo),
      file: problems.file,
      line: reader.line(),
      customerField: reader.fieldName('customerId'),
    });
  }
  return entries;
}

/** Reads `sip-accounts.csv`: header `account_id,customer_id,label,active_from,active_to` (label, active_to may be empty). */
export function readSipAccountsCsv(text: string, problems: FileProblems): AccountEntry[] {
  const table = toTable(parseCsv(text, problems), CSV_COLUMNS, problems, {
    header: 'required',
    optionalColumns: ['label', 'active_to'],
  });
  if (table === undefined) return [];
  const entries: AccountEntry[] = [];
  for (const row of table.rows) {
    const check = new RowChecker(row, problems);
    const accountId = check.identifier('account_id');
    const customerId = check.identifier('customer_id');
    const label = row.get('label');
    const activeFrom = check.date('active_from', true);
    const activeTo = check.date('active_to', false);
    if (activeFrom !== undefined && activeTo !== undefined && activeTo < activeFrom) {
      check.fail('active_to', `${activeTo} is before active_from ${activeFrom}`);
    }
    if (!check.ok || accountId === undefined || customerId === undefined || activeFrom === undefined)
      continue;
    entries.push({
      account: buildAccount(accountId, customerId, label === '' ? undefined : label, activeFrom, activeTo),
      file: problems.file,
      line: row.line,
      customerField: 'customer_id',
    });
  }
  return entries;
}
