import type { DestinationClass } from '../numbering/destination.ts';
import { contentHash } from '../reference/content-hash.ts';
import { EntryReader, isPlainObject } from '../reference/entry-reader.ts';
import { ProblemList, type FileProblems, type ReferenceProblem } from '../reference/problems.ts';
import { parseYamlFile, type YamlFile } from '../reference/yaml-file.ts';
import { parseDuration } from './duration.ts';
import { FRAUD_RULES, type FraudRuleId, type Severity } from './fraud-alert.ts';
import type {
  BusinessHours,
  ConcurrentRule,
  DestinationClassRule,
  FraudRules,
  LevelThresholds,
  NewNetworkRule,
  OutOfHoursRule,
  RuleScope,
  ScannerRule,
  ShortCallRule,
  WindowSpec,
} from './fraud-rules.ts';
import { parseMoneyUnits } from './money-units.ts';
import { metricNames, metricUnit } from './rule-metrics.ts';

export const RULES_FILE = 'rules.yaml';

export type CompileRulesResult =
  | { readonly ok: true; readonly rules: FraudRules }
  | { readonly ok: false; readonly problems: readonly ReferenceProblem[] };

/** Sliding windows cost one accumulator update per window a record falls in: at most this many. */
export const MAX_WINDOWS_PER_RECORD = 60;

const DESTINATION_CLASSES: readonly DestinationClass[] = [
  'emergency',
  'national-fixed',
  'national-mobile',
  'special-free',
  'special-shared',
  'special-premium',
  'short-code',
  'international',
  'satellite',
  'invalid',
];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const CLOCK_TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

const LEVEL_KEYS = ['warning', 'critical'] as const satisfies readonly Severity[];
const SCOPE_KEYS = ['window', ...LEVEL_KEYS] as const;
const EXTRA_KEYS: Readonly<Record<FraudRuleId, readonly string[]>> = {
  'credential-brute-force': ['account', 'source-ip'],
  'brute-force-then-success': SCOPE_KEYS,
  'scanner-user-agent': [...SCOPE_KEYS, 'userAgents'],
  'new-network': [
    ...SCOPE_KEYS,
    'ipv4PrefixLength',
    'ipv6PrefixLength',
    'learningRegistrations',
    'learningPeriod',
    'maxNetworksPerAccount',
  ],
  'irsf-burst': [...SCOPE_KEYS, 'classes'],
  'high-risk-destination': SCOPE_KEYS,
  'concurrent-international': [...SCOPE_KEYS, 'classes', 'maxCallDuration'],
  'spend-velocity': SCOPE_KEYS,
  'out-of-hours-spike': [...SCOPE_KEYS, 'businessHours'],
  'sequential-dialling': SCOPE_KEYS,
  'short-call-burst': [...SCOPE_KEYS, 'maxSeconds'],
};

/**
 * Compiles the fraud rules file (infra/fraud/rules.yaml): `rules:` maps every rule id of FRAUD_RULES to
 * its settings (`enabled: false` turns one off; none may be missing). Every problem is reported with its
 * line and field path; unknown keys are rejected.
 */
export function compileFraudRules(text: string, file = RULES_FILE): CompileRulesResult {
  const list = new ProblemList();
  const problems = list.inFile(file);
  const yaml = parseYamlFile(text, problems);
  const compiled = yaml === undefined ? undefined : readRules(yaml, problems);
  if (compiled === undefined || list.count > 0) return { ok: false, problems: list.all() };
  const hash = contentHash(compiled);
  return { ok: true, rules: Object.freeze({ hash, version: hash.slice(0, 12), ...compiled }) };
}

type RulesBody = Omit<FraudRules, 'hash' | 'version'>;

