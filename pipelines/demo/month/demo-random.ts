import { SeededRandom } from '../random.ts';

/** SeededRandom with the distributions the demo traffic needs. Deterministic: no other source of randomness. */
export class DemoRandom extends SeededRandom {
  /** An independent stream per (seed, stream): changing one account's traffic does not shift another's. */
  static stream(seed: number, stream: number): DemoRandom {
    return new DemoRandom(mix32(mix32(seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b1)));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Whole seconds, log-normal around `median`, clamped to [min, max]. */
  logNormalSeconds(median: number, sigma: number, min: number, max: number): number {
    const value = Math.round(median * Math.exp(sigma * this.normal()));
    return Math.min(max, Math.max(min, value));
  }

  /** An index in [0, n), small indices much more likely (a few contacts get most calls). */
  skewedIndex(n: number, skew = 2.2): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), skew)));
  }

  /** One of `items` with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let cumulative = cumulativeWeights.get(items);
    if (cumulative === undefined) {
      let total = 0;
      cumulative = items.map(([, weight]) => (total += weight));
      cumulativeWeights.set(items, cumulative);
    }
    const target = this.next() * (cumulative[cumulative.length - 1] ?? 0);
    for (let i = 0; i < cumulative.length; i++) {
      if (target < (cumulative[i] ?? 0)) return (items[i] as readonly [T, number])[0];
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** `count` decimal digits. */
  digits(count: number): string {
    let text = '';
    for (let left = count; left > 0; left -= 6) {
      const chunk = Math.min(6, left);
      text += String(Math.floor(this.next() * 10 ** chunk)).padStart(chunk, '0');
    }
    return text;
  }

  /** `count` distinct integers of [min, maxInclusive], ascending. */
  distinctIntegers(count: number, min: number, maxInclusive: number): number[] {
    const size = maxInclusive - min + 1;
    if (count > size) throw new RangeError(`cannot pick ${count} distinct values out of ${size}`);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(this.integer(min, maxInclusive));
    return [...chosen].sort((a, b) => a - b);
  }

  /** Lowercase hexadecimal, `count` characters. */
  hex(count: number): string {
    let text = '';
    for (let left = count; left > 0; left -= 6) {
      const chunk = Math.min(6, left);
      text += Math.floor(this.next() * 16 ** chunk)
        .toString(16)
        .padStart(chunk, '0');
    }
    return text;
  }
}

/** Running totals of the weights of each list picked from (the lists are constants, mostly). */
const cumulativeWeights = new WeakMap<readonly (readonly [unknown, number])[], number[]>();

/** A 32-bit mixing function (murmur3's finaliser). */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
