import { AccountStateStore } from '../../pipelines/fair-use/account-state-store.ts';
import type { BreachEvent } from '../../pipelines/fair-use/breach.ts';
import type { FairUseDecision } from '../../pipelines/fair-use/decision.ts';
import { fairUseTermsOf } from '../../pipelines/fair-use/fair-use-terms.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import type { Destination } from '../../pipelines/numbering/destination.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import { demoEventsInOrder, type DemoMonth } from '../../pipelines/demo/month/index.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';

export interface DecidedCall {
  readonly call: CallRecord;
  readonly destination: Destination;
  readonly decision: FairUseDecision;
}

export interface Replay {
  readonly decided: readonly DecidedCall[];
  readonly breaches: readonly BreachEvent[];
}

/**
 * The demo month through the real numbering classifier and fair-use state, in event order, with the terms of
 * the demo reference data (default options): what the rating job will decide.
 */
export function replayFairUse(month: DemoMonth, reference: ReferenceData): Replay {
  const classify = createNumberClassifier(parseNumberingOptions());
  const store = new AccountStateStore();
  const decided: DecidedCall[] = [];
  const breaches: BreachEvent[] = [];
  const termsOf = (accountId: string): ReturnType<typeof fairUseTermsOf> => {
    const context = reference.account(accountId);
    if (context === undefined) throw new Error(`account ${accountId} is not in the reference data`);
    return fairUseTermsOf(context, reference.deviceMatcher);
  };
  for (const event of demoEventsInOrder(month.calls, month.registrations)) {
    if (event.kind === 'registration') {
      breaches.push(...store.applyRegistration(event.event, termsOf(event.event.accountId)));
    } else {
      const destination = classify(event.call.callee);
      const decision = store.decideCall(event.call, destination, termsOf(event.call.accountId));
      breaches.push(...decision.breaches);
      decided.push({ call: event.call, destination, decision });
    }
  }
  return { decided, breaches };
}
