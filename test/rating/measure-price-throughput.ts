/**
 * Throughput of the pricing core, run by hand (not a test, no assertion):
 *   npx tsx test/rating/measure-price-throughput.ts
 * A tariff of ~370 prefixes in 3 versions (switches mid-month), each destination with its own prices; call
 * durations drawn from an exponential distribution (mean 3 min, capped at 2 h). Rates are per CPU second of
 * this process (user + system), best and median of 5 rounds of 1M calls, so that other processes on the
 * machine weigh less on the figure. Scenarios:
 * - the lookup alone (version in force + longest prefix);
 * - priceCall, destinations Zipf-distributed (s = 1): a few destinations carry most traffic, as in reality;
 * - priceCall, destinations uniform over all ~370 prefixes;
 * - priceCall with a single "60/1" rate at 4 decimals (French numbers off plan);
 * - priceCall then JSON.stringify of the breakdown, what storing it as evidence adds.
 * Every priceCall computes its price (no cache) and its breakdown; the Decimal amount is not read.
 */
import { priceCall, type PriceCallInput } from '../../pipelines/rating/price-call.ts';
import { compiledTariffVersion, tariffVersionAt } from '../../pipelines/rating/tariff-lookup.ts';
import type { Tariff, TariffRate } from '../../pipelines/rating/tariff.ts';
import { rate, sixtyOne, tariff, thirtySix, tiers, version } from './tariff-fixtures.ts';

const CALLS = 1_000_000;
const ROUNDS = 5;

function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = randomGenerator(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const price = (): string => (0.01 + random() * 2).toFixed(4);

function buildRates(scale: string): TariffRate[] {
  const rates: TariffRate[] = [];
  const countryCodes = [
    '1',
    '7',
    '20',
    '27',
    '30',
    '31',
    '32',
    '34',
    '36',
    '39',
    '40',
    '41',
    '43',
    '44',
    '45',
    '46',
    '47',
    '48',
    '49',
  ];
  for (let code = 210; code < 999; code += 3) countryCodes.push(String(code));
  for (const code of countryCodes) {
    const shape = pick([sixtyOne(price()), thirtySix(price()), tiers([0, price(), 1])]);
    rates.push(
      rate(
        code,
        `C${code}`,
        shape.map((tier) => ({ ...tier, pricePerMinute: tier.pricePerMinute.times(scale) })),
      ),
    );
    if (random() < 0.3)
      rates.push(
        rate(`${code}${Math.floor(random() * 9) + 1}`, `C${code}_MOBILE`, sixtyOne(price()), '0.05'),
      );
  }
  for (const prefix of ['331', '332', '333', '334', '335', '336', '337', '339', '338', '3361', '3378']) {
    rates.push(rate(prefix, `FR_${prefix}`, sixtyOne(price())));
  }
  return [...new Map(rates.map((r) => [r.prefix, r])).values()];
}

const pricing: Tariff = tariff([
  version('2026-01', '2026-01-01T00:00:00Z', buildRates('1')),
  version('2026-03-15', '2026-03-14T23:00:00Z', buildRates('1.1')),
  version('2026-04', '2026-03-31T22:00:00Z', buildRates('1.2')),
]);
const prefixes = pricing.versions[0]?.rates.map((r) => r.prefix) ?? [];
const monthStart = Date.parse('2026-02-28T23:00:00Z');
const monthLength = 31 * 86_400_000;

/** Index in [0, n) with probability proportional to 1 / (index + 1). */
function zipf(n: number): number {
  const harmonic = Math.log(n) + 0.5772156649;
  const target = random() * harmonic;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1);
    if (sum >= target) return i;
  }
  return n - 1;
}

function calls(choosePrefix: () => string): PriceCallInput[] {
  return Array.from({ length: CALLS }, () => {
    const prefix = choosePrefix();
    const subscriber = String(Math.floor(random() * 1e12)).padStart(12, '0');
    return {
      billableSeconds: Math.min(7200, Math.round(-180 * Math.log(1 - random()))),
      number: (prefix + subscriber).slice(0, Math.max(prefix.length + 6, 11)),
      startTime: new Date(monthStart + Math.floor(random() * monthLength)),
    };
  });
}

const skewed = calls(() => prefixes[zipf(prefixes.length)] ?? '33');
const uniform = calls(() => pick(prefixes));

function measure(label: string, run: () => number, calls = CALLS): void {
  const rates: number[] = [];
  let checksum = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.cpuUsage();
    checksum += run();
    const used = process.cpuUsage(started);
    rates.push(calls / ((used.user + used.system) / 1e6));
  }
  rates.sort((a, b) => b - a);
  const best = rates[0] ?? 0;
  const median = rates[Math.floor(ROUNDS / 2)] ?? 0;
  const format = (n: number): string => `${(n / 1e6).toFixed(2)} M/s`;
  process.stdout.write(
    `${label.padEnd(50)} best ${format(best)}  median ${format(median)}  (checksum ${checksum})\n`,
  );
}

function priceAll(inputs: readonly PriceCallInput[]): number {
  let charged = 0;
  for (const input of inputs) {
    const result = priceCall(input, pricing);
    if (result.ok) charged += result.chargedSeconds;
  }
  return charged;
}

measure('lookup: version + longest prefix', () => {
  let found = 0;
  for (const input of uniform) {
    const v = tariffVersionAt(pricing, input.startTime);
    if (v !== undefined && compiledTariffVersion(v).rateFor(input.number) !== undefined) found++;
  }
  return found;
});

measure('priceCall, Zipf destinations', () => priceAll(skewed));
measure('priceCall, uniform destinations', () => priceAll(uniform));
const french = tariff([
  version('2026-01', '2026-01-01T00:00:00Z', [rate('33', 'FR', sixtyOne('0.1234'), '0.05')]),
]);
measure('priceCall, one "60/1" rate with a connect fee', () => {
  let charged = 0;
  for (const input of uniform) {
    const result = priceCall({ ...input, number: '33612345678' }, french);
    if (result.ok) charged += result.chargedSeconds;
  }
  return charged;
});
measure('priceCall + JSON.stringify(breakdown), Zipf', () => {
  let length = 0;
  for (const input of skewed) {
    const result = priceCall(input, pricing);
    if (result.ok) length += JSON.stringify(result.breakdown).length;
  }
  return length;
});

const distinct = new Set(uniform.map((input) => input.billableSeconds)).size;
process.stdout.write(
  `${CALLS} calls, ${prefixes.length} prefixes, ${distinct} distinct durations, node ${process.version}\n`,
);
