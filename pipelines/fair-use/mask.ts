import { maskNumber } from '../core/logger.ts';

/** Runs of 5 or more digits: phone numbers and SIP user parts, not IP octets or ports like 5060. */
const DIGIT_RUN = /\d{5,}/g;

/**
 * Masks every run of five or more digits with `maskNumber`, for texts that are not phone numbers but may
 * hold one: contact URIs (`sip:33612345678@10.0.0.1:5060` -> `sip:3361*****78@10.0.0.1:5060`),
 * User-Agents that embed a user name.
 */
export function maskDigitRuns(text: string): string {
  return text.replace(DIGIT_RUN, (run) => maskNumber(run));
}
