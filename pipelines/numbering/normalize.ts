import { lookupCallingCode } from './country-codes.ts';
import {
  FRENCH_M2M_NSN_LENGTH,
  FRENCH_NSN_LENGTH,
  OVERSEAS_CALLING_CODES,
  isM2mRange,
  overseasCallingCode,
} from './french-plan.ts';
import { MAX_SHORT_CODE_LENGTH, isShortCodeForm } from './short-codes.ts';

/**
 * Turns a dialled number, as softswitches report it, into E.164 (`+33612345678`) or a French short
 * code (`3631`, `112`). Only France is supported as the home country: national format means the
 * French plan (`0X XX XX XX XX`).
 *
 * Accepted input:
 * - visual separators: spaces, dots, dashes, slashes, parentheses; `(0)` after an international
 *   prefix (`+33 (0)6 ...`) is the optional trunk zero and is dropped;
 * - a `tel:`, `sip:` or `sips:` scheme, a display name with `<...>`, an `@host` part, `;params`, a
 *   URL-encoded `%2B` for `+`;
 * - `+<cc>...`, `00<cc>...`; `+33 0 6...` (a superfluous national 0 after +33, or after an overseas
 *   code, when the rest has 10 digits);
 * - French national format: 10 digits starting with 0 (and 14-digit M2M numbers `0700...`); national
 *   numbers of the overseas departments go to their own calling code (`0262...` -> `+262262...`);
 * - short codes (see short-codes.ts), also when a switch put +33 in front of them (`+33112` is the
 *   short code `112`: no French number has fewer than 9 digits after +33, so nothing is mistaken);
 * - with `e164WithoutPlus`, 7 or more digits not starting with 0 are E.164 without `+`
 *   (`33612345678`); off by default because digits without any prefix are ambiguous;
 * - with `trunkPrefix` (a PBX's "outside line" digit, such as `0`), a number starting with it is
 *   read without it first, as national, `00` international or short code; if that reading is not a
 *   valid number, the number is read as it is (so `0612345678` stays national with trunk `0`).
 *
 * Never throws on bad input; problem texts never contain the number (only counts and rules).
 * Fast path: a string of digits with an optional leading `+` is read in place, without copying.
 */
export interface NormalizeSettings {
  /** Outside-line prefix a PBX puts in front of dialled numbers (`''`: none). */
  readonly trunkPrefix: string;
  /** Read 7+ digits without a prefix as E.164 without `+`. */
  readonly e164WithoutPlus: boolean;
}

export const DEFAULT_NORMALIZE_SETTINGS: NormalizeSettings = Object.freeze({
  trunkPrefix: '',
  e164WithoutPlus: false,
});

export type NormalizeResult =
  | { readonly ok: true; readonly number: string; readonly kind: 'e164' | 'short' }
  | { readonly ok: false; readonly problem: string };

type Failure = Extract<NormalizeResult, { ok: false }>;

/** Longest raw input looked at; longer input is rejected before any work. */
export const MAX_RAW_LENGTH = 256;
/** ITU-T E.164: at most 15 digits, calling code included. */
export const MAX_E164_DIGITS = 15;
/** The shortest E.164 numbers in use (for example +683 XXXX, Niue) have 7 digits. */
export const MIN_E164_DIGITS = 7;

const PLUS = 43;
const ZERO = 48;

function fail(problem: string): Failure {
  return Object.freeze({ ok: false as const, problem });
}

const NOT_TEXT = fail('not a text value');
const EMPTY = fail('empty: no digits');
const RAW_TOO_LONG = fail(`longer than ${MAX_RAW_LENGTH} characters`);
const BAD_CHARACTERS = fail(
  'contains characters other than digits, a leading +, separators and a SIP/tel URI',
);
const MISPLACED_PLUS = fail('a + appears after the first digit');
const UNCLOSED_ANGLE = fail('a < without its >');
const NOTHING_AFTER_PREFIX = fail('nothing after the international prefix');
const UNASSIGNED_CODE = fail('starts with no assigned country calling code');
const E164_TOO_LONG = fail(`more than ${MAX_E164_DIGITS} digits, the E.164 maximum`);
const E164_TOO_SHORT = fail(`fewer than ${MIN_E164_DIGITS} digits for an international number`);
const NANP_LENGTH = fail('a North American (+1) number has 10 digits after the country code');
const NANP_AREA = fail('a North American (+1) area code cannot start with 0 or 1');
const FRENCH_LENGTH = fail('a French number has 9 digits after +33 (10 in national format with the 0)');
const FRENCH_ZERO = fail('a French number cannot start with 0 after +33');
const OVERSEAS_LENGTH = fail('a French overseas number has 9 digits after its country code');
const NOT_SHORT_CODE = fail('not a French short code (15, 17, 18, 11X, 19X, 1XXX, 3XXX, 116XYZ, 118XYZ)');
const NO_PREFIX = fail(
  'digits without a national (0) or international (00, +) prefix; set e164WithoutPlus if the switch reports E.164 without +',
);

