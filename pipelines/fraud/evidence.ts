import { maskNumber } from '../core/logger.ts';
import type { EvidenceSample } from './fraud-alert.ts';

/** An evidence sample as held in window state (JSON-able: the instant as epoch ms). */
export interface SavedSample {
  readonly kind: EvidenceSample['kind'];
  readonly id: string;
  readonly at: number;
  readonly summary: string;
}

/** Something a rule can quote as evidence; the sample is built only when a window still wants one. */
export interface SampleSource {
  toSample(): SavedSample;
}

/** Samples kept per window. */
export const MAX_SAMPLES = 5;

const MAX_USER_AGENT = 60;

export function toEvidenceSample(saved: SavedSample): EvidenceSample {
  return { kind: saved.kind, id: saved.id, at: new Date(saved.at), summary: saved.summary };
}

/** User-Agents come from the attacker: shortened and stripped of control characters. */
export function printableUserAgent(userAgent: string | null): string {
  if (userAgent === null || userAgent === '') return '-';
  // eslint-disable-next-line no-control-regex
  const clean = userAgent.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > MAX_USER_AGENT ? `${clean.slice(0, MAX_USER_AGENT)}...` : clean;
}

/** `+88216****** 42 s 3.10 EUR`: the callee masked. */
export function callSummary(
  number: string,
  billableSeconds: number,
  cost: string | undefined,
  currency: string,
): string {
  const masked = maskNumber(number);
  return cost === undefined
    ? `${masked} ${billableSeconds} s`
    : `${masked} ${billableSeconds} s ${cost} ${currency}`;
}
