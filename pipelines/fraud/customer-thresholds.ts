import type { ReferenceData } from '../reference/reference-data.ts';
import type { Customer } from '../reference/reference-types.ts';
import type { Severity } from './fraud-alert.ts';
import type { RuleScope } from './fraud-rules.ts';
import { moneyUnitsOfNumber } from './money-units.ts';
import { allOverrideNames, metricNames, metricUnit, overrideName } from './rule-metrics.ts';

/** A level's thresholds by metric index (the rule's metric order); Infinity: the metric does not trigger. */
export type LevelLimits = readonly number[];

/** The thresholds in force for one key: undefined for a level the rule does not have. */
export interface ResolvedLevels {
  readonly critical: LevelLimits | undefined;
  readonly warning: LevelLimits | undefined;
}

const OVERRIDE_PREFIX = 'fraud.';

/**
 * Thresholds of a scope for a customer: the rules' defaults, replaced metric by metric by the customer's
 * `overrides.thresholds` named `fraud.<rule>.<level>.<metric>` (counts, minutes, money as a number of
 * currency units; 0 turns the metric off for that customer). Only `account` scopes take overrides.
 * Resolved once per customer object (a reload of the reference data gives new objects) and scope.
 */
export class CustomerThresholds {
  private readonly defaults = new Map<RuleScope, ResolvedLevels>();
  private readonly byCustomer = new WeakMap<Customer, Map<RuleScope, ResolvedLevels>>();
  private readonly hasFraudOverrides = new WeakMap<Customer, boolean>();

  levels(scope: RuleScope, customer: Customer | undefined): ResolvedLevels {
    if (customer === undefined || scope.scope !== 'account' || !this.overridesFraud(customer)) {
      return this.defaultLevels(scope);
    }
    let resolved = this.byCustomer.get(customer);
    if (resolved === undefined) {
      resolved = new Map();
      this.byCustomer.set(customer, resolved);
    }
    let levels = resolved.get(scope);
    if (levels === undefined) {
      levels = resolveLevels(scope, customer.overrides.thresholds);
      resolved.set(scope, levels);
    }
    return levels;
  }

  defaultLevels(scope: RuleScope): ResolvedLevels {
    let levels = this.defaults.get(scope);
    if (levels === undefined) {
      levels = resolveLevels(scope, {});
      this.defaults.set(scope, levels);
    }
    return levels;
  }

  private overridesFraud(customer: Customer): boolean {
    let has = this.hasFraudOverrides.get(customer);
    if (has === undefined) {
      has = Object.keys(customer.overrides.thresholds).some((name) => name.startsWith(OVERRIDE_PREFIX));
      this.hasFraudOverrides.set(customer, has);
    }
    return has;
  }
}

function resolveLevels(scope: RuleScope, overrides: Readonly<Record<string, number>>): ResolvedLevels {
  const level = (severity: Severity): LevelLimits | undefined => {
    const defaults = scope.levels[severity];
    const limits = metricNames(scope.rule).map((metric) => {
      const override = overrides[overrideName(scope.rule, severity, metric)];
      if (override !== undefined) return override === 0 ? Infinity : toWindowUnits(scope, metric, override);
      return defaults?.[metric] ?? Infinity;
    });
    return defaults === undefined && limits.every((l) => l === Infinity) ? undefined : limits;
  };
  return { critical: level('critical'), warning: level('warning') };
}

function toWindowUnits(scope: RuleScope, metric: string, value: number): number {
  switch (metricUnit(scope.rule, metric)) {
    case 'minutes':
      return Math.ceil(value * 60);
    case 'money':
      return moneyUnitsOfNumber(value);
    default:
      return value;
  }
}

/** `fraud.*` names in customers' thresholds that no rule knows (typos): one message per customer and name. */
export function unknownFraudOverrides(reference: ReferenceData): string[] {
  const known = new Set(allOverrideNames());
  const problems: string[] = [];
  for (const customer of reference.customers) {
    for (const name of Object.keys(customer.overrides.thresholds)) {
      if (name.startsWith(OVERRIDE_PREFIX) && !known.has(name)) {
        problems.push(`customer ${customer.id}: unknown fraud threshold ${JSON.stringify(name)}`);
      }
    }
  }
  return problems;
}
