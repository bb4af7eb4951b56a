import type { RecurringService } from './billing-data.ts';
import { money, roundToCents } from './billing-decimal.ts';
import { firstDayOfMonth, lastDayOfMonth } from './billing-dates.ts';
import type { LineDraft } from './invoice-model.ts';

/**
 * Recurring services other than the plan (access links, router...), billed in advance like every
 * subscription: the invoice of M carries M. Billing starts with the service's activation (CGV 9.1), and
 * any month begun is due in full: a service is billed for every month in which it is active one day or more.
 */
export function isServiceActiveDuring(
  service: Pick<RecurringService, 'from' | 'to'>,
  month: string,
): boolean {
  if (service.from > lastDayOfMonth(month)) return false;
  return service.to === undefined || service.to >= firstDayOfMonth(month);
}

export function recurringServiceLines(
  customerId: string,
  services: readonly RecurringService[],
  month: string,
  vatRate: string,
): LineDraft[] {
  return services
    .filter((service) => service.customerId === customerId && isServiceActiveDuring(service, month))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((service) => ({
      kind: 'recurring-service',
      service: service.service,
      label: service.label,
      accountId: null,
      periodStart: firstDayOfMonth(month),
      periodEnd: lastDayOfMonth(month),
      quantity: money(1),
      unit: 'mois',
      unitPrice: service.monthlyAmount,
      amount: roundToCents(service.monthlyAmount),
      vatRate: money(vatRate),
      evidence: [service.id],
      calls: [],
    }));
}
