import type { FraudRuleId, Severity } from './fraud-alert.ts';

/**
 * What each rule measures. Thresholds name these metrics; a level is reached when ANY metric it sets
 * reaches its value (>=). Units in configuration: `count` whole numbers, `minutes` of billable time,
 * `money` decimal amounts in the tariff's currency. Inside windows, minutes are held as seconds and money
 * as millionths (money-units.ts).
 */
export type MetricUnit = 'count' | 'minutes' | 'money';

export const RULE_METRICS = {
  'credential-brute-force': { failures: 'count' },
  'brute-force-then-success': { failures: 'count' },
  'scanner-user-agent': { attempts: 'count', successes: 'count' },
  'new-network': { networks: 'count' },
  'irsf-burst': { calls: 'count', minutes: 'minutes', cost: 'money' },
  'high-risk-destination': { numbers: 'count' },
  'concurrent-international': { calls: 'count' },
  'spend-velocity': { cost: 'money' },
  'out-of-hours-spike': { calls: 'count', cost: 'money' },
  'sequential-dialling': { run: 'count' },
  'short-call-burst': { calls: 'count' },
} as const satisfies Record<FraudRuleId, Readonly<Record<string, MetricUnit>>>;

export type MetricsOf<R extends FraudRuleId> = keyof (typeof RULE_METRICS)[R] & string;

/** Metric names of a rule, in their fixed order (the index of each metric in window accumulators). */
export function metricNames(rule: FraudRuleId): readonly string[] {
  return Object.keys(RULE_METRICS[rule]);
}

export function metricUnit(rule: FraudRuleId, metric: string): MetricUnit | undefined {
  return (RULE_METRICS[rule] as Readonly<Record<string, MetricUnit>>)[metric];
}

/** Levels from the most to the least severe: the order thresholds are checked and fired in. */
export const SEVERITIES_DESCENDING: readonly Severity[] = ['critical', 'warning'];

/** `fraud.irsf-burst.critical.calls`: the name of a per-customer override in `customer.overrides.thresholds`. */
export function overrideName(rule: FraudRuleId, level: Severity, metric: string): string {
  return `fraud.${rule}.${level}.${metric}`;
}

/** Every override name customers may use, sorted. */
export function allOverrideNames(): string[] {
  const names: string[] = [];
  for (const rule of Object.keys(RULE_METRICS) as FraudRuleId[]) {
    for (const level of SEVERITIES_DESCENDING) {
      for (const metric of metricNames(rule)) names.push(overrideName(rule, level, metric));
    }
  }
  return names.sort();
}
