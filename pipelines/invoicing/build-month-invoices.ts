import type { Decimal } from 'decimal.js';
import type { ServiceAvailability } from '../availability/service-availability.ts';
import type { Plan } from '../reference/plan.ts';
import type { Customer, SipAccount } from '../reference/reference-types.ts';
import type { BillingData } from './billing-data.ts';
import { ZERO } from './billing-decimal.ts';
import { previousMonth } from './billing-dates.ts';
import { complementaryLines } from './complementary-lines.ts';
import { dueDateOf, invoiceDateOf, PAYMENT_TERM_DAYS } from './invoice-dates.ts';
import {
  STANDARD_VAT_RATE,
  type DocumentKind,
  type InvoiceDocument,
  type LineDraft,
} from './invoice-model.ts';
import { invoiceIdOf } from './invoice-numbering.ts';
import { documentTotals, numberLines } from './invoice-totals.ts';
import { oneOffChargeLines } from './one-off-charges.ts';
import { recurringServiceLines } from './recurring-services.ts';
import { slaCreditLines } from './sla-credits.ts';
import { subscriptionLines } from './subscriptions.ts';
import type { BreachReference, FairUseCall, UsageAmount } from './usage-inputs.ts';
import { usageLines } from './usage-lines.ts';

/** Everything the documents of month M are computed from; usage, breaches and availability are of M-1. */
export interface MonthBillingInput {
  /** `YYYY-MM`: the invoice month M. */
  readonly month: string;
  readonly customers: readonly Customer[];
  readonly accounts: readonly SipAccount[];
  readonly plans: readonly Plan[];
  readonly referenceVersion: string;
  readonly billing: BillingData;
  /** Priced calls of M-1 per account and rating reason (every reason; fair-use ones are set aside). */
  readonly usage: readonly UsageAmount[];
  /** Calls of M-1 billed per minute because of a fair-use breach. */
  readonly fairUseCalls: readonly FairUseCall[];
  /** Breaches of M-1. */
  readonly breaches: readonly BreachReference[];
  /** Availability of M-1. */
  readonly availability: readonly ServiceAvailability[];
  readonly vatRate?: string;
  readonly paymentTermDays?: number;
  readonly currency?: string;
}

export interface MonthBillingResult {
  readonly month: string;
  /** By customer id, then invoice before complementary invoice. */
  readonly documents: readonly InvoiceDocument[];
  /** Things to review: usage of unknown customers, calls left unpriced (no tariff). */
  readonly warnings: readonly string[];
}

/**
 * The draft documents of month M for every customer: a regular invoice when it has at least one line, and
 * a complementary invoice when fair-use breaches of M-1 billed calls per minute. Pure: same input, same
 * documents (ids, lines, totals).
 */
export function buildMonthInvoices(input: MonthBillingInput): MonthBillingResult {
  const vatRate = input.vatRate ?? STANDARD_VAT_RATE;
  const invoiceDate = invoiceDateOf(input.month);
  const dueDate = dueDateOf(invoiceDate, input.paymentTermDays ?? PAYMENT_TERM_DAYS);
  const plans = new Map(input.plans.map((p) => [p.id, p]));
  const previous = previousMonth(input.month);
  const documents: InvoiceDocument[] = [];
  const warnings: string[] = [];
  const customers = [...input.customers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const customer of customers) {
    const plan = plans.get(customer.planId);
    if (plan === undefined) {
      warnings.push(`customer ${customer.id}: unknown plan ${customer.planId}, not invoiced`);
      continue;
    }
    const recurringOf = (month: string): LineDraft[] => [
      ...subscriptionLines(customer, plan, input.accounts, month, vatRate),
      ...recurringServiceLines(customer.id, input.billing.services, month, vatRate),
    ];
    const baseByService = new Map<string, Decimal>();
    for (const line of recurringOf(previous)) {
      baseByService.set(line.service, (baseByService.get(line.service) ?? ZERO).plus(line.amount));
    }
    const regular: LineDraft[] = [
      ...recurringOf(input.month),
      ...oneOffChargeLines(customer.id, input.billing.charges, input.month, vatRate),
      ...usageLines(customer.id, input.usage, input.month, vatRate),
      ...slaCreditLines(customer.id, input.availability, baseByService, input.month, vatRate),
    ];
    const complementary = complementaryLines(
      customer.id,
      input.fairUseCalls,
      input.breaches,
      input.month,
      vatRate,
    );
    const document = (kind: DocumentKind, lines: readonly LineDraft[]): InvoiceDocument => ({
      invoiceId: invoiceIdOf(input.month, customer.id, kind),
      kind,
      month: input.month,
      customerId: customer.id,
      customerName: customer.name,
      invoiceDate,
      dueDate,
      currency: input.currency ?? 'EUR',
      status: 'draft',
      lines: numberLines(lines),
      totals: documentTotals(lines),
      referenceVersion: input.referenceVersion,
    });
    if (regular.length > 0) documents.push(document('invoice', regular));
    if (complementary.length > 0) documents.push(document('complementary', complementary));
  }

  const known = new Set(input.customers.map((c) => c.id));
  const unknown = new Set(
    [...input.usage, ...input.fairUseCalls]
      .filter((u) => !known.has(u.customerId) && !u.amount.isZero())
      .map((u) => u.customerId),
  );
  for (const id of [...unknown].sort()) {
    warnings.push(`customer ${id}: priced calls in ${previous} but no such customer in the reference data`);
  }
  const unpriced = input.usage.filter((u) => u.reason === 'no-tariff').reduce((n, u) => n + u.calls, 0);
  if (unpriced > 0) {
    warnings.push(
      `${unpriced} call(s) of ${previous} have no tariff (reason no-tariff) and are not billed: fix the tariff and re-rate`,
    );
  }
  return { month: input.month, documents, warnings };
}
