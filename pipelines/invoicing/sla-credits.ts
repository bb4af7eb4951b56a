import type { Decimal } from 'decimal.js';
import type { ServiceAvailability } from '../availability/service-availability.ts';
import { ZERO, money, roundToCents } from './billing-decimal.ts';
import { firstDayOfMonth, lastDayOfMonth, previousMonth } from './billing-dates.ts';
import type { LineDraft } from './invoice-model.ts';

/** CP "Engagements de niveau de service": credits are capped at 20 % of the failing service's monthly fees. */
export const SLA_CREDIT_CAP_RATE = '0.20';

/**
 * SLA credits on the invoice of month M, for the availability of month M-1 (measured once M-1 is over), as
 * negative lines of the regular invoice (one per service with a credit).
 * - Base: the monthly amount invoiced for the service for month M-1 (`baseByService`: the subscription or
 *   recurring-service lines of M-1, excluding VAT).
 * - Credit: creditRate x base, rounded half-up to the cent, the rate never above 20 %. The cap over any
 *   30 consecutive days is already in creditRate: pipelines/availability caps the credits of a service
 *   whose failures fit in 30 days together (credit-cap.ts), so it is not applied a second time here.
 * - Nothing for a customer not eligible (slaEligible false), a zero rate, or no amount invoiced for the
 *   service. Applied to every credit of sla_availability: a credit not requested is filtered upstream.
 */
export function slaCreditLines(
  customerId: string,
  availability: readonly ServiceAvailability[],
  baseByService: ReadonlyMap<string, Decimal>,
  month: string,
  vatRate: string,
): LineDraft[] {
  const measured = previousMonth(month);
  const capRate = money(SLA_CREDIT_CAP_RATE);
  return availability
    .filter((a) => a.customerId === customerId && a.month === measured && a.slaEligible)
    .filter((a) => a.creditRate.greaterThan(0))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0))
    .flatMap((a): LineDraft[] => {
      const base = baseByService.get(a.service) ?? ZERO;
      if (!base.greaterThan(0)) return [];
      const rate = money(a.creditRate).greaterThan(capRate) ? capRate : money(a.creditRate);
      const credit = roundToCents(base.times(rate));
      if (credit.isZero()) return [];
      return [
        {
          kind: 'sla-credit',
          service: a.service,
          label: `Avoir SLA ${a.service} — disponibilité ${money(a.availabilityPercent).toFixed()} % en ${measured} (taux ${rate.times(100).toFixed()} %)`,
          accountId: null,
          periodStart: firstDayOfMonth(measured),
          periodEnd: lastDayOfMonth(measured),
          quantity: money(1),
          unit: 'forfait',
          unitPrice: null,
          amount: credit.negated(),
          vatRate: money(vatRate),
          evidence: [...a.tickets],
          calls: [],
        },
      ];
    });
}
