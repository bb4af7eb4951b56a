import { field, type OptionsOf } from '../config/options.ts';

/** The interpretations DOMAIN.md section 1 leaves open, as configuration. Limits and policy come from the plan. */
export const fairUseOptionsSpec = {
  nullUserAgent: field.enum({
    values: ['not-evaluated', 'third-party'] as const,
    default: 'not-evaluated',
    env: 'FAIR_USE_NULL_USER_AGENT',
    doc:
      'a call whose CDR has no User-Agent: not-evaluated (stays in plan, deviceCheck no-user-agent) or ' +
      'third-party (billed per minute as from a non-catalogue device)',
  }),
  concurrencyCounts: field.enum({
    values: ['answered', 'all-attempts'] as const,
    default: 'answered',
    env: 'FAIR_USE_CONCURRENCY_COUNTS',
    doc:
      'calls that occupy a line for the simultaneous-calls limit, from start to end: answered calls only, ' +
      'or every attempt including unanswered ones (emergency calls never count)',
  }),
  defaultRegistrationExpirySeconds: field.integer({
    default: 3600,
    min: 1,
    env: 'FAIR_USE_DEFAULT_REGISTRATION_EXPIRY_SECONDS',
    doc: 'lifetime of a REGISTERED binding whose event carries no expires (RFC 3261 default: 3600)',
  }),
  breachEvidenceNumbers: field.enum({
    values: ['masked', 'count-only'] as const,
    default: 'masked',
    env: 'FAIR_USE_BREACH_EVIDENCE_NUMBERS',
    doc: 'numbers listed in a distinct-numbers breach: masked (maskNumber) or none (count only)',
  }),
};
export type FairUseOptions = OptionsOf<typeof fairUseOptionsSpec>;
