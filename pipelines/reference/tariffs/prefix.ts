/** Tariff prefixes: E.164 digits without `+` (a leading `+` is accepted and dropped), or a short code. */
export function parsePrefix(text: string): string | undefined {
  const digits = text.trim().replace(/^\+/, '');
  return /^\d{1,15}$/.test(digits) ? digits : undefined;
}

/** Remembers where each prefix of a version was declared, to reject duplicates. */
export class PrefixRegistry<Where = string> {
  readonly #seen = new Map<string, Where>();

  /** The earlier declaration of `prefix`, or undefined after recording this one. */
  claim(prefix: string, declaredAt: Where): Where | undefined {
    const earlier = this.#seen.get(prefix);
    if (earlier !== undefined) return earlier;
    this.#seen.set(prefix, declaredAt);
    return undefined;
  }
}
