import type { InvoiceDocument } from './invoice-model.ts';
import { priceText } from './invoice-json.ts';

/** RFC 4180 field: quoted when it holds a comma, a quote, CR or LF. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

/** One row per document: ids, dates, totals (decimal strings with 2 decimals). */
export function formatInvoicesCsv(documents: readonly InvoiceDocument[]): string {
  return csv([
    [
      'invoice_id',
      'kind',
      'status',
      'month',
      'customer_id',
      'customer_name',
      'invoice_date',
      'due_date',
      'currency',
      'total_excl_vat',
      'vat_amount',
      'total_incl_vat',
      'line_count',
    ],
    ...documents.map((d) => [
      d.invoiceId,
      d.kind,
      d.status,
      d.month,
      d.customerId,
      d.customerName,
      d.invoiceDate,
      d.dueDate,
      d.currency,
      d.totals.totalExclVat.toFixed(2),
      d.totals.vatAmount.toFixed(2),
      d.totals.totalInclVat.toFixed(2),
      String(d.lines.length),
    ]),
  ]);
}

/** One row per line of every document; evidence ids separated by spaces. */
export function formatInvoiceLinesCsv(documents: readonly InvoiceDocument[]): string {
  return csv([
    [
      'invoice_id',
      'line_no',
      'kind',
      'service',
      'account_id',
      'label',
      'period_start',
      'period_end',
      'quantity',
      'unit',
      'unit_price',
      'amount',
      'vat_rate',
      'evidence',
    ],
    ...documents.flatMap((d) =>
      d.lines.map((l) => [
        d.invoiceId,
        String(l.lineNo),
        l.kind,
        l.service,
        l.accountId ?? '',
        l.label,
        l.periodStart,
        l.periodEnd,
        l.quantity.toFixed(),
        l.unit,
        l.unitPrice === null ? '' : priceText(l.unitPrice),
        l.amount.toFixed(2),
        l.vatRate.toFixed(),
        l.evidence.join(' '),
      ]),
    ),
  ]);
}
