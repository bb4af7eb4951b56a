import { Decimal } from 'decimal.js';
import type {
  RateTier,
  RoundingRule,
  Tariff,
  TariffRate,
  TariffVersion,
} from '../../pipelines/rating/tariff.ts';

/** [fromSecond, pricePerMinute, incrementSeconds] */
export type TierSpec = readonly [number, string, number];

export function tiers(...specs: readonly TierSpec[]): RateTier[] {
  return specs.map(([fromSecond, price, incrementSeconds]) => ({
    fromSecond,
    pricePerMinute: new Decimal(price),
    incrementSeconds,
  }));
}

/** "60/1" at one price: first 60 s indivisible, then per second. */
export const sixtyOne = (price: string): RateTier[] => tiers([0, price, 60], [60, price, 1]);
/** "30/6": first 30 s indivisible, then by 6 s. */
export const thirtySix = (price: string): RateTier[] => tiers([0, price, 30], [30, price, 6]);
/** "1/1": per second from the first. */
export const perSecond = (price: string): RateTier[] => tiers([0, price, 1]);

export function rate(
  prefix: string,
  destinationId: string,
  rateTiers: RateTier[],
  connectFee = '0',
): TariffRate {
  return { prefix, destinationId, connectFee: new Decimal(connectFee), tiers: rateTiers };
}

/** A short-code rate (TariffRate.shortCode): matches short codes only, never E.164 numbers. */
export function shortCodeRate(
  prefix: string,
  destinationId: string,
  rateTiers: RateTier[],
  connectFee = '0',
): TariffRate {
  return { ...rate(prefix, destinationId, rateTiers, connectFee), shortCode: true };
}

export function version(
  label: string,
  effectiveFrom: string,
  rates: TariffRate[],
  rounding: RoundingRule = { decimals: 4, mode: 'half-up' },
  tariffId = 'T1',
): TariffVersion {
  return {
    tariffId,
    version: label,
    effectiveFrom: new Date(effectiveFrom),
    currency: 'EUR',
    rounding,
    rates,
  };
}

export function tariff(versions: TariffVersion[], id = 'T1'): Tariff {
  return { id, versions };
}

/** A tariff of one version (since 2020) with one rate for every number starting with 33. */
export function singleRateTariff(
  rateTiers: RateTier[],
  options: { connectFee?: string; rounding?: RoundingRule } = {},
): Tariff {
  return tariff([
    version(
      'v1',
      '2020-01-01T00:00:00Z',
      [rate('33', 'FR', rateTiers, options.connectFee)],
      options.rounding,
    ),
  ]);
}

export const AT = new Date('2026-03-10T10:00:00Z');
export const FRENCH_MOBILE = '33612345678';
