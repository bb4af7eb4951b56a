import { HOSTED_TELEPHONY_SERVICE } from '../availability/service-availability.ts';
import { maskNumber } from '../core/logger.ts';
import { money, roundToCents, sum } from './billing-decimal.ts';
import { firstDayOfMonth, lastDayOfMonth, previousMonth } from './billing-dates.ts';
import type { LineDraft, ListedCall } from './invoice-model.ts';
import { FAIR_USE_REASON_RULES, type BreachReference, type FairUseCall } from './usage-inputs.ts';

/** Why a call is on the complementary invoice: a fair-use rule, or the whole-month re-rating. */
export type ComplementaryCategory =
  'distinct-numbers' | 'concurrent-calls' | 'registered-devices' | 'third-party-device' | 'whole-month';

const CATEGORY_ORDER: readonly ComplementaryCategory[] = [
  'distinct-numbers',
  'whole-month',
  'concurrent-calls',
  'registered-devices',
  'third-party-device',
];

const CATEGORY_LABELS: Readonly<Record<ComplementaryCategory, string>> = {
  'distinct-numbers': 'Appels au-delà du nombre de numéros distincts autorisé dans le mois',
  'whole-month': 'Refacturation du mois entier après dépassement du nombre de numéros distincts',
  'concurrent-calls': 'Appels simultanés au-delà de la limite du forfait',
  'registered-devices': 'Appels passés avec plus de terminaux enregistrés simultanément que la limite',
  'third-party-device': 'Appels depuis un terminal ou softphone non fourni par l’opérateur',
};

/**
 * The category of a fair-use call. A `distinct-numbers-exceeded` call placed before the account's
 * distinct-numbers breach under the whole-month policy (rerateMonth) is a whole-month re-rating; one
 * placed at or after it is billed under the rule itself.
 */
export function complementaryCategory(
  call: FairUseCall,
  breaches: readonly BreachReference[],
): ComplementaryCategory | undefined {
  const rule = FAIR_USE_REASON_RULES[call.reason];
  if (rule === undefined) return undefined;
  if (rule === 'distinct-numbers') {
    const rerate = breaches.find(
      (b) =>
        b.accountId === call.accountId &&
        b.rule === 'distinct-numbers' &&
        b.rerateMonth &&
        call.startTime.getTime() < b.at.getTime(),
    );
    if (rerate !== undefined) return 'whole-month';
  }
  return rule;
}

/**
 * The lines of the complementary invoice of month M for one customer (DOMAIN.md 1, CP 5.1): the calls of
 * M-1 billed per minute because of a fair-use breach, one line per account and category, each listing its
 * calls (callee masked) and citing the breach ids that justify it. The line amount is the exact sum of the
 * calls' rated amounts rounded half-up to the cent. These calls are excluded from the regular usage
 * lines, so each is billed once.
 */
export function complementaryLines(
  customerId: string,
  calls: readonly FairUseCall[],
  breaches: readonly BreachReference[],
  month: string,
  vatRate: string,
): LineDraft[] {
  const usageMonth = previousMonth(month);
  const customerBreaches = breaches.filter((b) => b.customerId === customerId);
  const groups = new Map<
    string,
    { accountId: string; category: ComplementaryCategory; calls: FairUseCall[] }
  >();
  for (const call of calls) {
    if (call.customerId !== customerId || call.amount.isZero()) continue;
    const category = complementaryCategory(call, customerBreaches);
    if (category === undefined) continue;
    const key = `${call.accountId}\u0000${category}`;
    const group = groups.get(key) ?? { accountId: call.accountId, category, calls: [] };
    group.calls.push(call);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort(
      (a, b) =>
        (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0) ||
        CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
    )
    .map(({ accountId, category, calls: groupCalls }) => {
      const rule = category === 'whole-month' ? 'distinct-numbers' : category;
      const evidence = customerBreaches
        .filter((b) => b.accountId === accountId && b.rule === rule)
        .filter((b) => category !== 'whole-month' || b.rerateMonth)
        .map((b) => b.breachId)
        .sort();
      const listed: ListedCall[] = [...groupCalls]
        .sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || (a.callId < b.callId ? -1 : 1))
        .map((call) => ({
          callId: call.callId,
          startTime: call.startTime,
          maskedCallee: maskNumber(call.callee),
          billableSeconds: call.billableSeconds,
          chargedSeconds: call.chargedSeconds,
          amount: call.amount,
        }));
      return {
        kind: 'fair-use' as const,
        service: HOSTED_TELEPHONY_SERVICE,
        label: `${CATEGORY_LABELS[category]} — compte ${accountId}`,
        accountId,
        periodStart: firstDayOfMonth(usageMonth),
        periodEnd: lastDayOfMonth(usageMonth),
        quantity: money(listed.length),
        unit: 'appels',
        unitPrice: null,
        amount: roundToCents(sum(listed.map((c) => c.amount))),
        vatRate: money(vatRate),
        evidence,
        calls: listed,
      };
    });
}
