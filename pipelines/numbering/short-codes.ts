/**
 * French short codes (ARCEP numbering plan, "numéros courts"), as dialled: never E.164.
 *
 * Accepted forms, checked by length and leading digits (no regular expression):
 * - 2 digits: 15 (SAMU), 17 (police), 18 (fire brigade): emergency.
 * - 3 digits: 11X and 19X. Emergency: 112 (European emergency), 114 (deaf and hard-of-hearing),
 *   115 (homeless emergency), 119 (child abuse), 191 (aviation emergency), 196 (maritime
 *   emergency), 197 (terror/kidnapping alert); the others (110, ...) are plain short codes.
 * - 4 digits: 1XXX (10XY operator services and carrier selection, 16XY carrier selection, ...) and
 *   3XXX (3BPQ service numbers such as 3631, 3949).
 * - 6 digits: 118XYZ (directory enquiries) and 116XYZ (harmonised European social numbers).
 * Anything else of 1 to 6 digits is not a French short code.
 */

/** The emergency numbers of DOMAIN.md section 2: never rated, never counted, never blocked. */
export const EMERGENCY_NUMBERS: ReadonlySet<string> = new Set([
  '15',
  '17',
  '18',
  '112',
  '114',
  '115',
  '119',
  '191',
  '196',
  '197',
]);

/** Longest short code, in digits. */
export const MAX_SHORT_CODE_LENGTH = 6;

/** Whether `digits[start..]` (ASCII digits only) has the form of a French short code. */
export function isShortCodeForm(digits: string, start: number): boolean {
  const length = digits.length - start;
  const first = digits.charCodeAt(start);
  const second = digits.charCodeAt(start + 1);
  switch (length) {
    case 2:
      return first === 49 /* 1 */ && (second === 53 || second === 55 || second === 56); // 15, 17, 18
    case 3:
      return first === 49 && (second === 49 || second === 57); // 11X, 19X
    case 4:
      return first === 49 || first === 51; // 1XXX, 3XXX
    case 6:
      return (
        first === 49 &&
        second === 49 &&
        (digits.charCodeAt(start + 2) === 56 || digits.charCodeAt(start + 2) === 54) // 118XYZ, 116XYZ
      );
    default:
      return false;
  }
}
