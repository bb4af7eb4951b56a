export { AccountFairUseState } from './account-state.ts';
export { AccountStateStore, type FairUseMemory } from './account-state-store.ts';
export {
  breachIdOf,
  FAIR_USE_RULES,
  type BreachEvent,
  type BreachEvidence,
  type FairUseRule,
  type RegisteredContactEvidence,
} from './breach.ts';
export {
  REASON_PRECEDENCE,
  rerateForWholeMonth,
  type DeviceCheckOutcome,
  type FairUseDecision,
  type FairUseReason,
} from './decision.ts';
export { fairUseOptionsSpec, type FairUseOptions } from './fair-use-options.ts';
export {
  fairUseTermsOf,
  type DeviceMatchFunction,
  type FairUseCall,
  type FairUseDestination,
  type FairUseRegistration,
  type FairUseTerms,
} from './fair-use-terms.ts';
export { maskDigitRuns } from './mask.ts';
export { FAIR_USE_SNAPSHOT_VERSION, parseFairUseSnapshot, type FairUseSnapshot } from './snapshot.ts';
