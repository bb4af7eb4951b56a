import { PipelineError } from '../core/errors.ts';
import { isParisMonth } from '../time/paris-calendar.ts';
import { FAIR_USE_RULES, type FairUseRule } from './breach.ts';
import type { MonthUsageJson } from './month-usage.ts';
import { isNumberKey } from './number-key.ts';
import type { Binding } from './registered-devices.ts';

export const FAIR_USE_SNAPSHOT_VERSION = 1;

/**
 * The state of one account as plain JSON, for restart and rebalance. Versioned: a reader refuses a version
 * it does not know. Holds full dialled numbers (encoded) and contact URIs: personal data, to be stored
 * like the call records themselves, never logged.
 */
export interface FairUseSnapshot {
  readonly version: typeof FAIR_USE_SNAPSHOT_VERSION;
  readonly accountId: string;
  /** Start of the last call applied (calls must not go back in time), or null. */
  readonly lastCallStartMs: number | null;
  /** Timestamp of the last registration event applied, or null. */
  readonly lastRegistrationMs: number | null;
  readonly activeCalls: readonly { readonly callId: string; readonly endMs: number }[];
  readonly bindings: readonly Binding[];
  /** The current month's counters, or null when none (new account, or evicted). */
  readonly usage: MonthUsageJson | null;
}

type Json = Readonly<Record<string, unknown>>;

/** Validates a value read back from storage (e.g. `JSON.parse`) as a snapshot; throws SNAPSHOT_INVALID. */
export function parseFairUseSnapshot(value: unknown): FairUseSnapshot {
  const root = object(value, 'snapshot');
  if (root['version'] !== FAIR_USE_SNAPSHOT_VERSION) {
    throw invalid(`unsupported snapshot version ${JSON.stringify(root['version'])}`);
  }
  return {
    version: FAIR_USE_SNAPSHOT_VERSION,
    accountId: string(root['accountId'], 'accountId'),
    lastCallStartMs: nullableInstant(root['lastCallStartMs'], 'lastCallStartMs'),
    lastRegistrationMs: nullableInstant(root['lastRegistrationMs'], 'lastRegistrationMs'),
    activeCalls: array(root['activeCalls'], 'activeCalls').map((item, i) => {
      const call = object(item, `activeCalls[${i}]`);
      return { callId: string(call['callId'], 'callId'), endMs: instant(call['endMs'], 'endMs') };
    }),
    bindings: array(root['bindings'], 'bindings').map((item, i) => binding(object(item, `bindings[${i}]`))),
    usage: root['usage'] === null ? null : usage(object(root['usage'], 'usage')),
  };
}

function binding(json: Json): Binding {
  return {
    key: string(json['key'], 'binding key'),
    contact: string(json['contact'], 'binding contact'),
    instanceId: nullableString(json['instanceId'], 'binding instanceId'),
    userAgent: nullableString(json['userAgent'], 'binding userAgent'),
    registeredAtMs: instant(json['registeredAtMs'], 'binding registeredAtMs'),
    expiresAtMs: instant(json['expiresAtMs'], 'binding expiresAtMs'),
  };
}

function usage(json: Json): MonthUsageJson {
  const month = string(json['month'], 'usage month');
  if (!isParisMonth(month)) throw invalid('usage month is not YYYY-MM');
  const numbers = object(json['numbers'], 'usage numbers');
  const keys = array(numbers['keys'], 'usage number keys');
  if (!keys.every(isNumberKey)) throw invalid('usage number keys are not encoded numbers');
  const breachedRules = array(json['breachedRules'], 'usage breachedRules');
  if (!breachedRules.every((rule): rule is FairUseRule => FAIR_USE_RULES.includes(rule as FairUseRule))) {
    throw invalid('usage breachedRules has an unknown rule');
  }
  return {
    month,
    numbers: { keys, texts: strings(numbers['texts'], 'usage number texts') },
    numbersCapacity: count(json['numbersCapacity'], 'usage numbersCapacity'),
    numbersExceeded: boolean(json['numbersExceeded'], 'usage numbersExceeded'),
    unstoredNumberCalls: count(json['unstoredNumberCalls'], 'usage unstoredNumberCalls'),
    breachedRules,
    thirdPartyDevices: strings(json['thirdPartyDevices'], 'usage thirdPartyDevices'),
  };
}

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${what} is not an object`);
  return value as Json;
}
function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(`${what} is not an array`);
  return value;
}
function string(value: unknown, what: string): string {
  if (typeof value !== 'string') throw invalid(`${what} is not a string`);
  return value;
}
function strings(value: unknown, what: string): string[] {
  return array(value, what).map((item) => string(item, what));
}
function nullableString(value: unknown, what: string): string | null {
  return value === null ? null : string(value, what);
}
function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${what} is not a boolean`);
  return value;
}
function instant(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalid(`${what} is not an epoch millisecond`);
  return value;
}
function nullableInstant(value: unknown, what: string): number | null {
  return value === null ? null : instant(value, what);
}
function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${what} is not a non-negative integer`);
  }
  return value;
}
function invalid(message: string): PipelineError {
  return new PipelineError('SNAPSHOT_INVALID', `fair-use snapshot: ${message}`);
}
