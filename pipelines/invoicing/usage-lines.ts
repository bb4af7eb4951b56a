import { HOSTED_TELEPHONY_SERVICE } from '../availability/service-availability.ts';
import { money, roundToCents } from './billing-decimal.ts';
import { firstDayOfMonth, lastDayOfMonth, previousMonth } from './billing-dates.ts';
import type { LineDraft } from './invoice-model.ts';
import { isFairUseReason, type UsageAmount } from './usage-inputs.ts';

const USAGE_LABELS: Readonly<Record<string, string>> = {
  'destination-not-in-plan': 'Communications hors forfait (destinations non incluses)',
  'telecom-professional':
    'Communications facturées à la minute (professionnel des télécoms : forfait non applicable)',
  'no-plan': 'Communications facturées à la minute (sans forfait)',
};

/**
 * Off-plan usage, billed in arrears: the invoice of month M carries the calls of M-1. One line per
 * account and rating reason, the exact sum of the calls' amounts rounded half-up to the cent.
 *
 * Calls billed per minute because of a fair-use breach (distinct numbers, concurrent calls, registered
 * devices, third-party device, whole-month re-rating) are NOT on these lines: they are billed once, on
 * the complementary invoice (complementary-lines.ts). Reasons with a zero total (in plan, emergency,
 * not answered, no tariff) give no line.
 */
export function usageLines(
  customerId: string,
  usage: readonly UsageAmount[],
  month: string,
  vatRate: string,
): LineDraft[] {
  const usageMonth = previousMonth(month);
  return usage
    .filter((u) => u.customerId === customerId && !isFairUseReason(u.reason) && !u.amount.isZero())
    .sort((a, b) => compare(a.accountId, b.accountId) || compare(a.reason, b.reason))
    .map((u) => ({
      kind: 'usage',
      service: HOSTED_TELEPHONY_SERVICE,
      label: `${USAGE_LABELS[u.reason] ?? `Communications facturées à la minute (${u.reason})`} — compte ${u.accountId}`,
      accountId: u.accountId,
      periodStart: firstDayOfMonth(usageMonth),
      periodEnd: lastDayOfMonth(usageMonth),
      quantity: money(u.calls),
      unit: 'appels',
      unitPrice: null,
      amount: roundToCents(u.amount),
      vatRate: money(vatRate),
      evidence: [],
      calls: [],
    }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
