import type { Aggregator } from '../windowing/aggregator.ts';
import { KeyedWindows } from '../windowing/keyed-windows.ts';
import type { ThresholdLevel, WindowFiring } from '../windowing/keyed-windows-types.ts';
import { SnapshotReader } from '../windowing/snapshot-reader.ts';
import { lastWindowStart, slidingWindows, tumblingWindows } from '../windowing/window-assigner.ts';
import type { AlertEmitter } from './alert-emitter.ts';
import type { ResolvedLevels, LevelLimits } from './customer-thresholds.ts';
import { formatDuration } from './duration.ts';
import { MAX_SAMPLES, toEvidenceSample, type SampleSource, type SavedSample } from './evidence.ts';
import type { Severity } from './fraud-alert.ts';
import type { RuleScope } from './fraud-rules.ts';
import { formatMoneyUnits } from './money-units.ts';
import { metricNames, metricUnit } from './rule-metrics.ts';

/** How a value combines within a window. */
export type Combine = 'sum' | 'max' | 'min';

/** Accounts named per window (a source IP's window may concern many). */
const MAX_ACCOUNTS = 10;

/** One window's state: the values, the first samples, the accounts and currency seen. */
interface MetricAcc {
  readonly values: number[];
  readonly samples: SavedSample[];
  readonly accounts: string[];
  currency: string;
}

/**
 * The record being added, reused from one record to the next (windows read it synchronously): values in
 * the order of the rule's metrics then any internal values, the account, and where a sample comes from
 * (built once per record, and only while a window still holds fewer than MAX_SAMPLES).
 */
export class MetricInput {
  readonly values: number[];
  accountId: string | undefined = undefined;
  currency = '';
  private source: SampleSource | undefined = undefined;
  private cached: SavedSample | undefined = undefined;

  constructor(length: number) {
    this.values = new Array<number>(length).fill(0);
  }

  from(source: SampleSource, accountId: string | undefined): this {
    this.source = source;
    this.cached = undefined;
    this.accountId = accountId;
    this.currency = '';
    return this;
  }

  sample(): SavedSample | undefined {
    if (this.cached === undefined && this.source !== undefined) this.cached = this.source.toSample();
    return this.cached;
  }
}

export interface MetricWindowsSpec {
  readonly scope: RuleScope;
  /** One per value: the rule's metrics first (thresholded), then internal values the gate may read. */
  readonly combine: readonly Combine[];
  /** A level is reached only when this also holds (e.g. a success after the failures). */
  readonly gate?: (values: readonly number[]) => boolean;
  /** What is measured, for the alert's reason: `REGISTER authentication failures of the account`. */
  readonly title: string;
  readonly allowedLatenessMs: number;
}

const initial = (combine: Combine): number => (combine === 'min' ? Number.MAX_SAFE_INTEGER : 0);

function aggregatorOf(combine: readonly Combine[]): Aggregator<MetricInput, MetricAcc, MetricAcc> {
  return {
    create: () => ({ values: combine.map(initial), samples: [], accounts: [], currency: '' }),
    add: (acc, input) => {
      const values = acc.values;
      const added = input.values;
      for (let i = 0; i < combine.length; i++) {
        const value = added[i] ?? 0;
        const how = combine[i];
        const current = values[i] ?? 0;
        values[i] =
          how === 'sum'
            ? current + value
            : how === 'max'
              ? Math.max(current, value)
              : Math.min(current, value);
      }
      if (acc.samples.length < MAX_SAMPLES - 1) {
        const sample = input.sample();
        if (sample !== undefined) acc.samples.push(sample);
      }
      const account = input.accountId;
      if (account !== undefined && acc.accounts.length < MAX_ACCOUNTS && !acc.accounts.includes(account)) {
        acc.accounts.push(account);
      }
      if (acc.currency === '' && input.currency !== '') acc.currency = input.currency;
      return acc;
    },
    result: (acc) => acc,
    toSnapshot: (acc) => ({ v: acc.values, s: acc.samples, a: acc.accounts, c: acc.currency }),
    fromSnapshot: (saved) => readAcc(saved, combine.length),
  };
}

function readAcc(saved: unknown, length: number): MetricAcc {
  const read = new SnapshotReader('fraud-window');
  const acc = read.object(saved, '$.acc');
  const values = read.array(acc['v'], '$.acc.v').map((v, i) => read.number(v, `$.acc.v[${i}]`));
  if (values.length !== length) read.fail('$.acc.v', `${length} values`, values);
  const samples = read.array(acc['s'], '$.acc.s').map((value, i): SavedSample => {
    const s = read.object(value, `$.acc.s[${i}]`);
    const kind: SavedSample['kind'] | undefined =
      s['kind'] === 'call' ? 'call' : s['kind'] === 'registration' ? 'registration' : undefined;
    if (kind === undefined) return read.fail(`$.acc.s[${i}].kind`, 'call or registration', s['kind']);
    return {
      kind,
      id: read.string(s['id'], `$.acc.s[${i}].id`),
      at: read.number(s['at'], `$.acc.s[${i}].at`),
      summary: read.string(s['summary'], `$.acc.s[${i}].summary`),
    };
  });
  const accounts = read.array(acc['a'], '$.acc.a').map((a, i) => read.string(a, `$.acc.a[${i}]`));
  return { values, samples, accounts, currency: read.string(acc['c'], '$.acc.c') };
}

