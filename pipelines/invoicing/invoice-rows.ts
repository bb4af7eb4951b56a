import { PipelineError } from '../core/errors.ts';
import { money } from './billing-decimal.ts';
import {
  DOCUMENT_KINDS,
  LINE_KINDS,
  type DocumentKind,
  type InvoiceDocument,
  type InvoiceLine,
  type LineKind,
  type ListedCall,
} from './invoice-model.ts';

/**
 * Rows of `invoices` and `invoice_lines` (migration 0008) as inserted and read with JSONEachRow: decimals
 * as strings, dates `YYYY-MM-DD`, instants `YYYY-MM-DD hh:mm:ss.mmm` UTC. Pure mapping both ways, so that a
 * document read back equals the document stored.
 */
export interface InvoiceRow {
  readonly invoice_id: string;
  readonly kind: string;
  readonly month: string;
  readonly customer_id: string;
  readonly customer_name: string;
  readonly status: string;
  readonly invoice_date: string;
  readonly due_date: string;
  readonly currency: string;
  readonly total_excl_vat: string;
  readonly vat_amount: string;
  readonly total_incl_vat: string;
  readonly vat_breakdown: string;
  readonly line_count: number;
  readonly reference_version: string;
  readonly run_version: number | string;
  readonly computed_at: string;
}

export interface InvoiceLineRow {
  readonly invoice_id: string;
  readonly month: string;
  readonly customer_id: string;
  readonly run_version: number | string;
  readonly line_no: number;
  readonly kind: string;
  readonly service: string;
  readonly label: string;
  readonly account_id: string;
  readonly period_start: string;
  readonly period_end: string;
  readonly quantity: string;
  readonly unit: string;
  readonly unit_price: string | null;
  readonly amount: string;
  readonly vat_rate: string;
  readonly evidence: readonly string[];
  readonly calls: string;
  readonly computed_at: string;
}

/** `Date` -> `2026-03-01 10:00:00.000` (UTC). */
export function clickHouseInstant(instant: Date): string {
  return instant.toISOString().replace('T', ' ').replace('Z', '');
}

interface StoredCall {
  readonly callId: string;
  readonly startTime: string;
  readonly maskedCallee: string;
  readonly billableSeconds: number;
  readonly chargedSeconds: number;
  readonly amount: string;
}

export function documentRows(
  document: InvoiceDocument,
  runVersion: number,
  computedAt: Date,
): { invoice: InvoiceRow; lines: InvoiceLineRow[] } {
  const at = clickHouseInstant(computedAt);
  const month = `${document.month}-01`;
  return {
    invoice: {
      invoice_id: document.invoiceId,
      kind: document.kind,
      month,
      customer_id: document.customerId,
      customer_name: document.customerName,
      status: document.status,
      invoice_date: document.invoiceDate,
      due_date: document.dueDate,
      currency: document.currency,
      total_excl_vat: document.totals.totalExclVat.toFixed(2),
      vat_amount: document.totals.vatAmount.toFixed(2),
      total_incl_vat: document.totals.totalInclVat.toFixed(2),
      vat_breakdown: JSON.stringify(
        document.totals.vat.map((v) => ({
          rate: v.rate.toFixed(),
          base: v.base.toFixed(2),
          vat: v.vat.toFixed(2),
        })),
      ),
      line_count: document.lines.length,
      reference_version: document.referenceVersion,
      run_version: runVersion,
      computed_at: at,
    },
    lines: document.lines.map((line) => ({
      invoice_id: document.invoiceId,
      month,
      customer_id: document.customerId,
      run_version: runVersion,
      line_no: line.lineNo,
      kind: line.kind,
      service: line.service,
      label: line.label,
      account_id: line.accountId ?? '',
      period_start: line.periodStart,
      period_end: line.periodEnd,
      quantity: line.quantity.toFixed(),
      unit: line.unit,
      unit_price: line.unitPrice === null ? null : line.unitPrice.toFixed(),
      amount: line.amount.toFixed(2),
      vat_rate: line.vatRate.toFixed(),
      evidence: [...line.evidence],
      calls: JSON.stringify(
        line.calls.map((c): StoredCall => ({
          callId: c.callId,
          startTime: c.startTime.toISOString(),
          maskedCallee: c.maskedCallee,
          billableSeconds: c.billableSeconds,
          chargedSeconds: c.chargedSeconds,
          amount: c.amount.toFixed(),
        })),
      ),
      computed_at: at,
    })),
  };
}

