import type { DestinationClass } from './destination.ts';

/**
 * The French numbering plan (ARCEP), as the classifier needs it. Positions are into an E.164 string;
 * `nsn` is the index of the first digit of the national significant number (after `+33`, or after
 * the calling code of an overseas department).
 *
 * National significant numbers are 9 digits (`0X XX XX XX XX` without the 0), except machine-to-machine
 * mobile numbers: `0700` followed by 10 digits (14 digits nationally, 13 after +33).
 *
 * Classes (first digits of the national number):
 * - 01-05: geographic fixed; 09: non-geographic fixed (VoIP boxes)       -> 'national-fixed'
 * - 06, 07: mobile. ARCEP assigns 073-079 and 06 to mobile services, 0700 + 10 digits to M2M; the
 *   contract says "06 et 07", so every 06/07 number (10 digits) and the 14-digit M2M numbers are
 *   'national-mobile'. 070-072 in 10 digits are not assigned today; they are mobile here because the
 *   plan text covers "07".
 * - 08 (special services, ARCEP decision 2012-0856, in force since 1 October 2015, where the third
 *   digit encodes the price for the caller):
 *   - 0800-0805: free for the caller                                      -> 'special-free'
 *   - 0806-0809: price of a normal call                                   -> 'special-shared'
 *   - 081: the lowest surcharge tier (the former "Numéro Azur" shared-cost range) -> 'special-shared'
 *   - 082: surcharged value-added services                                -> 'special-premium'
 *   - 089: the highest surcharge tier                                     -> 'special-premium'
 *   - 083-088: not open to value-added services under the 2015 plan; billed as premium, the safe
 *     side for an operator                                                 -> 'special-premium'
 * - Overseas departments have national numbers too (0262 Réunion, 0590 Guadeloupe, 0692 Réunion
 *   mobile, ...) but their own ITU calling codes: their E.164 form is under that code, see
 *   `overseasCallingCode`.
 */

/** Class of a French (or overseas-department) national significant number starting at `nsn`. */
export function frenchNationalClass(e164: string, nsn: number): DestinationClass {
  switch (e164.charCodeAt(nsn)) {
    case 49: // 1
    case 50: // 2
    case 51: // 3
    case 52: // 4
    case 53: // 5
    case 57: // 9
      return 'national-fixed';
    case 54: // 6
    case 55: // 7
      return 'national-mobile';
    case 56: // 8
      return specialServiceClass(e164.charCodeAt(nsn + 1) - 48, e164.charCodeAt(nsn + 2) - 48);
    default:
      return 'invalid';
  }
}

function specialServiceClass(second: number, third: number): DestinationClass {
  if (second === 0) return third <= 5 ? 'special-free' : 'special-shared';
  if (second === 1) return 'special-shared';
  return 'special-premium';
}

/**
 * French national ranges that belong to an overseas department with its own calling code
 * (ARCEP plan; libphonenumber metadata for RE, YT, GP, GF, MQ), keyed by the first three digits of
 * the national significant number. `0262 12 34 56` is `+262 262 12 34 56`, not `+33 2 62 ...`.
 */
// prettier-ignore
const OVERSEAS_RANGES: Readonly<Record<string, string>> = {
  '262': '262', '263': '262', '692': '262', '693': '262', // Réunion
  '269': '262', '639': '262', // Mayotte
  '590': '590', '690': '590', '691': '590', // Guadeloupe, Saint-Barthélemy, Saint-Martin
  '594': '594', '694': '594', // French Guiana
  '596': '596', '696': '596', '697': '596', // Martinique
};

/** Numeric key of three digits, to look ranges up without slicing strings. */
const overseasByRange = new Map<number, string>(
  Object.entries(OVERSEAS_RANGES).map(([range, code]) => [Number(range), code]),
);

/** The overseas calling code of the national significant number at `nsn`, if it is in an overseas range. */
export function overseasCallingCode(digits: string, nsn: number): string | undefined {
  const a = digits.charCodeAt(nsn) - 48;
  if (a !== 2 && a !== 5 && a !== 6) return undefined;
  return overseasByRange.get(
    a * 100 + (digits.charCodeAt(nsn + 1) - 48) * 10 + (digits.charCodeAt(nsn + 2) - 48),
  );
}

/** Calling codes of the French overseas departments whose numbers belong to the French plan. */
export const OVERSEAS_CALLING_CODES: ReadonlySet<string> = new Set(['262', '590', '594', '596']);

/** Length of a French national significant number, and of an M2M one (`700` + 10 digits). */
export const FRENCH_NSN_LENGTH = 9;
export const FRENCH_M2M_NSN_LENGTH = 13;

/** Whether the digits at `nsn` start the M2M range `700`. */
export function isM2mRange(digits: string, nsn: number): boolean {
  return (
    digits.charCodeAt(nsn) === 55 && digits.charCodeAt(nsn + 1) === 48 && digits.charCodeAt(nsn + 2) === 48
  );
}