function readRules(yaml: YamlFile, problems: FileProblems): RulesBody | undefined {
  const root = EntryReader.of(yaml, problems, [], yaml.value ?? {}, ['rules']);
  if (root === undefined) return undefined;
  const rulesValue = root.raw('rules');
  if (!isPlainObject(rulesValue)) {
    root.problem('rules', 'required: a mapping from rule id to its settings');
    return undefined;
  }
  const rules = root.nested('rules', FRAUD_RULES);
  if (rules === undefined) return undefined;
  const ruleReader = (rule: FraudRuleId): EntryReader | undefined => {
    if (!rules.has(rule)) {
      rules.problem(rule, 'missing rule (write `enabled: false` to turn it off)');
      return undefined;
    }
    const raw = rules.raw(rule);
    const keys = ['enabled', ...EXTRA_KEYS[rule]];
    const reader = EntryReader.of(yaml, problems, ['rules', rule], raw, keys, rules);
    if (reader === undefined) return undefined;
    return reader.boolean('enabled', true) === false ? undefined : reader;
  };
  const body: RulesBody = {
    credentialBruteForce: readCredentialBruteForce(ruleReader('credential-brute-force')),
    bruteForceThenSuccess: withReader(ruleReader('brute-force-then-success'), (r) =>
      readScope(r, 'brute-force-then-success', 'account'),
    ),
    scannerUserAgent: withReader(ruleReader('scanner-user-agent'), readScanner),
    newNetwork: withReader(ruleReader('new-network'), readNewNetwork),
    irsfBurst: withReader(ruleReader('irsf-burst'), (r) => readClassRule(r, 'irsf-burst')),
    highRiskDestination: withReader(ruleReader('high-risk-destination'), (r) =>
      readScope(r, 'high-risk-destination', 'account'),
    ),
    concurrentInternational: withReader(ruleReader('concurrent-international'), readConcurrent),
    spendVelocity: withReader(ruleReader('spend-velocity'), (r) => readScope(r, 'spend-velocity', 'account')),
    outOfHoursSpike: withReader(ruleReader('out-of-hours-spike'), readOutOfHours),
    sequentialDialling: withReader(ruleReader('sequential-dialling'), (r) =>
      readScope(r, 'sequential-dialling', 'account'),
    ),
    shortCallBurst: withReader(ruleReader('short-call-burst'), readShortCalls),
  };
  return root.valid ? body : undefined;
}

function withReader<T>(reader: EntryReader | undefined, read: (reader: EntryReader) => T): T | undefined {
  return reader === undefined ? undefined : read(reader);
}

function readCredentialBruteForce(reader: EntryReader | undefined): FraudRules['credentialBruteForce'] {
  if (reader === undefined) return { account: undefined, sourceIp: undefined };
  if (!reader.has('account') && !reader.has('source-ip'))
    reader.problem(undefined, 'needs `account` and/or `source-ip`');
  const scope = (key: string, scopeName: RuleScope['scope']): RuleScope | undefined => {
    const nested = reader.nested(key, ['enabled', ...SCOPE_KEYS]);
    if (nested === undefined || nested.boolean('enabled', true) === false) return undefined;
    return readScope(nested, 'credential-brute-force', scopeName);
  };
  return { account: scope('account', 'account'), sourceIp: scope('source-ip', 'source-ip') };
}

function readScope(reader: EntryReader, rule: FraudRuleId, scope: RuleScope['scope']): RuleScope {
  const window = readWindow(reader);
  const levels: Partial<Record<Severity, LevelThresholds>> = {};
  for (const level of LEVEL_KEYS) {
    const thresholds = readLevel(reader, rule, level);
    if (thresholds !== undefined) levels[level] = thresholds;
  }
  if (levels.warning === undefined && levels.critical === undefined) {
    reader.problem(undefined, 'needs a `warning` and/or a `critical` level');
  }
  const { warning, critical } = levels;
  if (warning !== undefined && critical !== undefined) {
    for (const metric of Object.keys(warning)) {
      const low = warning[metric];
      const high = critical[metric];
      if (low !== undefined && high !== undefined && low > high) {
        reader.problem('warning', `${metric}: the warning threshold exceeds the critical one`);
      }
    }
  }
  return { rule, scope, window: window ?? { sizeMs: 1, slideMs: 1 }, levels };
}

