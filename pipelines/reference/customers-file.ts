import { EntryReader, isPlainObject, readTopLevelList } from './entry-reader.ts';
import type { FairUseLimits } from './plan.ts';
import type { FileProblems } from './problems.ts';
import { CUSTOMER_CATEGORIES, type Customer } from './reference-types.ts';
import type { YamlFile } from './yaml-file.ts';

export const CUSTOMERS_FILE = 'customers.yaml';

const CUSTOMER_KEYS = [
  'id',
  'name',
  'category',
  'slaEligible',
  'planId',
  'orderDate',
  'terminationDate',
  'overrides',
] as const;
const OVERRIDE_KEYS = ['limits', 'thresholds'] as const;
export const LIMIT_KEYS = ['maxDistinctNumbers', 'maxConcurrentCalls', 'maxRegisteredDevices'] as const;

/** A customer with the line it was declared on, for the cross-reference checks. */
export interface CustomerEntry {
  readonly customer: Customer;
  readonly line: number | undefined;
  readonly field: string;
}

/** Reads `customers.yaml`: `customers: [{ id, name, category, slaEligible, planId, orderDate, ... }]`. */
export function readCustomers(
  file: YamlFile,
  problems: FileProblems,
): { entries: CustomerEntry[]; declaredIds: Set<string> } {
  const entries: CustomerEntry[] = [];
  const declaredIds = new Set<string>();
  const seen = new Map<string, number | undefined>();
  for (const { item, path } of readTopLevelList(file, 'customers', problems)) {
    const reader = EntryReader.of(file, problems, path, item, CUSTOMER_KEYS);
    if (reader === undefined) continue;
    const rawId = reader.raw('id');
    if (typeof rawId === 'string') declaredIds.add(rawId);
    const id = reader.identifier('id');
    const name = reader.string('name');
    const category = reader.choice('category', CUSTOMER_CATEGORIES);
    const slaEligible = reader.boolean('slaEligible');
    const planId = reader.identifier('planId');
    const orderDate = reader.date('orderDate', true);
    const terminationDate = reader.date('terminationDate', false);
    if (orderDate !== undefined && terminationDate !== undefined && terminationDate < orderDate) {
      reader.problem('terminationDate', `${terminationDate} is before the order date ${orderDate}`);
    }
    const overrides = readOverrides(reader);
    if (id !== undefined) {
      if (seen.has(id)) {
        reader.problem('id', `duplicate customer id "${id}" (first on line ${seen.get(id) ?? '?'})`);
      } else {
        seen.set(id, reader.line('id'));
      }
    }
    if (
      !reader.valid ||
      id === undefined ||
      name === undefined ||
      category === undefined ||
      slaEligible === undefined ||
      planId === undefined ||
      orderDate === undefined ||
      overrides === undefined
    ) {
      continue;
    }
    entries.push({
      customer: {
        id,
        name,
        category,
        slaEligible,
        planId,
        orderDate,
        ...(terminationDate === undefined ? {} : { terminationDate }),
        overrides,
      },
      line: reader.line(),
      field: reader.fieldName('planId'),
    });
  }
  return { entries, declaredIds };
}

function readOverrides(reader: EntryReader): Customer['overrides'] | undefined {
  if (!reader.has('overrides')) return { limits: {}, thresholds: {} };
  const overrides = reader.nested('overrides', OVERRIDE_KEYS);
  if (overrides === undefined) return undefined;
  const limits: { -readonly [K in keyof FairUseLimits]?: number } = {};
  const limitsReader = overrides.nested('limits', LIMIT_KEYS);
  if (limitsReader !== undefined) {
    for (const key of LIMIT_KEYS) {
      if (!limitsReader.has(key)) continue;
      const value = limitsReader.integer(key, 1);
      if (value !== undefined) limits[key] = value;
    }
  }
  const thresholds: Record<string, number> = {};
  const raw = overrides.raw('thresholds');
  if (raw !== undefined && raw !== null) {
    const names = isPlainObject(raw) ? Object.keys(raw).sort() : [];
    const thresholdsReader = overrides.nested('thresholds', names);
    if (thresholdsReader !== undefined) {
      for (const key of names) {
        const value = thresholdsReader.raw(key);
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          thresholdsReader.problem(key, `expected a non-negative number, got ${JSON.stringify(value)}`);
        } else {
          thresholds[key] = value;
        }
      }
    }
  }
  return overrides.valid ? { limits, thresholds } : undefined;
}
