import { parisMonthBoundsMs } from '../time/paris-calendar.ts';
import type { FairUseRule } from './breach.ts';
import { DistinctNumberSet } from './distinct-number-set.ts';

const RULE_BITS: Readonly<Record<FairUseRule, number>> = {
  'distinct-numbers': 1,
  'concurrent-calls': 2,
  'registered-devices': 4,
  'third-party-device': 8,
};

export interface MonthUsageJson {
  readonly month: string;
  readonly numbers: { readonly keys: number[]; readonly texts: string[] };
  /** Most numbers the set is sized for: the limit at month start + 1. */
  readonly numbersCapacity: number;
  readonly numbersExceeded: boolean;
  readonly unstoredNumberCalls: number;
  readonly breachedRules: FairUseRule[];
  readonly thirdPartyDevices: string[];
}

/**
 * What one account accumulates in one Europe/Paris calendar month: the distinct numbers called (stored
 * up to the limit + 1, then frozen), whether the limit is exceeded, and which breaches were already
 * emitted, so that each is emitted once per month.
 */
export class MonthUsage {
  readonly startMs: number;
  readonly endMs: number;
  numbersExceeded = false;
  /** After the limit: calls counted toward the limit whose number is not among the stored ones (not distinct). */
  unstoredNumberCalls = 0;
  private breachedRules = 0;
  private thirdPartyDevices: Set<string> | undefined;

  private constructor(
    readonly month: string,
    readonly numbers: DistinctNumberSet,
  ) {
    const bounds = parisMonthBoundsMs(month);
    this.startMs = bounds.startMs;
    this.endMs = bounds.endMs;
  }

  static start(month: string, maxDistinctNumbers: number): MonthUsage {
    return new MonthUsage(month, new DistinctNumberSet(maxDistinctNumbers + 1));
  }

  hasBreached(rule: FairUseRule): boolean {
    return (this.breachedRules & RULE_BITS[rule]) !== 0;
  }

  markBreached(rule: FairUseRule): void {
    this.breachedRules |= RULE_BITS[rule];
  }

  /** Records a third-party device; true the first time this month. */
  firstThirdPartyUse(deviceKey: string): boolean {
    this.thirdPartyDevices ??= new Set();
    if (this.thirdPartyDevices.has(deviceKey)) return false;
    this.thirdPartyDevices.add(deviceKey);
    this.markBreached('third-party-device');
    return true;
  }

  toJSON(): MonthUsageJson {
    return {
      month: this.month,
      numbers: this.numbers.toJSON(),
      numbersCapacity: this.numbers.capacityLimit,
      numbersExceeded: this.numbersExceeded,
      unstoredNumberCalls: this.unstoredNumberCalls,
      breachedRules: (Object.keys(RULE_BITS) as FairUseRule[]).filter((rule) => this.hasBreached(rule)),
      thirdPartyDevices: [...(this.thirdPartyDevices ?? [])],
    };
  }

  static fromJSON(json: MonthUsageJson): MonthUsage {
    const usage = new MonthUsage(json.month, DistinctNumberSet.fromJSON(json.numbers, json.numbersCapacity));
    usage.numbersExceeded = json.numbersExceeded;
    usage.unstoredNumberCalls = json.unstoredNumberCalls;
    for (const rule of json.breachedRules) usage.markBreached(rule);
    if (json.thirdPartyDevices.length > 0) usage.thirdPartyDevices = new Set(json.thirdPartyDevices);
    return usage;
  }

  estimatedBytes(): number {
    let bytes = 72 + this.numbers.estimatedBytes();
    if (this.thirdPartyDevices !== undefined) {
      bytes += 80;
      for (const key of this.thirdPartyDevices) bytes += 32 + key.length;
    }
    return bytes;
  }
}