function reaches(values: readonly number[], limits: LevelLimits): boolean {
  for (let i = 0; i < limits.length; i++) if ((values[i] ?? 0) >= (limits[i] ?? Infinity)) return true;
  return false;
}

/**
 * The windows of one rule scope (KeyedWindows), with the rule's thresholds (per key: per-customer
 * overrides) checked on every record: a level reached fires an alert at once, from the record that reached
 * it. Only threshold firings make alerts; the windows' on-time firings just free their state. Evidence:
 * the window's first MAX_SAMPLES - 1 records and the one that reached the level.
 */
export class MetricWindows {
  private readonly windows: KeyedWindows<MetricInput, MetricAcc, MetricAcc>;
  private readonly metrics: readonly string[];
  /** Set by `add` for the record being added: thresholds are checked synchronously inside it. */
  private limits: ResolvedLevels = { critical: undefined, warning: undefined };
  private recordTime = 0;
  private record: MetricInput | undefined = undefined;

  constructor(
    private readonly spec: MetricWindowsSpec,
    private readonly alerts: AlertEmitter,
  ) {
    const { window } = spec.scope;
    this.metrics = metricNames(spec.scope.rule);
    const gate = spec.gate;
    const level = (severity: Severity): ThresholdLevel<MetricAcc> => ({
      level: severity,
      reached: (acc) => {
        const limits = this.limits[severity];
        return (
          limits !== undefined && reaches(acc.values, limits) && (gate === undefined || gate(acc.values))
        );
      },
    });
    this.windows = new KeyedWindows(
      {
        assigner:
          window.slideMs === window.sizeMs
            ? tumblingWindows(window.sizeMs)
            : slidingWindows(window.sizeMs, window.slideMs),
        aggregator: aggregatorOf(spec.combine),
        // Most severe first: a record reaching both levels reports the critical one only.
        thresholds: [level('critical'), level('warning')],
        sink: {
          fire: (firing) => {
            if (firing.kind === 'threshold') this.report(firing);
          },
          late: () => undefined, // the detector keeps late records before they get here
        },
      },
      { allowedLatenessMs: spec.allowedLatenessMs },
    );
  }

  /** Adds a record of `key` at event time `time` with the thresholds in force for that key. */
  add(key: string, time: number, levels: ResolvedLevels, input: MetricInput): void {
    this.limits = levels;
    this.recordTime = time;
    this.record = input;
    this.windows.add(key, time, input);
    this.record = undefined;
  }

  advanceWatermark(watermark: number): void {
    this.windows.advanceWatermark(watermark);
  }

  get windowCount(): number {
    return this.windows.windows;
  }

  snapshot(): unknown {
    return this.windows.snapshot();
  }

  restore(snapshot: unknown): void {
    this.windows.restore(snapshot);
  }

  private report(firing: WindowFiring<MetricAcc>): void {
    const severity = firing.level as Severity;
    const acc = firing.result;
    const limits = this.limits[severity] ?? [];
    const counts: Record<string, number | string> = {};
    const reached: string[] = [];
    this.metrics.forEach((metric, i) => {
      const value = acc.values[i] ?? 0;
      const limit = limits[i] ?? Infinity;
      counts[metric] = this.render(metric, value);
      if (limit !== Infinity) counts[`threshold.${metric}`] = this.render(metric, limit);
      if (value >= limit)
        reached.push(
          `${this.describe(metric, value, acc.currency)} >= ${this.describe(metric, limit, acc.currency)}`,
        );
    });
    if (acc.currency !== '' && this.metrics.some((m) => metricUnit(this.spec.scope.rule, m) === 'money')) {
      counts['currency'] = acc.currency;
    }
    counts['records'] = firing.records;
    const { window } = firing;
    const { sizeMs, slideMs } = this.spec.scope.window;
    this.alerts.emit({
      rule: this.spec.scope.rule,
      severity,
      key: firing.key,
      windowStart: window.start,
      windowEnd: window.end,
      coversUntil: lastWindowStart(this.recordTime, slideMs) + sizeMs,
      detectedAt: this.recordTime,
      accountIds: [...acc.accounts].sort(),
      reason: `${severity}: ${this.spec.title}: ${reached.join(', ')} within ${formatDuration(window.end - window.start)}`,
      counts,
      samples: this.samplesOf(acc).map(toEvidenceSample),
    });
  }

  /** The window's first samples and the record that reached the level. */
  private samplesOf(acc: MetricAcc): SavedSample[] {
    const trigger = this.record?.sample();
    if (trigger === undefined || acc.samples.some((s) => s.id === trigger.id && s.kind === trigger.kind)) {
      return acc.samples;
    }
    return [...acc.samples, trigger];
  }

  private render(metric: string, value: number): number | string {
    switch (metricUnit(this.spec.scope.rule, metric)) {
      case 'money':
        return formatMoneyUnits(value);
      case 'minutes':
        return Math.round((value / 60) * 100) / 100;
      default:
        return value;
    }
  }

  private describe(metric: string, value: number, currency: string): string {
    const shown = this.render(metric, value);
    return metricUnit(this.spec.scope.rule, metric) === 'money'
      ? `${metric} ${shown}${currency === '' ? '' : ` ${currency}`}`
      : `${metric} ${shown}`;
  }
}