function unexpected(what: string, value: unknown): PipelineError {
  return new PipelineError(
    'CLICKHOUSE_QUERY_FAILED',
    `invoice ${what}: unexpected value ${JSON.stringify(value)}`,
  );
}

function kindOf<K extends string>(list: readonly K[], value: string, what: string): K {
  if (!(list as readonly string[]).includes(value)) throw unexpected(what, value);
  return value as K;
}

function lineOf(row: InvoiceLineRow): InvoiceLine {
  const calls = JSON.parse(row.calls) as StoredCall[];
  return {
    lineNo: row.line_no,
    kind: kindOf<LineKind>(LINE_KINDS, row.kind, 'line kind'),
    service: row.service,
    label: row.label,
    accountId: row.account_id === '' ? null : row.account_id,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    quantity: money(row.quantity),
    unit: row.unit,
    unitPrice: row.unit_price === null ? null : money(row.unit_price),
    amount: money(row.amount),
    vatRate: money(row.vat_rate),
    evidence: [...row.evidence],
    calls: calls.map((c): ListedCall => ({
      callId: c.callId,
      startTime: new Date(c.startTime),
      maskedCallee: c.maskedCallee,
      billableSeconds: c.billableSeconds,
      chargedSeconds: c.chargedSeconds,
      amount: money(c.amount),
    })),
  };
}

/** Documents from rows read back (lines matched by invoice id), sorted by customer then kind. */
export function documentsOfRows(
  invoices: readonly InvoiceRow[],
  lines: readonly InvoiceLineRow[],
): InvoiceDocument[] {
  const linesById = new Map<string, InvoiceLineRow[]>();
  for (const line of lines) {
    const list = linesById.get(line.invoice_id) ?? [];
    list.push(line);
    linesById.set(line.invoice_id, list);
  }
  return invoices
    .map((row): InvoiceDocument => {
      const vat = JSON.parse(row.vat_breakdown) as { rate: string; base: string; vat: string }[];
      const ownLines = (linesById.get(row.invoice_id) ?? []).map(lineOf).sort((a, b) => a.lineNo - b.lineNo);
      if (ownLines.length !== row.line_count) {
        throw unexpected(`${row.invoice_id} line count`, `${ownLines.length} of ${row.line_count}`);
      }
      return {
        invoiceId: row.invoice_id,
        kind: kindOf<DocumentKind>(DOCUMENT_KINDS, row.kind, 'kind'),
        month: row.month.slice(0, 7),
        customerId: row.customer_id,
        customerName: row.customer_name,
        invoiceDate: row.invoice_date,
        dueDate: row.due_date,
        currency: row.currency,
        status: 'draft',
        lines: ownLines,
        totals: {
          totalExclVat: money(row.total_excl_vat),
          vat: vat.map((v) => ({ rate: money(v.rate), base: money(v.base), vat: money(v.vat) })),
          vatAmount: money(row.vat_amount),
          totalInclVat: money(row.total_incl_vat),
        },
        referenceVersion: row.reference_version,
      };
    })
    .sort((a, b) =>
      a.customerId !== b.customerId
        ? a.customerId < b.customerId
          ? -1
          : 1
        : DOCUMENT_KINDS.indexOf(a.kind) - DOCUMENT_KINDS.indexOf(b.kind),
    );
}
