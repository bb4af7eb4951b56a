import { HOSTED_TELEPHONY_SERVICE } from '../availability/service-availability.ts';
import type { Plan } from '../reference/plan.ts';
import type { Customer, SipAccount } from '../reference/reference-types.ts';
import { money, roundToCents } from './billing-decimal.ts';
import { firstDayOfMonth, lastDayOfMonth, monthOfDate, nextMonth } from './billing-dates.ts';
import type { LineDraft } from './invoice-model.ts';

/**
 * Hosted telephony subscriptions, billed in advance ("terme à échoir", CGV 9.1): the invoice of month M
 * carries month M.
 * - Billed from the month following the order (CP "Conditions financières"): ordered on 2026-01-15, first
 *   billed month 2026-02, whatever the day.
 * - Any month begun is due in full: up to and including the month of the customer's termination date, and
 *   for an account, every month in which it is in service for at least one day (activeFrom..activeTo).
 * - Billed per SIP account (each account is a user; the plan's monthlyFee is per account): one line per
 *   account in service in M, at the plan's monthly fee, never prorated.
 */

/** The first month the customer's hosted telephony is billed: the month after the order date. */
export function firstBilledMonth(customer: Pick<Customer, 'orderDate'>): string {
  return nextMonth(monthOfDate(customer.orderDate));
}

/** Whether month M is within the customer's billed months (from the month after the order to the termination month). */
export function isCustomerBilledMonth(
  customer: Pick<Customer, 'orderDate' | 'terminationDate'>,
  month: string,
): boolean {
  if (month < firstBilledMonth(customer)) return false;
  return customer.terminationDate === undefined || month <= monthOfDate(customer.terminationDate);
}

/** Whether the account is in service on at least one day of month M. */
export function isAccountInServiceDuring(
  account: Pick<SipAccount, 'activeFrom' | 'activeTo'>,
  month: string,
): boolean {
  if (account.activeFrom > lastDayOfMonth(month)) return false;
  return account.activeTo === undefined || account.activeTo >= firstDayOfMonth(month);
}

/** One line per account of the customer in service in M (sorted by account id), or none. */
export function subscriptionLines(
  customer: Customer,
  plan: Plan,
  accounts: readonly SipAccount[],
  month: string,
  vatRate: string,
): LineDraft[] {
  if (!isCustomerBilledMonth(customer, month)) return [];
  const fee = money(plan.monthlyFee);
  return accounts
    .filter((account) => account.customerId === customer.id && isAccountInServiceDuring(account, month))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0))
    .map((account) => ({
      kind: 'subscription',
      service: HOSTED_TELEPHONY_SERVICE,
      label: `Abonnement ${plan.name} — compte ${account.label ?? account.accountId}`,
      accountId: account.accountId,
      periodStart: firstDayOfMonth(month),
      periodEnd: lastDayOfMonth(month),
      quantity: money(1),
      unit: 'mois',
      unitPrice: fee,
      amount: roundToCents(fee),
      vatRate: money(vatRate),
      evidence: [],
      calls: [],
    }));
}
