import type { TariffRate } from '../../rating/tariff.ts';

/** A tariff prefix as written in a file, read: its digits and its key space. */
export interface ParsedPrefix {
  readonly digits: string;
  /** Written `short:<digits>`: a French short code (or the start of one), never an E.164 prefix. */
  readonly shortCode: boolean;
}

const SHORT_CODE_MARKER = 'short:';
/** The longest French short code (118XYZ, 116XYZ): numbering/short-codes.ts MAX_SHORT_CODE_LENGTH. */
const MAX_SHORT_CODE_DIGITS = 6;

/**
 * Tariff prefixes: E.164 digits without `+` (a leading `+` is accepted and dropped), 1 to 15 digits; or a
 * short code written `short:3631` (marker case-insensitive), 1 to 6 digits, which matches short codes only.
 */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  const trimmed = text.trim();
  if (trimmed.slice(0, SHORT_CODE_MARKER.length).toLowerCase() === SHORT_CODE_MARKER) {
    const digits = trimmed.slice(SHORT_CODE_MARKER.length);
    return /^\d+$/.test(digits) && digits.length <= MAX_SHORT_CODE_DIGITS
      ? { digits, shortCode: true }
      : undefined;
  }
  const digits = trimmed.replace(/^\+/, '');
  return /^\d{1,15}$/.test(digits) ? { digits, shortCode: false } : undefined;
}

/** What the problems of a prefix expect, for messages. */
export const PREFIX_FORMS =
  'E.164 digits (1 to 15, an optional + first) or short:<1 to 6 digits> for a short code';

/** The prefix as written in files (`336`, `short:3631`): also its identity within a version. */
export function prefixLabel(prefix: { readonly prefix: string; readonly shortCode?: boolean }): string {
  return prefix.shortCode === true ? `${SHORT_CODE_MARKER}${prefix.prefix}` : prefix.prefix;
}

/** The rate fields of a parsed prefix: `shortCode` only when true, so E.164 rates keep their shape. */
export function ratePrefix(parsed: ParsedPrefix): Pick<TariffRate, 'prefix' | 'shortCode'> {
  return parsed.shortCode ? { prefix: parsed.digits, shortCode: true } : { prefix: parsed.digits };
}

/** Remembers where each prefix of a version was declared, to reject duplicates. */
export class PrefixRegistry<Where = string> {
  readonly #seen = new Map<string, Where>();

  /** The earlier declaration of `prefix` (a prefixLabel), or undefined after recording this one. */
  claim(prefix: string, declaredAt: Where): Where | undefined {
    const earlier = this.#seen.get(prefix);
    if (earlier !== undefined) return earlier;
    this.#seen.set(prefix, declaredAt);
    return undefined;
  }
}
