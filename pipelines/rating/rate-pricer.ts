import {
  fixedPointText,
  MAX_SAFE_SIXTIETHS,
  roundedDivision,
  roundedDivisionBig,
  sixtiethsText,
  toUnits,
} from './money-units.ts';
import type { PriceBreakdown, TierCharge } from './price-breakdown.ts';
import type { PricingOptions } from './pricing-options.ts';
import type { RoundingRule, TariffRate, TariffVersion } from './tariff.ts';

/**
 * Prices calls under one rate (connect fee and tiers) with one version's currency and rounding. Amounts are
 * exact integers of 1 / (60 x 10^scale), `scale` being the most decimals of the rate's fee and prices:
 *   total = (60 x connectFee + sum(pricePerMinute_i x chargedSeconds_i)) / (60 x 10^scale)
 * so the products and the sum are exact and the division by 60, the only one, is exact too: it is kept as a
 * fraction and rounded once, with the version's rule, into the amount (money-units.ts). The integers are
 * JS numbers up to a call length that keeps them below 2^53 (years, for real prices), BigInts beyond.
 */
export class RatePricer {
  private readonly scale: number;
  private readonly connectFeeText: string;
  private readonly priceTexts: readonly string[];
  /** Amount text of each tier charged over its whole length (a call that goes past it); '' for the last. */
  private readonly fullTierTexts: readonly string[];
  private readonly connectFeeSixtieths: bigint;
  private readonly priceUnits: readonly bigint[];
  private readonly connectFeeSixtiethsNumber: number;
  private readonly priceUnitsNumber: readonly number[];
  /** rounded amount (units of 10^-decimals) = round(sixtieths x roundingFactor / roundingDivisor). */
  private readonly roundingFactor: bigint;
  private readonly roundingDivisor: bigint;
  private readonly roundingFactorNumber: number;
  private readonly roundingDivisorNumber: number;
  /** Longest call priced with JS numbers; -1 when even a 0-second call would need BigInts. */
  readonly maxSecondsInNumbers: number;

  constructor(
    private readonly rate: TariffRate,
    private readonly currency: string,
    private readonly rounding: RoundingRule,
  ) {
    const amounts = [rate.connectFee, ...rate.tiers.map((tier) => tier.pricePerMinute)];
    this.scale = Math.max(...amounts.map((amount) => amount.decimalPlaces()));
    this.connectFeeText = rate.connectFee.toFixed();
    this.priceTexts = rate.tiers.map((tier) => tier.pricePerMinute.toFixed());
    this.connectFeeSixtieths = toUnits(rate.connectFee, this.scale) * 60n;
    this.priceUnits = rate.tiers.map((tier) => toUnits(tier.pricePerMinute, this.scale));
    this.connectFeeSixtiethsNumber = Number(this.connectFeeSixtieths);
    this.priceUnitsNumber = this.priceUnits.map(Number);
    this.roundingFactor = 10n ** BigInt(Math.max(0, rounding.decimals - this.scale));
    this.roundingDivisor = 60n * 10n ** BigInt(Math.max(0, this.scale - rounding.decimals));
    this.roundingFactorNumber = Number(this.roundingFactor);
    this.roundingDivisorNumber = Number(this.roundingDivisor);
    this.maxSecondsInNumbers = this.secondsWithinNumbers(rate);
    this.fullTierTexts = rate.tiers.map((tier, index) => {
      const next = rate.tiers[index + 1];
      const units = this.priceUnits[index] ?? 0n;
      return next === undefined
        ? ''
        : sixtiethsText(units * BigInt(next.fromSecond - tier.fromSecond), this.scale);
    });
  }

  /** How long a call may be for every integer of its price to stay a safe JS integer. */
  private secondsWithinNumbers(rate: TariffRate): number {
    const limit = BigInt(Number.MAX_SAFE_INTEGER);
    const maxSixtieths =
      BigInt(MAX_SAFE_SIXTIETHS) < limit / (2n * this.roundingFactor)
        ? BigInt(MAX_SAFE_SIXTIETHS)
        : limit / (2n * this.roundingFactor);
    const maxPrice = this.priceUnits.reduce((max, price) => (price > max ? price : max), 0n);
    const maxIncrement = Math.max(...rate.tiers.map((tier) => tier.incrementSeconds));
    if (2n * this.roundingDivisor > limit || this.connectFeeSixtieths > maxSixtieths) return -1;
    if (maxPrice === 0n) return Number.MAX_SAFE_INTEGER;
    const seconds = Number((maxSixtieths - this.connectFeeSixtieths) / maxPrice) - maxIncrement;
    return Math.max(-1, Math.min(seconds, Number.MAX_SAFE_INTEGER));
  }

