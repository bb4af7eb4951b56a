import type { Decimal } from 'decimal.js';

/**
 * The documents invoicing produces for a month M (see README.md):
 * - `invoice`: the regular monthly invoice (subscriptions of M in advance, one-off fees and usage of M-1 in
 *   arrears, SLA credits for M-1 as negative lines);
 * - `complementary`: the complementary invoice for fair-use breaches of M-1 (CP 5.1), a separate document.
 */
export const DOCUMENT_KINDS = ['invoice', 'complementary'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const LINE_KINDS = [
  /** Hosted telephony plan, per SIP account, month M, in advance. */
  'subscription',
  /** Another recurring service (access link, router rental...), month M, in advance. */
  'recurring-service',
  /** Set-up and other one-off fees dated in M-1, in arrears. */
  'one-off',
  /** Calls of M-1 billed per minute outside any fair-use breach, per account and rating reason. */
  'usage',
  /** Calls of M-1 billed per minute because of a fair-use breach (complementary invoice only). */
  'fair-use',
  /** SLA credit for M-1 (negative amount). */
  'sla-credit',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

/** The standard French VAT rate (CGV 10.3: amounts are exclusive of VAT). */
export const STANDARD_VAT_RATE = '0.20';

/** A call listed on the complementary invoice (callee masked). */
export interface ListedCall {
  readonly callId: string;
  readonly startTime: Date;
  readonly maskedCallee: string;
  readonly billableSeconds: number;
  readonly chargedSeconds: number;
  /** The rated amount of the call, exact as stored (not rounded). */
  readonly amount: Decimal;
}

/** A line before numbering: amounts already rounded to the cent. */
export interface LineDraft {
  readonly kind: LineKind;
  /** The service the line bills (`hosted-telephony`, `access-link`...): SLA credits apply per service. */
  readonly service: string;
  readonly label: string;
  /** The SIP account the line is about, when it is about one. */
  readonly accountId: string | null;
  /** The period billed, Paris calendar dates, inclusive. */
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly quantity: Decimal;
  /** `mois`, `appels`, `forfait`. */
  readonly unit: string;
  /** Per unit, excluding VAT; null when the amount is a sum of items (usage lines). */
  readonly unitPrice: Decimal | null;
  /** Excluding VAT, rounded half-up to the cent when the line is produced. */
  readonly amount: Decimal;
  readonly vatRate: Decimal;
  /** What justifies the line: breach ids, ticket numbers, the charge id. */
  readonly evidence: readonly string[];
  /** The calls a fair-use line bills (complementary invoice); empty otherwise. */
  readonly calls: readonly ListedCall[];
}

export interface InvoiceLine extends LineDraft {
  /** 1, 2, ... in document order. */
  readonly lineNo: number;
}

/** VAT of one rate: on the sum of the lines at that rate, rounded half-up once. */
export interface VatSubtotal {
  readonly rate: Decimal;
  readonly base: Decimal;
  readonly vat: Decimal;
}

export interface DocumentTotals {
  readonly totalExclVat: Decimal;
  readonly vat: readonly VatSubtotal[];
  readonly vatAmount: Decimal;
  readonly totalInclVat: Decimal;
}

export interface InvoiceDocument {
  /** Deterministic per (month, customer, kind): `F-202603-C-0001`, `FC-202603-C-0001`. */
  readonly invoiceId: string;
  readonly kind: DocumentKind;
  /** `YYYY-MM`: the invoice month M. */
  readonly month: string;
  readonly customerId: string;
  readonly customerName: string;
  /** Paris calendar date: the 1st of M. */
  readonly invoiceDate: string;
  /** invoiceDate + 10 calendar days (CGV 9.2). */
  readonly dueDate: string;
  readonly currency: string;
  readonly status: 'draft';
  readonly lines: readonly InvoiceLine[];
  readonly totals: DocumentTotals;
  /** The reference data snapshot the document was computed from. */
  readonly referenceVersion: string;
}
