import type { Decimal } from 'decimal.js';
import type { InvoiceDocument, InvoiceLine } from './invoice-model.ts';

/** Unit prices and quantities: as many decimals as they have, at least two for prices (`29.90`, `0.0450`). */
export function priceText(value: Decimal): string {
  return value.decimalPlaces() < 2 ? value.toFixed(2) : value.toFixed();
}

function lineJson(line: InvoiceLine): Record<string, unknown> {
  return {
    lineNo: line.lineNo,
    kind: line.kind,
    service: line.service,
    label: line.label,
    accountId: line.accountId,
    periodStart: line.periodStart,
    periodEnd: line.periodEnd,
    quantity: line.quantity.toFixed(),
    unit: line.unit,
    unitPrice: line.unitPrice === null ? null : priceText(line.unitPrice),
    amount: line.amount.toFixed(2),
    vatRate: line.vatRate.toFixed(),
    evidence: line.evidence,
    calls: line.calls.map((c) => ({
      callId: c.callId,
      startTime: c.startTime.toISOString(),
      callee: c.maskedCallee,
      billableSeconds: c.billableSeconds,
      chargedSeconds: c.chargedSeconds,
      amount: c.amount.toFixed(),
    })),
  };
}

/** A document as JSON-ready values: every amount a decimal string (never a JSON number). */
export function documentJson(document: InvoiceDocument): Record<string, unknown> {
  return {
    invoiceId: document.invoiceId,
    kind: document.kind,
    status: document.status,
    month: document.month,
    customerId: document.customerId,
    customerName: document.customerName,
    invoiceDate: document.invoiceDate,
    dueDate: document.dueDate,
    currency: document.currency,
    referenceVersion: document.referenceVersion,
    lines: document.lines.map(lineJson),
    totals: {
      totalExclVat: document.totals.totalExclVat.toFixed(2),
      vat: document.totals.vat.map((v) => ({
        rate: v.rate.toFixed(),
        base: v.base.toFixed(2),
        vat: v.vat.toFixed(2),
      })),
      vatAmount: document.totals.vatAmount.toFixed(2),
      totalInclVat: document.totals.totalInclVat.toFixed(2),
    },
  };
}

export function formatInvoicesJson(
  month: string,
  documents: readonly InvoiceDocument[],
  warnings: readonly string[],
): string {
  return `${JSON.stringify({ month, documents: documents.map(documentJson), warnings }, null, 2)}\n`;
}
