/**
 * Longest-prefix lookup over decimal digit strings, built once and then read without allocating:
 * a flat trie of 10 children per node in an Int32Array (0 = no child; node 0 is the root, so it is
 * never anyone's child). Used for calling codes, sub-regions and high-risk prefixes on the per-CDR
 * path, where a Map of substrings would allocate one string per probed length.
 */
export class DigitTrie<V> {
  private constructor(
    private readonly children: Int32Array,
    private readonly values: readonly (V | undefined)[],
  ) {}

  /**
   * Builds the trie. Prefixes are non-empty strings of ASCII digits; anything else is a programming
   * or configuration error, reported by throwing (callers validate user-supplied prefixes first).
   * When a prefix appears twice, the later value wins.
   */
  static build<V>(entries: Iterable<readonly [string, V]>): DigitTrie<V> {
    const children: number[] = new Array<number>(10).fill(0);
    const values: (V | undefined)[] = [undefined];
    for (const [prefix, value] of entries) {
      if (!isDigitString(prefix)) {
        throw new Error(`DigitTrie: prefix must be 1 or more digits, got ${JSON.stringify(prefix)}`);
      }
      let node = 0;
      for (let i = 0; i < prefix.length; i++) {
        const slot = node * 10 + (prefix.charCodeAt(i) - 48);
        let next = children[slot] ?? 0;
        if (next === 0) {
          next = values.length;
          values.push(undefined);
          for (let k = 0; k < 10; k++) children.push(0);
          children[slot] = next;
        }
        node = next;
      }
      values[node] = value;
    }
    return new DigitTrie(Int32Array.from(children), values);
  }

  /**
   * The value of the longest stored prefix of `text` starting at `start`, or undefined. Stops at the
   * first character that is not a digit.
   */
  longestMatch(text: string, start = 0): V | undefined {
    const { children, values } = this;
    let node = 0;
    let best: V | undefined;
    for (let i = start; i < text.length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      node = children[node * 10 + digit] ?? 0;
      if (node === 0) break;
      const value = values[node];
      if (value !== undefined) best = value;
    }
    return best;
  }

  /** Number of nodes, for tests and sizing. */
  get size(): number {
    return this.values.length;
  }
}

export function isDigitString(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