function readLevel(reader: EntryReader, rule: FraudRuleId, level: Severity): LevelThresholds | undefined {
  if (!reader.has(level)) return undefined;
  const names = metricNames(rule);
  const nested = reader.nested(level, names);
  if (nested === undefined) return undefined;
  const thresholds: Record<string, number> = {};
  for (const metric of names) {
    if (!nested.has(metric)) continue;
    const value = readMetric(nested, rule, metric);
    if (value !== undefined) thresholds[metric] = value;
  }
  if (Object.keys(thresholds).length === 0 && nested.valid) {
    reader.problem(level, `set at least one of ${names.join(', ')}`);
  }
  return thresholds;
}

/** A threshold in window units: counts, minutes as seconds, money as millionths. */
function readMetric(reader: EntryReader, rule: FraudRuleId, metric: string): number | undefined {
  const raw = reader.raw(metric);
  switch (metricUnit(rule, metric)) {
    case 'count':
      return reader.integer(metric, 1);
    case 'minutes':
      if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
        reader.problem(metric, `expected a positive number of minutes, got ${JSON.stringify(raw)}`);
        return undefined;
      }
      return Math.ceil(raw * 60);
    case 'money': {
      const units = typeof raw === 'string' ? parseMoneyUnits(raw) : undefined;
      if (units === undefined || units <= 0) {
        reader.problem(
          metric,
          `expected a positive amount as a quoted decimal such as "50.00", got ${JSON.stringify(raw)}`,
        );
        return undefined;
      }
      return units;
    }
    case undefined:
      return undefined;
  }
}

function readWindow(reader: EntryReader): WindowSpec | undefined {
  const raw = reader.raw('window');
  if (raw === undefined || raw === null) {
    reader.problem('window', 'required: a duration such as 10m, or { size: 1h, slide: 5m }');
    return undefined;
  }
  if (typeof raw === 'string') {
    const size = durationOf(reader, 'window', raw);
    return size === undefined ? undefined : { sizeMs: size, slideMs: size };
  }
  const nested = reader.nested('window', ['size', 'slide']);
  if (nested === undefined) return undefined;
  const size = durationOf(nested, 'size', nested.raw('size'));
  const slide = nested.has('slide') ? durationOf(nested, 'slide', nested.raw('slide')) : size;
  if (size === undefined || slide === undefined) return undefined;
  if (slide > size || size % slide !== 0) {
    nested.problem('slide', `must divide the window size (${String(nested.raw('size'))})`);
    return undefined;
  }
  if (size / slide > MAX_WINDOWS_PER_RECORD) {
    nested.problem('slide', `at most ${MAX_WINDOWS_PER_RECORD} windows per record: use a longer slide`);
    return undefined;
  }
  return { sizeMs: size, slideMs: slide };
}

function durationOf(reader: EntryReader, key: string, raw: unknown): number | undefined {
  const ms = typeof raw === 'string' ? parseDuration(raw) : undefined;
  if (ms === undefined)
    reader.problem(key, `expected a duration such as 30s, 10m, 1h or 1d, got ${JSON.stringify(raw)}`);
  return ms;
}

function readScanner(reader: EntryReader): ScannerRule {
  const userAgents = reader.stringList('userAgents', (item) =>
    item.trim().length < 3 ? 'a pattern needs at least 3 characters' : undefined,
  );
  if (userAgents?.length === 0) reader.problem('userAgents', 'must not be empty');
  return {
    ...readScope(reader, 'scanner-user-agent', 'account'),
    userAgents: [...new Set((userAgents ?? []).map((ua) => ua.trim().toLowerCase()))],
  };
}

