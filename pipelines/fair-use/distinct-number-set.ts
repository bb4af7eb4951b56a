import { decodeNumberKey, encodeNumberKey } from './number-key.ts';

const INITIAL_CAPACITY = 8;

/**
 * An exact set of dialled numbers, compact: numbers that encode as a double (every E.164 number and
 * short code, see number-key.ts) live sorted in an array of doubles (V8 stores them unboxed, 8 bytes
 * each; a plain array has no ArrayBuffer and backing-store overhead, about 200 bytes less than a
 * Float64Array at these sizes), found by binary search and inserted by moving the tail (cheap at the
 * sizes of a fair-use month); anything else, which the normaliser should
 * never produce, in a Set of strings created on first use. The capacity grows by half and never beyond
 * `capacityLimit` (the fair-use limit + 1), so a month at the limit holds exactly what it needs. Sorted
 * storage also makes snapshots and evidence lists independent of call order.
 */
export class DistinctNumberSet {
  /** Sorted keys in [0, keyCount); the rest is spare capacity. */
  private keys: number[];
  private keyCount = 0;
  private texts: Set<string> | undefined;

  constructor(readonly capacityLimit: number = Number.MAX_SAFE_INTEGER) {
    this.keys = doubles(Math.min(INITIAL_CAPACITY, Math.max(1, capacityLimit)));
  }

  get size(): number {
    return this.keyCount + (this.texts?.size ?? 0);
  }

  /** Numbers the encoded storage holds before it must grow. */
  get capacity(): number {
    return this.keys.length;
  }

  has(number: string): boolean {
    const key = encodeNumberKey(number);
    if (Number.isNaN(key)) return this.texts?.has(number) ?? false;
    return this.indexOf(key) >= 0;
  }

  /** Adds the number; true when it was not in the set. */
  add(number: string): boolean {
    const key = encodeNumberKey(number);
    if (Number.isNaN(key)) {
      this.texts ??= new Set();
      if (this.texts.has(number)) return false;
      this.texts.add(number);
      return true;
    }
    const found = this.indexOf(key);
    if (found >= 0) return false;
    this.insertAt(-found - 1, key);
    return true;
  }

  /** Every number, encoded ones in key order then the others in insertion order. */
  numbers(): string[] {
    const result: string[] = [];
    for (let i = 0; i < this.keyCount; i++) result.push(decodeNumberKey(this.keys[i] ?? 0));
    if (this.texts !== undefined) result.push(...this.texts);
    return result;
  }

  /** Plain JSON-able form: the encoded keys (exact integers) and the numbers kept as text. */
  toJSON(): { readonly keys: number[]; readonly texts: string[] } {
    return { keys: this.keys.slice(0, this.keyCount), texts: [...(this.texts ?? [])] };
  }

  static fromJSON(
    value: { readonly keys: readonly number[]; readonly texts: readonly string[] },
    capacityLimit?: number,
  ): DistinctNumberSet {
    const set = new DistinctNumberSet(capacityLimit);
    const sorted = [...value.keys].sort((a, b) => a - b);
    set.keys = doubles(Math.max(set.keys.length, sorted.length));
    for (const key of sorted) {
      if (set.keyCount > 0 && set.keys[set.keyCount - 1] === key) continue;
      set.keys[set.keyCount++] = key;
    }
    if (value.texts.length > 0) set.texts = new Set(value.texts);
    return set;
  }

  /** Bytes this set holds on the heap, approximately (object and array headers included). */
  estimatedBytes(): number {
    const OBJECT = 56;
    const ARRAY = 32 + 16;
    let bytes = OBJECT + ARRAY + this.keys.length * 8;
    if (this.texts !== undefined) {
      bytes += 80;
      for (const text of this.texts) bytes += 40 + 2 * text.length;
    }
    return bytes;
  }

  /** Index of `key`, or `-(insertion point) - 1`. */
  private indexOf(key: number): number {
    let low = 0;
    let high = this.keyCount - 1;
    const keys = this.keys;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = keys[middle] ?? 0;
      if (value < key) low = middle + 1;
      else if (value > key) high = middle - 1;
      else return middle;
    }
    return -low - 1;
  }

  private insertAt(index: number, key: number): void {
    if (this.keyCount === this.keys.length) {
      const grown = doubles(Math.max(this.keyCount + 1, this.grownCapacity()));
      for (let i = 0; i < this.keyCount; i++) grown[i] = this.keys[i] ?? 0;
      this.keys = grown;
    }
    const keys = this.keys;
    for (let i = this.keyCount; i > index; i--) keys[i] = keys[i - 1] ?? 0;
    keys[index] = key;
    this.keyCount += 1;
  }

  private grownCapacity(): number {
    const grown = Math.ceil(this.keys.length * 1.5);
    return this.keys.length < this.capacityLimit ? Math.min(grown, this.capacityLimit) : grown;
  }
}

/** An array of `length` doubles (0.5 makes V8 pick unboxed double elements from the start). */
function doubles(length: number): number[] {
  return new Array<number>(length).fill(0.5);
}