function nationalLength(length: number): Failure {
  return fail(`a French national number has 10 digits, got ${length}`);
}

export function normalizeNumber(
  raw: string,
  settings: NormalizeSettings = DEFAULT_NORMALIZE_SETTINGS,
): NormalizeResult {
  if (typeof (raw as unknown) !== 'string') return NOT_TEXT;
  if (raw.length > MAX_RAW_LENGTH) return RAW_TOO_LONG;
  let text: string;
  if (isPlainDigits(raw)) {
    text = raw;
  } else {
    const cleaned = cleanDialString(raw);
    if (typeof cleaned !== 'string') return cleaned;
    text = cleaned;
  }
  if (text.charCodeAt(0) === PLUS) return international(text, 1);
  const trunk = settings.trunkPrefix;
  if (trunk.length > 0 && text.length > trunk.length && text.startsWith(trunk)) {
    const withoutTrunk = dialled(text, trunk.length, false);
    if (withoutTrunk.ok) return withoutTrunk;
  }
  return dialled(text, 0, settings.e164WithoutPlus);
}

/** Digits only, with an optional leading `+` and at least one digit. */
function isPlainDigits(text: string): boolean {
  const start = text.charCodeAt(0) === PLUS ? 1 : 0;
  if (text.length <= start) return false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A number as dialled, without `+`, from `start`. */
function dialled(text: string, start: number, e164WithoutPlus: boolean): NormalizeResult {
  const length = text.length - start;
  if (length === 0) return EMPTY;
  if (text.charCodeAt(start) === ZERO) {
    if (text.charCodeAt(start + 1) === ZERO) return international(text, start + 2);
    if (length === FRENCH_NSN_LENGTH + 1) return frenchNumber(text, start + 1, false);
    if (length === FRENCH_M2M_NSN_LENGTH + 1 && isM2mRange(text, start + 1)) {
      return frenchNumber(text, start + 1, false);
    }
    return nationalLength(length);
  }
  if (length <= MAX_SHORT_CODE_LENGTH) return shortCode(text, start);
  if (e164WithoutPlus) return international(text, start);
  return NO_PREFIX;
}

function shortCode(text: string, start: number): NormalizeResult {
  if (!isShortCodeForm(text, start)) return NOT_SHORT_CODE;
  return { ok: true, number: start === 0 ? text : text.slice(start), kind: 'short' };
}

/** E.164 digits from `start` (after `+` or `00`). */
function international(text: string, start: number): NormalizeResult {
  const length = text.length - start;
  if (length === 0) return NOTHING_AFTER_PREFIX;
  const info = lookupCallingCode(text, start);
  if (info === undefined) return UNASSIGNED_CODE;
  const code = info.callingCode;
  const nsn = start + code.length;
  if (code === '33') return frenchE164(text, nsn, start);
  if (length > MAX_E164_DIGITS) return E164_TOO_LONG;
  if (OVERSEAS_CALLING_CODES.has(code)) return overseasE164(text, nsn, code);
  if (code === '1') {
    if (length !== 11) return NANP_LENGTH;
    if (text.charCodeAt(start + 1) < 50) return NANP_AREA;
  } else if (length < MIN_E164_DIGITS) {
    return E164_TOO_SHORT;
  }
  return { ok: true, number: e164From(text, start), kind: 'e164' };
}

/** `+` and the digits from `start`, reusing `text` when it already is exactly that. */
function e164From(text: string, start: number): string {
  return start === 1 && text.charCodeAt(0) === PLUS ? text : `+${text.slice(start)}`;
}

/** After `+33` (the national significant number starts at `nsn`; the calling code at `ccStart`). */
function frenchE164(text: string, nsn: number, ccStart: number): NormalizeResult {
  let length = text.length - nsn;
  if (length > 0 && length <= MAX_SHORT_CODE_LENGTH) {
    return isShortCodeForm(text, nsn) ? shortCode(text, nsn) : FRENCH_LENGTH;
  }
  let start = nsn;
  const superfluousZero =
    text.charCodeAt(start) === ZERO &&
    (length === FRENCH_NSN_LENGTH + 1 ||
      (length === FRENCH_M2M_NSN_LENGTH + 1 && isM2mRange(text, start + 1)));
  if (superfluousZero) {
    start++;
    length--;
  }
  if (text.charCodeAt(start) === ZERO) return length === FRENCH_NSN_LENGTH ? FRENCH_ZERO : FRENCH_LENGTH;
  if (length !== FRENCH_NSN_LENGTH && !(length === FRENCH_M2M_NSN_LENGTH && isM2mRange(text, start))) {
    return FRENCH_LENGTH;
  }
  return frenchNumber(text, start, start === nsn && ccStart === 1 && text.charCodeAt(0) === PLUS);
}

/**
 * A valid French national significant number at `nsn` (9 digits, or 13 for M2M), as E.164.
 * `textIsCanonical`: `text` already is exactly `+33` and that number, and is returned as it is.
 */
function frenchNumber(text: string, nsn: number, textIsCanonical: boolean): NormalizeResult {
  const overseas = overseasCallingCode(text, nsn);
  if (overseas !== undefined && text.length - nsn === FRENCH_NSN_LENGTH) {
    return { ok: true, number: `+${overseas}${text.slice(nsn)}`, kind: 'e164' };
  }
  return { ok: true, number: textIsCanonical ? text : `+33${text.slice(nsn)}`, kind: 'e164' };
}

/** After an overseas department's own code (+262, +590, +594, +596). */
function overseasE164(text: string, nsn: number, code: string): NormalizeResult {
  const length = text.length - nsn;
  if (length === FRENCH_NSN_LENGTH) {
    return { ok: true, number: e164From(text, nsn - code.length), kind: 'e164' };
  }
  if (length === FRENCH_NSN_LENGTH + 1 && text.charCodeAt(nsn) === ZERO) {
    return { ok: true, number: `+${code}${text.slice(nsn + 1)}`, kind: 'e164' };
  }
  return OVERSEAS_LENGTH;
}

/**
 * Reduces a dialled string to its digits, with `+` kept in front when present. Slow path, for input
 * that is not already plain digits.
 */
function cleanDialString(raw: string): string | Failure {
  let begin = 0;
  let end = raw.length;
  while (begin < end && isSpace(raw.charCodeAt(begin))) begin++;
  while (end > begin && isSpace(raw.charCodeAt(end - 1))) end--;
  const angle = raw.indexOf('<', begin);
  if (angle >= 0 && angle < end) {
    const close = raw.indexOf('>', angle);
    if (close < 0 || close >= end) return UNCLOSED_ANGLE;
    begin = angle + 1;
    end = close;
  }
  if (startsWithIgnoreCase(raw, begin, 'tel:') || startsWithIgnoreCase(raw, begin, 'sip:')) begin += 4;
  else if (startsWithIgnoreCase(raw, begin, 'sips:')) begin += 5;
  for (let i = begin; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c === 64 /* @ */ || c === 59 /* ; */) {
      end = i;
      break;
    }
  }
  let out = '';
  if (startsWithIgnoreCase(raw, begin, '%2b')) {
    out = '+';
    begin += 3;
  }
  for (let i = begin; i < end; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += raw.charAt(i);
    } else if (c === PLUS) {
      if (out.length > 0) return MISPLACED_PLUS;
      out = '+';
    } else if (c === 40 /* ( */ && raw.startsWith('0)', i + 1) && isInternationalStart(out)) {
      i += 2; // "+33 (0)6...": the optional trunk zero
    } else if (!isSeparator(c)) {
      return BAD_CHARACTERS;
    }
  }
  if (out.length === 0 || out === '+') return EMPTY;
  return out;
}

function isInternationalStart(digits: string): boolean {
  return digits.charCodeAt(0) === PLUS ? digits.length > 1 : digits.startsWith('00') && digits.length > 2;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}

function isSeparator(c: number): boolean {
  // space, tab, NBSP, . - / ( )
  return c === 32 || c === 9 || c === 160 || c === 46 || c === 45 || c === 47 || c === 40 || c === 41;
}

function startsWithIgnoreCase(text: string, at: number, lowerPrefix: string): boolean {
  if (text.length - at < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    const c = text.charCodeAt(at + i);
    const lower = c >= 65 && c <= 90 ? c + 32 : c;
    if (lower !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}