function readNewNetwork(reader: EntryReader): NewNetworkRule {
  const scope = readScope(reader, 'new-network', 'account');
  const ipv4 = reader.integer('ipv4PrefixLength', 8, 24);
  const ipv6 = reader.integer('ipv6PrefixLength', 16, 48);
  if (ipv4 !== undefined && ipv4 > 32) reader.problem('ipv4PrefixLength', 'must be at most 32');
  if (ipv6 !== undefined && ipv6 > 128) reader.problem('ipv6PrefixLength', 'must be at most 128');
  const period = reader.has('learningPeriod')
    ? durationOf(reader, 'learningPeriod', reader.raw('learningPeriod'))
    : 0;
  return {
    ...scope,
    ipv4PrefixLength: ipv4 ?? 24,
    ipv6PrefixLength: ipv6 ?? 48,
    learningRegistrations: reader.integer('learningRegistrations', 0, 10) ?? 0,
    learningPeriodMs: period ?? 0,
    maxNetworksPerAccount: reader.integer('maxNetworksPerAccount', 1, 64) ?? 1,
  };
}

function readClasses(reader: EntryReader, fallback: readonly DestinationClass[]): DestinationClass[] {
  if (!reader.has('classes')) return [...fallback];
  const classes = reader.stringList('classes', (item) =>
    (DESTINATION_CLASSES as readonly string[]).includes(item) && item !== 'emergency'
      ? undefined
      : `expected a destination class other than emergency (${DESTINATION_CLASSES.filter((c) => c !== 'emergency').join(', ')})`,
  );
  return [...new Set(classes ?? [])] as DestinationClass[];
}

function readClassRule(reader: EntryReader, rule: FraudRuleId): DestinationClassRule {
  return {
    ...readScope(reader, rule, 'account'),
    classes: readClasses(reader, ['special-premium', 'satellite']),
  };
}

function readConcurrent(reader: EntryReader): ConcurrentRule {
  const maxCallDuration = reader.has('maxCallDuration')
    ? durationOf(reader, 'maxCallDuration', reader.raw('maxCallDuration'))
    : 4 * 3_600_000;
  return {
    ...readScope(reader, 'concurrent-international', 'account'),
    classes: readClasses(reader, ['international', 'satellite']),
    maxCallDurationMs: maxCallDuration ?? 1,
  };
}

function readOutOfHours(reader: EntryReader): OutOfHoursRule {
  const scope = readScope(reader, 'out-of-hours-spike', 'account');
  const nested = reader.nested('businessHours', ['days', 'from', 'to', 'closedOnPublicHolidays']);
  if (nested === undefined) {
    if (!reader.has('businessHours'))
      reader.problem('businessHours', 'required: { days, from, to, closedOnPublicHolidays }');
    return {
      ...scope,
      businessHours: { days: [], fromMinute: 0, toMinute: 0, closedOnPublicHolidays: true },
    };
  }
  const days = nested.stringList('days', (item) =>
    (WEEKDAYS as readonly string[]).includes(item) ? undefined : `expected one of ${WEEKDAYS.join(', ')}`,
  );
  const minute = (key: string): number | undefined => {
    const raw = nested.raw(key);
    const match = typeof raw === 'string' ? CLOCK_TIME.exec(raw) : null;
    const value = match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
    if (value === undefined || value > 24 * 60) {
      nested.problem(key, `expected a time HH:MM (Paris local time), got ${JSON.stringify(raw)}`);
      return undefined;
    }
    return value;
  };
  const fromMinute = minute('from');
  const toMinute = minute('to');
  if (fromMinute !== undefined && toMinute !== undefined && fromMinute >= toMinute) {
    nested.problem('to', 'must be after `from`');
  }
  const hours: BusinessHours = {
    days: [...new Set((days ?? []).map((d) => (WEEKDAYS as readonly string[]).indexOf(d)))].sort(),
    fromMinute: fromMinute ?? 0,
    toMinute: toMinute ?? 0,
    closedOnPublicHolidays: nested.boolean('closedOnPublicHolidays', true) ?? true,
  };
  return { ...scope, businessHours: hours };
}

function readShortCalls(reader: EntryReader): ShortCallRule {
  return {
    ...readScope(reader, 'short-call-burst', 'account'),
    maxSeconds: reader.integer('maxSeconds', 1, 6) ?? 6,
  };
}
