import type { OneOffCharge } from './billing-data.ts';
import { money, roundToCents } from './billing-decimal.ts';
import { monthOfDate, previousMonth } from './billing-dates.ts';
import type { LineDraft } from './invoice-model.ts';

/**
 * Set-up and other one-off fees, billed in arrears ("terme échu", CGV 9.1): a charge dated in month M-1
 * is on the invoice of month M. One line per charge, sorted by date then id.
 */
export function oneOffChargeLines(
  customerId: string,
  charges: readonly OneOffCharge[],
  month: string,
  vatRate: string,
): LineDraft[] {
  const billedMonth = previousMonth(month);
  return charges
    .filter((charge) => charge.customerId === customerId && monthOfDate(charge.date) === billedMonth)
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((charge) => ({
      kind: 'one-off',
      service: charge.service,
      label: charge.label,
      accountId: null,
      periodStart: charge.date,
      periodEnd: charge.date,
      quantity: money(1),
      unit: 'forfait',
      unitPrice: charge.amount,
      amount: roundToCents(charge.amount),
      vatRate: money(vatRate),
      evidence: [charge.id],
      calls: [],
    }));
}
