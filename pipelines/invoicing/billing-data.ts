import type { Decimal } from 'decimal.js';

/**
 * What invoicing needs besides the reference data, from a billing directory (see README.md, "Billing
 * data files"). Amounts exclude VAT unless said otherwise; dates are Paris calendar dates `YYYY-MM-DD`.
 */

/** A set-up fee or another one-off fee, billed in arrears on the invoice of the month after `date`. */
export interface OneOffCharge {
  readonly id: string;
  readonly customerId: string;
  readonly date: string;
  readonly label: string;
  readonly amount: Decimal;
  readonly service: string;
}

/** A recurring service other than the hosted telephony plan (access link, router...), billed in advance. */
export interface RecurringService {
  readonly id: string;
  readonly customerId: string;
  readonly service: string;
  readonly label: string;
  readonly monthlyAmount: Decimal;
  /** First day of service. */
  readonly from: string;
  /** Last day of service (inclusive). */
  readonly to?: string;
}

/** The initial (minimum) period of a customer's order, for early-termination fees. */
export interface Contract {
  readonly customerId: string;
  readonly initialPeriodMonths: number;
}

/** A payment received for an invoice, including VAT. */
export interface Payment {
  readonly invoiceId: string;
  readonly date: string;
  readonly amount: Decimal;
}

/** A contested amount of an invoice, including VAT (CGV 10.2). */
export interface Dispute {
  readonly invoiceId: string;
  readonly amount: Decimal;
  /** When the customer contested in writing: before the due date for the good-faith exemption. */
  readonly raisedOn: string;
  readonly goodFaith: boolean;
  /** When the parties agreed; the agreed amount is then due 5 calendar days later. */
  readonly resolvedOn?: string;
  readonly agreedAmount?: Decimal;
}

export interface BillingData {
  readonly charges: readonly OneOffCharge[];
  readonly services: readonly RecurringService[];
  readonly contracts: readonly Contract[];
  readonly payments: readonly Payment[];
  readonly disputes: readonly Dispute[];
}

export const EMPTY_BILLING_DATA: BillingData = Object.freeze({
  charges: [],
  services: [],
  contracts: [],
  payments: [],
  disputes: [],
});
