import { HOSTED_TELEPHONY_SERVICE } from '../availability/service-availability.ts';
import { EntryReader, readTopLevelList } from '../reference/entry-reader.ts';
import type { FileProblems } from '../reference/problems.ts';
import type { YamlFile } from '../reference/yaml-file.ts';
import type { Contract, Dispute, OneOffCharge, Payment, RecurringService } from './billing-data.ts';
import { money } from './billing-decimal.ts';

/**
 * Readers of the billing data files, in the style of the reference data (pipelines/reference): one
 * top-level key holding a list, unknown keys refused, money as quoted decimal strings, dates
 * `YYYY-MM-DD`, every problem reported with its file, line and field. Pure: text in, values out.
 */
export const BILLING_FILES = {
  charges: 'charges.yaml',
  services: 'services.yaml',
  contracts: 'contracts.yaml',
  payments: 'payments.yaml',
  disputes: 'disputes.yaml',
} as const;

const SERVICE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SERVICE_DOC = 'a service name (lowercase letters, digits, dashes: access-link)';

function duplicates(
  reader: EntryReader,
  seen: Map<string, number | undefined>,
  id: string | undefined,
  what: string,
): void {
  if (id === undefined) return;
  if (seen.has(id))
    reader.problem('id', `duplicate ${what} id "${id}" (first on line ${seen.get(id) ?? '?'})`);
  else seen.set(id, reader.line('id'));
}

/** `charges: [{ id, customerId, date, label, amount, service }]`: one-off fees, billed in arrears. */
export function readCharges(file: YamlFile, problems: FileProblems): OneOffCharge[] {
  const out: OneOffCharge[] = [];
  const seen = new Map<string, number | undefined>();
  for (const { item, path } of readTopLevelList(file, 'charges', problems)) {
    const r = EntryReader.of(file, problems, path, item, [
      'id',
      'customerId',
      'date',
      'label',
      'amount',
      'service',
    ]);
    if (r === undefined) continue;
    const id = r.identifier('id');
    const customerId = r.identifier('customerId');
    const date = r.date('date', true);
    const label = r.string('label');
    const amount = r.money('amount');
    const service = r.string('service', { pattern: SERVICE, patternDoc: SERVICE_DOC });
    duplicates(r, seen, id, 'charge');
    if (!r.valid || id === undefined || customerId === undefined || date === undefined) continue;
    if (label === undefined || amount === undefined || service === undefined) continue;
    out.push({ id, customerId, date, label, amount: money(amount), service });
  }
  return out;
}

/** `services: [{ id, customerId, service, label, monthlyAmount, from, to? }]`: recurring, billed in advance. */
export function readServices(file: YamlFile, problems: FileProblems): RecurringService[] {
  const out: RecurringService[] = [];
  const seen = new Map<string, number | undefined>();
  for (const { item, path } of readTopLevelList(file, 'services', problems)) {
    const r = EntryReader.of(file, problems, path, item, [
      'id',
      'customerId',
      'service',
      'label',
      'monthlyAmount',
      'from',
      'to',
    ]);
    if (r === undefined) continue;
    const id = r.identifier('id');
    const customerId = r.identifier('customerId');
    const service = r.string('service', { pattern: SERVICE, patternDoc: SERVICE_DOC });
    if (service === HOSTED_TELEPHONY_SERVICE) {
      r.problem('service', `${HOSTED_TELEPHONY_SERVICE} is billed from the plan (per SIP account), not here`);
    }
    const label = r.string('label');
    const monthlyAmount = r.money('monthlyAmount');
    const from = r.date('from', true);
    const to = r.date('to', false);
    if (from !== undefined && to !== undefined && to < from) r.problem('to', `${to} is before from ${from}`);
    duplicates(r, seen, id, 'service');
    if (!r.valid || id === undefined || customerId === undefined || service === undefined) continue;
    if (label === undefined || monthlyAmount === undefined || from === undefined) continue;
    out.push({
      id,
      customerId,
      service,
      label,
      monthlyAmount: money(monthlyAmount),
      from,
      ...(to === undefined ? {} : { to }),
    });
  }
  return out;
}

/** `contracts: [{ customerId, initialPeriodMonths }]`: the initial period of each order. */
export function readContracts(file: YamlFile, problems: FileProblems): Contract[] {
  const out: Contract[] = [];
  const seen = new Set<string>();
  for (const { item, path } of readTopLevelList(file, 'contracts', problems)) {
    const r = EntryReader.of(file, problems, path, item, ['customerId', 'initialPeriodMonths']);
    if (r === undefined) continue;
    const customerId = r.identifier('customerId');
    const initialPeriodMonths = r.integer('initialPeriodMonths', 1);
    if (customerId !== undefined && seen.has(customerId)) {
      r.problem('customerId', `customer "${customerId}" has two contracts`);
    }
    if (!r.valid || customerId === undefined || initialPeriodMonths === undefined) continue;
    seen.add(customerId);
    out.push({ customerId, initialPeriodMonths });
  }
  return out;
}

/** `payments: [{ invoiceId, date, amount }]`: amounts including VAT. */
export function readPayments(file: YamlFile, problems: FileProblems): Payment[] {
  const out: Payment[] = [];
  for (const { item, path } of readTopLevelList(file, 'payments', problems)) {
    const r = EntryReader.of(file, problems, path, item, ['invoiceId', 'date', 'amount']);
    if (r === undefined) continue;
    const invoiceId = r.identifier('invoiceId');
    const date = r.date('date', true);
    const amount = r.money('amount');
    if (!r.valid || invoiceId === undefined || date === undefined || amount === undefined) continue;
    out.push({ invoiceId, date, amount: money(amount) });
  }
  return out;
}

/** `disputes: [{ invoiceId, amount, raisedOn, goodFaith, resolvedOn?, agreedAmount? }]`: amounts including VAT. */
export function readDisputes(file: YamlFile, problems: FileProblems): Dispute[] {
  const out: Dispute[] = [];
  for (const { item, path } of readTopLevelList(file, 'disputes', problems)) {
    const r = EntryReader.of(file, problems, path, item, [
      'invoiceId',
      'amount',
      'raisedOn',
      'goodFaith',
      'resolvedOn',
      'agreedAmount',
      'note',
    ]);
    if (r === undefined) continue;
    const invoiceId = r.identifier('invoiceId');
    const amount = r.money('amount');
    const raisedOn = r.date('raisedOn', true);
    const goodFaith = r.boolean('goodFaith');
    const resolvedOn = r.date('resolvedOn', false);
    const agreedAmount = r.has('agreedAmount') ? r.money('agreedAmount') : undefined;
    r.optionalString('note');
    if ((resolvedOn === undefined) !== (agreedAmount === undefined) && r.valid) {
      r.problem(
        resolvedOn === undefined ? 'resolvedOn' : 'agreedAmount',
        'resolvedOn and agreedAmount go together',
      );
    }
    if (raisedOn !== undefined && resolvedOn !== undefined && resolvedOn < raisedOn) {
      r.problem('resolvedOn', `${resolvedOn} is before raisedOn ${raisedOn}`);
    }
    if (!r.valid || invoiceId === undefined || amount === undefined || raisedOn === undefined) continue;
    if (goodFaith === undefined) continue;
    out.push({
      invoiceId,
      amount: money(amount),
      raisedOn,
      goodFaith,
      ...(resolvedOn === undefined ? {} : { resolvedOn }),
      ...(agreedAmount === undefined ? {} : { agreedAmount: money(agreedAmount) }),
    });
  }
  return out;
}
