import { PipelineError } from '../core/errors.ts';
import { assertUsableTariffVersion } from './tariff-problems.ts';
import { MAX_SHORT_CODE_LENGTH } from '../numbering/short-codes.ts';
import type { Tariff, TariffRate, TariffVersion } from './tariff.ts';

/** Why no rate applies to a call. */
export type TariffLookupFailure = 'no-tariff-version' | 'no-rate-for-destination';

export type TariffLookup =
  | { readonly ok: true; readonly version: TariffVersion; readonly rate: TariffRate }
  | { readonly ok: false; readonly reason: TariffLookupFailure };

/**
 * The rates of one tariff version indexed for longest-prefix match: a digit trie (10 children per node, in one
 * Int32Array), walked along the number's digits while remembering the last node that carries a rate. A lookup
 * reads at most 15 array cells and allocates nothing.
 *
 * Two key spaces, two roots: E.164 prefixes and short-code prefixes (TariffRate.shortCode). A short code
 * (`3631`) is looked up among short-code rates only and an E.164 number (`+3631...`, Hungary) among E.164
 * rates only, so neither is ever priced with the other's rate.
 */
export class CompiledTariffVersion {
  readonly version: TariffVersion;
  /** children[node * 10 + digit] is the child node, 0 for none (nodes 0 and 1 are the roots, never children). */
  private readonly children: Int32Array;
  private readonly rateAt: (TariffRate | undefined)[];

  constructor(version: TariffVersion) {
    assertUsableTariffVersion(version);
    this.version = version;
    const nodes = ROOTS + version.rates.reduce((sum, rate) => sum + rate.prefix.length, 0);
    this.children = new Int32Array(nodes * 10);
    this.rateAt = [undefined, undefined];
    for (const rate of version.rates) {
      let node = rate.shortCode === true ? SHORT_CODE_ROOT : E164_ROOT;
      for (let i = 0; i < rate.prefix.length; i++) {
        const slot = node * 10 + rate.prefix.charCodeAt(i) - DIGIT_0;
        let child = this.children[slot] ?? 0;
        if (child === 0) {
          child = this.rateAt.length;
          this.rateAt.push(undefined);
          this.children[slot] = child;
        }
        node = child;
      }
      this.rateAt[node] = rate;
    }
  }

  /**
   * The rate whose prefix is the longest prefix of `number`, in the number's key space. `number` is what
   * numbering produces (Destination.number): E.164 with a leading `+` (`+33612345678`), or a short code
   * (`3631`, at most 6 digits). E.164 digits without `+` are accepted too when they are 7 digits or more
   * (the shortest E.164 number has 7, the longest short code 6): `33612345678`. Undefined when no prefix
   * matches. The walk stops at the first character that is not a digit.
   */
  rateFor(number: string): TariffRate | undefined {
    let found: TariffRate | undefined;
    const plus = number.charCodeAt(0) === PLUS;
    let node = plus || number.length > MAX_SHORT_CODE_LENGTH ? E164_ROOT : SHORT_CODE_ROOT;
    for (let i = plus ? 1 : 0; i < number.length; i++) {
      const digit = number.charCodeAt(i) - DIGIT_0;
      if (digit < 0 || digit > 9) break;
      node = this.children[node * 10 + digit] ?? 0;
      if (node === 0) break;
      found = this.rateAt[node] ?? found;
    }
    return found;
  }
}

const E164_ROOT = 0;
const SHORT_CODE_ROOT = 1;
const ROOTS = 2;
const PLUS = 0x2b;
const DIGIT_0 = 0x30;

const compiledVersions = new WeakMap<TariffVersion, CompiledTariffVersion>();

/**
 * The compiled index of a version, built on first use and kept as long as the version object lives (a
 * reloaded tariff is a new object and gets a new index). Throws CONFIG_INVALID for an unusable version.
 */
export function compiledTariffVersion(version: TariffVersion): CompiledTariffVersion {
  let compiled = compiledVersions.get(version);
  if (compiled === undefined) {
    compiled = new CompiledTariffVersion(version);
    compiledVersions.set(version, compiled);
  }
  return compiled;
}

/** effectiveFrom of each version in epoch milliseconds, per tariff object, checked once. */
const effectiveTimes = new WeakMap<Tariff, Float64Array>();

function effectiveTimesOf(tariff: Tariff): Float64Array {
  let times = effectiveTimes.get(tariff);
  if (times === undefined) {
    times = Float64Array.from(tariff.versions, (version) => version.effectiveFrom.getTime());
    const ascending = times.every(
      (time, i) => !Number.isNaN(time) && (i === 0 || time > (times?.[i - 1] ?? 0)),
    );
    if (!ascending || tariff.versions.some((version) => version.tariffId !== tariff.id)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `tariff ${tariff.id}: versions must be of this tariff, with valid effectiveFrom instants in strictly ascending order`,
        { details: { tariffId: tariff.id } },
      );
    }
    effectiveTimes.set(tariff, times);
  }
  return times;
}

/**
 * The version in force at `instant`: the latest whose effectiveFrom is at or before it (binary search), or
 * undefined when the instant is before the first version. Rating passes the call's start: a call that starts
 * before a switch and ends after it keeps the older version for all its seconds (DOMAIN.md 4).
 */
export function tariffVersionAt(tariff: Tariff, instant: Date): TariffVersion | undefined {
  const times = effectiveTimesOf(tariff);
  const at = instant.getTime();
  let low = 0;
  let high = times.length; // first index whose time is after `at`
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? Number.POSITIVE_INFINITY) <= at) low = middle + 1;
    else high = middle;
  }
  return low === 0 ? undefined : tariff.versions[low - 1];
}

/** The version in force when the call started, then the longest-prefix rate of the number in it. */
export function lookupRate(tariff: Tariff, number: string, startTime: Date): TariffLookup {
  const version = tariffVersionAt(tariff, startTime);
  if (version === undefined) return NO_TARIFF_VERSION;
  const rate = compiledTariffVersion(version).rateFor(number);
  return rate === undefined ? NO_RATE : { ok: true, version, rate };
}

const NO_TARIFF_VERSION: TariffLookup = Object.freeze({ ok: false, reason: 'no-tariff-version' });
const NO_RATE: TariffLookup = Object.freeze({ ok: false, reason: 'no-rate-for-destination' });
