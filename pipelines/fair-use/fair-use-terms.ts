import type { CallRecord } from '../ingest/call-record.ts';
import type { Destination, DestinationClass } from '../numbering/destination.ts';
import type { BreachPolicy, FairUseLimits } from '../reference/plan.ts';
import type { AccountContext, DeviceMatcher } from '../reference/reference-types.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';

/** Judges a User-Agent against the operator's device catalogue. Never called with a null or blank one. */
export type DeviceMatchFunction = (userAgent: string) => {
  readonly approved: boolean;
  readonly deviceId?: string;
};

/** What the fair-use state needs to know about the account's customer and plan, at the time of an event. */
export interface FairUseTerms {
  readonly customerId: string;
  /** Operators, teleshops, call centres...: the plan does not apply at all (every call billed per minute). */
  readonly telecomProfessional: boolean;
  /** Destination classes the plan includes; only answered calls to these count toward the distinct numbers. */
  readonly includedClasses: readonly DestinationClass[];
  readonly limits: FairUseLimits;
  readonly breachPolicy: BreachPolicy;
  readonly requireCatalogueDevice: boolean;
  readonly matchDevice: DeviceMatchFunction;
}

/** The fields of a call fair use reads (a CallRecord has them). */
export type FairUseCall = Pick<
  CallRecord,
  'callId' | 'accountId' | 'startTime' | 'endTime' | 'billableSeconds' | 'userAgent'
>;

/** The fields of a destination fair use reads. */
export type FairUseDestination = Pick<Destination, 'class' | 'number'>;

/** The fields of a SIP registration event fair use reads (a RegistrationEvent has them). */
export type FairUseRegistration = Pick<
  RegistrationEvent,
  'eventId' | 'accountId' | 'type' | 'timestamp' | 'contact' | 'instanceId' | 'userAgent' | 'expiresSeconds'
>;

const termsCache = new WeakMap<AccountContext, { matcher: DeviceMatcher; terms: FairUseTerms }>();

/**
 * The terms of an account from its resolved reference context (customer overrides applied to the limits)
 * and the catalogue matcher. Memoised per context object, so the job can call it for every event: a
 * reference-data reload produces new contexts and therefore new terms.
 */
export function fairUseTermsOf(context: AccountContext, matcher: DeviceMatcher): FairUseTerms {
  const cached = termsCache.get(context);
  if (cached?.matcher === matcher) return cached.terms;
  const terms: FairUseTerms = {
    customerId: context.customer.id,
    telecomProfessional: !context.planApplies,
    includedClasses: context.plan.includedClasses,
    limits: context.limits,
    breachPolicy: context.plan.breachPolicy,
    requireCatalogueDevice: context.plan.requireCatalogueDevice,
    matchDevice: (userAgent) => matcher.isCatalogueDevice(userAgent),
  };
  termsCache.set(context, { matcher, terms });
  return terms;
}
