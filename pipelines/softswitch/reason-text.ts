import { maskNumber } from '../core/logger.ts';

const MAX_SHOWN = 40;

/**
 * A field value quoted for a rejection reason. Reasons end up in logs and reports, so any run of
 * six or more digits (a phone number, possibly) is masked with `maskNumber`, and long values are cut.
 */
export function shownValue(value: string): string {
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
  return `'${cut.replace(/\+?\d{6,}/g, (digits) => maskNumber(digits))}'`;
}
