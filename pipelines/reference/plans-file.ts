import type { DestinationClass } from '../numbering/destination.ts';
import { LIMIT_KEYS } from './customers-file.ts';
import { EntryReader, IDENTIFIER, readTopLevelList } from './entry-reader.ts';
import type { BreachPolicy, FairUseLimits, Plan } from './plan.ts';
import type { FileProblems } from './problems.ts';
import { INCLUDABLE_CLASSES } from './reference-types.ts';
import type { YamlFile } from './yaml-file.ts';

export const PLANS_FILE = 'plans.yaml';

/** Defaults of DOMAIN.md section 1. */
export const DEFAULT_LIMITS: FairUseLimits = Object.freeze({
  maxDistinctNumbers: 150,
  maxConcurrentCalls: 3,
  maxRegisteredDevices: 3,
});
export const DEFAULT_BREACH_POLICY: BreachPolicy = 'rest-of-month';
const BREACH_POLICIES = ['rest-of-month', 'whole-month'] as const satisfies readonly BreachPolicy[];

const PLAN_KEYS = [
  'id',
  'name',
  'includedClasses',
  'limits',
  'breachPolicy',
  'requireCatalogueDevice',
  'tariffId',
  'monthlyFee',
] as const;

export interface PlanEntry {
  readonly plan: Plan;
  readonly line: number | undefined;
  readonly tariffField: string;
}

/** Reads `plans.yaml`: `plans: [{ id, name, includedClasses, limits?, breachPolicy?, requireCatalogueDevice?, tariffId, monthlyFee }]`. */
export function readPlans(
  file: YamlFile,
  problems: FileProblems,
): { entries: PlanEntry[]; declaredIds: Set<string> } {
  const entries: PlanEntry[] = [];
  const declaredIds = new Set<string>();
  const seen = new Map<string, number | undefined>();
  for (const { item, path } of readTopLevelList(file, 'plans', problems)) {
    const reader = EntryReader.of(file, problems, path, item, PLAN_KEYS);
    if (reader === undefined) continue;
    const rawId = reader.raw('id');
    if (typeof rawId === 'string') declaredIds.add(rawId);
    const id = reader.identifier('id');
    const name = reader.string('name');
    const includedClasses = reader.stringList('includedClasses', (item) =>
      (INCLUDABLE_CLASSES as readonly string[]).includes(item)
        ? undefined
        : `unknown destination class ${JSON.stringify(item)}; expected one of ${INCLUDABLE_CLASSES.join(', ')}`,
    );
    const limits = readLimits(reader);
    const breachPolicy = reader.choice('breachPolicy', BREACH_POLICIES, DEFAULT_BREACH_POLICY);
    const requireCatalogueDevice = reader.boolean('requireCatalogueDevice', true);
    const tariffId = reader.string('tariffId', { pattern: IDENTIFIER, patternDoc: 'an identifier' });
    const monthlyFee = reader.money('monthlyFee');
    if (id !== undefined) {
      if (seen.has(id))
        reader.problem('id', `duplicate plan id "${id}" (first on line ${seen.get(id) ?? '?'})`);
      else seen.set(id, reader.line('id'));
    }
    if (
      !reader.valid ||
      id === undefined ||
      name === undefined ||
      includedClasses === undefined ||
      limits === undefined ||
      breachPolicy === undefined ||
      requireCatalogueDevice === undefined ||
      tariffId === undefined ||
      monthlyFee === undefined
    ) {
      continue;
    }
    entries.push({
      plan: {
        id,
        name,
        includedClasses: [...new Set(includedClasses)] as DestinationClass[],
        limits,
        breachPolicy,
        requireCatalogueDevice,
        tariffId,
        monthlyFee,
      },
      line: reader.line(),
      tariffField: reader.fieldName('tariffId'),
    });
  }
  return { entries, declaredIds };
}

function readLimits(reader: EntryReader): FairUseLimits | undefined {
  if (!reader.has('limits')) return DEFAULT_LIMITS;
  const limits = reader.nested('limits', LIMIT_KEYS);
  if (limits === undefined) return undefined;
  const maxDistinctNumbers = limits.integer('maxDistinctNumbers', 1, DEFAULT_LIMITS.maxDistinctNumbers);
  const maxConcurrentCalls = limits.integer('maxConcurrentCalls', 1, DEFAULT_LIMITS.maxConcurrentCalls);
  const maxRegisteredDevices = limits.integer('maxRegisteredDevices', 1, DEFAULT_LIMITS.maxRegisteredDevices);
  if (
    maxDistinctNumbers === undefined ||
    maxConcurrentCalls === undefined ||
    maxRegisteredDevices === undefined
  ) {
    return undefined;
  }
  return { maxDistinctNumbers, maxConcurrentCalls, maxRegisteredDevices };
}