  /**
   * Prices `billableSeconds` (a whole number >= 0). Tier i covers seconds [fromSecond_i, fromSecond_i+1) of
   * the call; the part of the call inside it is rounded UP to a whole number of the tier's increments
   * ("60/1" = [{0, 60 s}, {60, 1 s}]: 1 s -> 60, 61 s -> 60 + 1; "30/6": 31 s -> 30 + 6). Tier lengths are
   * whole multiples of their increments (tariff-problems.ts), so charged parts never overlap. The connect
   * fee is charged when billableSeconds > 0, and on a 0-second call only with connectFeeOnZeroSeconds.
   */
  price(billableSeconds: number, options: PricingOptions): PriceBreakdown {
    const chargeConnectFee = billableSeconds > 0 || options.connectFeeOnZeroSeconds;
    const inNumbers = billableSeconds <= this.maxSecondsInNumbers;
    let sixtieths = chargeConnectFee ? this.connectFeeSixtiethsNumber : 0;
    let bigSixtieths = chargeConnectFee ? this.connectFeeSixtieths : 0n;
    let chargedSeconds = 0;
    const tiers: TierCharge[] = [];
    const rateTiers = this.rate.tiers;
    for (let index = 0; index < rateTiers.length; index++) {
      const tier = rateTiers[index];
      if (tier === undefined || tier.fromSecond >= billableSeconds) break;
      const next = rateTiers[index + 1];
      const toSecond = next === undefined ? billableSeconds : Math.min(billableSeconds, next.fromSecond);
      const seconds = Math.ceil((toSecond - tier.fromSecond) / tier.incrementSeconds) * tier.incrementSeconds;
      chargedSeconds += seconds;
      let tierSixtieths: number | bigint;
      if (inNumbers) {
        tierSixtieths = (this.priceUnitsNumber[index] ?? 0) * seconds;
        sixtieths += tierSixtieths;
      } else {
        tierSixtieths = (this.priceUnits[index] ?? 0n) * BigInt(seconds);
        bigSixtieths += tierSixtieths;
      }
      tiers.push({
        fromSecond: tier.fromSecond,
        toSecond,
        incrementSeconds: tier.incrementSeconds,
        chargedSeconds: seconds,
        pricePerMinute: this.priceTexts[index] ?? '',
        amount:
          toSecond < billableSeconds
            ? (this.fullTierTexts[index] ?? '')
            : sixtiethsText(tierSixtieths, this.scale),
      });
    }
    const mode = this.rounding.mode;
    const rounded = inNumbers
      ? roundedDivision(sixtieths * this.roundingFactorNumber, this.roundingDivisorNumber, mode)
      : roundedDivisionBig(bigSixtieths * this.roundingFactor, this.roundingDivisor, mode);
    return {
      currency: this.currency,
      billableSeconds,
      chargedSeconds,
      connectFee: chargeConnectFee ? this.connectFeeText : '0',
      tiers,
      unroundedTotal: sixtiethsText(inNumbers ? sixtieths : bigSixtieths, this.scale),
      roundedTotal: fixedPointText(rounded, this.rounding.decimals),
      rounding: this.rounding,
    };
  }
}

/** The pricers of one version, one per rate, made on first use. */
export class VersionPricers {
  private readonly byRate = new Map<TariffRate, RatePricer>();

  constructor(private readonly version: TariffVersion) {}

  pricerFor(rate: TariffRate): RatePricer {
    let pricer = this.byRate.get(rate);
    if (pricer === undefined) {
      pricer = new RatePricer(rate, this.version.currency, this.version.rounding);
      this.byRate.set(rate, pricer);
    }
    return pricer;
  }
}

const versionPricers = new WeakMap<TariffVersion, VersionPricers>();

/** The pricers of a version, created on first use and kept as long as the version object lives. */
export function pricersOf(version: TariffVersion): VersionPricers {
  let pricers = versionPricers.get(version);
  if (pricers === undefined) {
    pricers = new VersionPricers(version);
    versionPricers.set(version, pricers);
  }
  return pricers;
}
