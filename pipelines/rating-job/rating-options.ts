import { field, type OptionsOf } from '../config/options.ts';

export const ratingOptionsSpec = {
  maxCallDurationMinutes: field.integer({
    env: 'RATING_MAX_CALL_DURATION_MINUTES',
    default: 240,
    min: 1,
    doc:
      'a call is rated once every call that could overlap its start is known, i.e. when event time passed its ' +
      'start by this much; calls longer than this may be counted late for the simultaneous-calls limit',
  }),
  maxOutOfOrdernessSeconds: field.integer({
    env: 'RATING_MAX_OUT_OF_ORDERNESS_SECONDS',
    default: 60,
    min: 0,
    doc: 'how far behind the latest event of an input a later event of the same input may be',
  }),
  currency: field.string({
    env: 'RATING_CURRENCY',
    default: 'EUR',
    pattern: /^[A-Z]{3}$/,
    doc: 'currency of zero amounts',
  }),
  fallbackTariffId: field.optionalString({
    env: 'RATING_FALLBACK_TARIFF',
    doc: 'tariff for calls of SIP accounts missing from the reference data (reason no-plan); unset: left unpriced',
  }),
  ratingVersion: field.integer({
    env: 'RATING_VERSION',
    default: 1,
    min: 1,
    doc: 'version stored with rated calls; raise it to make a re-rating run replace earlier results',
  }),
};
export type RatingOptions = OptionsOf<typeof ratingOptionsSpec>;
