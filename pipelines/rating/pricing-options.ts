import { field, parseOptions, type OptionsOf } from '../config/options.ts';

export const pricingOptionsSpec = {
  connectFeeOnZeroSeconds: field.boolean({
    default: false,
    env: 'RATING_CONNECT_FEE_ON_ZERO_SECONDS',
    doc:
      'charge the connect fee for an answered call of 0 billable seconds (default false: such a call costs ' +
      'nothing, as no second of the service was used and softswitches record 0 s for calls dropped at answer)',
  }),
};
export type PricingOptions = OptionsOf<typeof pricingOptionsSpec>;

export function pricingOptions(input: Partial<PricingOptions> = {}): PricingOptions {
  return parseOptions('pricing', pricingOptionsSpec, input);
}

export const DEFAULT_PRICING_OPTIONS: PricingOptions = pricingOptions();
