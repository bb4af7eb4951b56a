import type { RoundingRule } from '../../rating/tariff.ts';

export type RoundingMode = RoundingRule['mode'];

/**
 * Our modes, and CGRateS' RoundingMethod names: `*up` -> up, `*down` -> down, `*middle` -> half-up
 * (CGRateS rounds a fraction >= 0.5 up; costs are never negative).
 */
const MODES: Readonly<Record<string, RoundingMode>> = {
  up: 'up',
  down: 'down',
  'half-up': 'half-up',
  'half-even': 'half-even',
  '*up': 'up',
  '*down': 'down',
  '*middle': 'half-up',
};

export const ROUNDING_MODE_NAMES = Object.keys(MODES);

export function parseRoundingMode(text: string): RoundingMode | undefined {
  return MODES[text.trim().toLowerCase()];
}

/** Decimal places on a call's cost: 0 to 10. */
export function parseRoundingDecimals(text: string): number | undefined {
  if (!/^\d{1,2}$/.test(text.trim())) return undefined;
  const decimals = Number(text);
  return decimals <= 10 ? decimals : undefined;
}
