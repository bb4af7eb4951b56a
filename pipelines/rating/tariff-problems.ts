import { Decimal } from 'decimal.js';
import { PipelineError } from '../core/errors.ts';
import type { RateTier, RoundingRule, Tariff, TariffRate, TariffVersion } from './tariff.ts';

/** Most decimals a rounding rule may keep: far beyond any currency. */
export const MAX_ROUNDING_DECIMALS = 12;

/**
 * What makes a tariff unusable for pricing, as readable problems (empty when it is fine). The loader should
 * call it at load so that a bad file is rejected there; pricing calls it again once per version object
 * (tariff-lookup.ts) and refuses to price with a tariff that has problems.
 */
export function tariffProblems(tariff: Tariff): string[] {
  const problems: string[] = [];
  if (tariff.versions.length === 0) problems.push(`tariff ${tariff.id}: has no version`);
  let previous: TariffVersion | undefined;
  for (const version of tariff.versions) {
    const label = `tariff ${tariff.id} version ${version.version}`;
    if (version.tariffId !== tariff.id) problems.push(`${label}: belongs to tariff ${version.tariffId}`);
    if (
      previous !== undefined &&
      validInstant(previous.effectiveFrom) &&
      validInstant(version.effectiveFrom) &&
      version.effectiveFrom.getTime() <= previous.effectiveFrom.getTime()
    ) {
      problems.push(`${label}: effectiveFrom must be after that of version ${previous.version}`);
    }
    problems.push(...tariffVersionProblems(version));
    previous = version;
  }
  return problems;
}

export function tariffVersionProblems(version: TariffVersion): string[] {
  const label = `tariff ${version.tariffId} version ${version.version}`;
  const problems: string[] = [];
  if (!validInstant(version.effectiveFrom)) problems.push(`${label}: effectiveFrom is not a valid instant`);
  if (!/^[A-Z]{3}$/.test(version.currency)) problems.push(`${label}: currency must be an ISO 4217 code`);
  const { decimals, mode } = version.rounding;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_ROUNDING_DECIMALS) {
    problems.push(`${label}: rounding decimals must be an integer from 0 to ${MAX_ROUNDING_DECIMALS}`);
  }
  if (!isRoundingMode(mode)) problems.push(`${label}: unknown rounding mode ${JSON.stringify(mode)}`);
  const prefixes = new Set<string>();
  for (const rate of version.rates) {
    const key = rateKey(rate);
    if (prefixes.has(key)) problems.push(`${label}: prefix ${key} appears twice`);
    prefixes.add(key);
    problems.push(...rateProblems(rate).map((problem) => `${label}: ${problem}`));
  }
  return problems;
}

export function rateProblems(rate: TariffRate): string[] {
  const label = `rate ${rate.destinationId} (prefix ${rateKey(rate)})`;
  const problems: string[] = [];
  if (rate.shortCode === true) {
    if (!/^\d{1,6}$/.test(rate.prefix)) problems.push(`${label}: a short-code prefix must be 1 to 6 digits`);
  } else if (!/^\d{1,15}$/.test(rate.prefix)) {
    problems.push(`${label}: prefix must be 1 to 15 digits`);
  }
  if (!nonNegativeAmount(rate.connectFee)) problems.push(`${label}: connectFee must be a decimal >= 0`);
  if (rate.tiers.length === 0) problems.push(`${label}: has no tier`);
  rate.tiers.forEach((tier, index) => {
    problems.push(
      ...tierProblems(tier, rate.tiers[index - 1], index).map((problem) => `${label}: ${problem}`),
    );
  });
  return problems;
}

/**
 * A tier other than the last must span a whole number of its increments, so that rounding the part of a
 * call in a tier up to the increment never reaches into the next tier (no second is charged twice).
 */
function tierProblems(tier: RateTier, previous: RateTier | undefined, index: number): string[] {
  const problems: string[] = [];
  const label = `tier ${index}`;
  if (!Number.isSafeInteger(tier.incrementSeconds) || tier.incrementSeconds < 1) {
    problems.push(`${label}: incrementSeconds must be a whole number of seconds >= 1`);
  }
  if (!nonNegativeAmount(tier.pricePerMinute))
    problems.push(`${label}: pricePerMinute must be a decimal >= 0`);
  if (!Number.isSafeInteger(tier.fromSecond) || tier.fromSecond < 0) {
    problems.push(`${label}: fromSecond must be a whole number of seconds >= 0`);
  }
  if (previous === undefined) {
    if (tier.fromSecond !== 0) problems.push(`${label}: the first tier must start at second 0`);
    return problems;
  }
  const previousLength = tier.fromSecond - previous.fromSecond;
  if (previousLength <= 0) {
    problems.push(`${label}: fromSecond must be after that of the tier before`);
  } else if (
    Number.isSafeInteger(previous.incrementSeconds) &&
    previousLength % previous.incrementSeconds !== 0
  ) {
    problems.push(
      `tier ${index - 1}: spans ${previousLength} s, not a multiple of its ${previous.incrementSeconds} s increment`,
    );
  }
  return problems;
}

const ROUNDING_MODES: readonly string[] = [
  'up',
  'down',
  'half-up',
  'half-even',
] satisfies RoundingRule['mode'][];

function isRoundingMode(mode: string): boolean {
  return ROUNDING_MODES.includes(mode);
}

function nonNegativeAmount(value: unknown): boolean {
  return Decimal.isDecimal(value) && value.isFinite() && !value.isNegative();
}

function validInstant(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** Throws CONFIG_INVALID listing every problem of the tariff version. */
export function assertUsableTariffVersion(version: TariffVersion): void {
  const problems = tariffVersionProblems(version);
  if (problems.length === 0) return;
  throw new PipelineError(
    'CONFIG_INVALID',
    `cannot be used for pricing: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    { details: { tariffId: version.tariffId, version: version.version, problems } },
  );
}

/** A rate's prefix with its key space, as files write it: `336`, `short:3631`. */
function rateKey(rate: TariffRate): string {
  return rate.shortCode === true ? `short:${rate.prefix}` : rate.prefix;
}
