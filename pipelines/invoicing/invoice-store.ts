import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse/errors.ts';
import { monthStartDate } from '../clickhouse/rating-rows.ts';
import type { InvoiceDocument } from './invoice-model.ts';
import { documentRows, documentsOfRows, type InvoiceLineRow, type InvoiceRow } from './invoice-rows.ts';

/** Tables and views of migration 0008. */
export const INVOICES_TABLE = 'invoices';
export const INVOICE_LINES_TABLE = 'invoice_lines';

async function select<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return await result.json<T>();
  } catch (error) {
    throw toClickHouseError(error);
  }
}

/**
 * The version of a new run of `month`: the clock in milliseconds, or one more than the month's latest
 * run if that is not lower (two runs within one millisecond, or a clock set back).
 */
export async function nextRunVersion(client: ClickHouseClient, month: string, now: Date): Promise<number> {
  const [row] = await select<{ v: string | number }>(
    client,
    `SELECT max(run_version) AS v FROM ${INVOICES_TABLE} WHERE month = {month:Date}`,
    { month: monthStartDate(month) },
  );
  const latest = Number(row?.v ?? 0);
  return Math.max(now.getTime(), latest + 1);
}

/**
 * Stores a run of `month`: its lines, then its documents (the commit point: readers see the new run once
 * the documents are in), then deletes the lines of the month's older runs. The documents must all be of
 * `month`; a document of the previous run that this run no longer produces stops being current.
 */
export async function storeInvoiceRun(
  client: ClickHouseClient,
  month: string,
  documents: readonly InvoiceDocument[],
  runVersion: number,
  computedAt: Date,
): Promise<void> {
  const rows = documents.map((d) => {
    if (d.month !== month) throw new Error(`document ${d.invoiceId} is of ${d.month}, not ${month}`);
    return documentRows(d, runVersion, computedAt);
  });
  try {
    const lines = rows.flatMap((r) => r.lines);
    if (lines.length > 0) {
      await client.insert({ table: INVOICE_LINES_TABLE, values: lines, format: 'JSONEachRow' });
    }
    // An empty run still needs its marker so that the month's older documents stop being current: a month
    // without documents stores none, and invoices_current then shows the previous run; see README.md.
    if (rows.length > 0) {
      await client.insert({
        table: INVOICES_TABLE,
        values: rows.map((r) => r.invoice),
        format: 'JSONEachRow',
      });
    }
    await client.command({
      query: `DELETE FROM ${INVOICE_LINES_TABLE} WHERE month = {month:Date} AND run_version < {run:UInt64}`,
      query_params: { month: monthStartDate(month), run: runVersion },
    });
  } catch (error) {
    throw toClickHouseError(error);
  }
}

export interface InvoiceFilter {
  readonly month?: string;
  readonly invoiceId?: string;
  readonly customerId?: string;
}

/** The current documents (latest run of each month) matching the filter, with their lines. */
export async function readCurrentInvoices(
  client: ClickHouseClient,
  filter: InvoiceFilter,
): Promise<InvoiceDocument[]> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.month !== undefined) {
    where.push('month = {month:Date}');
    params['month'] = monthStartDate(filter.month);
  }
  if (filter.invoiceId !== undefined) {
    where.push('invoice_id = {invoiceId:String}');
    params['invoiceId'] = filter.invoiceId;
  }
  if (filter.customerId !== undefined) {
    where.push('customer_id = {customerId:String}');
    params['customerId'] = filter.customerId;
  }
  const condition = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const invoices = await select<InvoiceRow>(
    client,
    `SELECT invoice_id, kind, month, customer_id, customer_name, status, invoice_date, due_date, currency,
            total_excl_vat, vat_amount, total_incl_vat, vat_breakdown, line_count, reference_version,
            run_version, computed_at
     FROM invoices_current ${condition}
     ORDER BY customer_id, kind, invoice_id`,
    params,
  );
  if (invoices.length === 0) return [];
  const lines = await select<InvoiceLineRow>(
    client,
    `SELECT invoice_id, month, customer_id, run_version, line_no, kind, service, label, account_id,
            period_start, period_end, quantity, unit, unit_price, amount, vat_rate, evidence, calls, computed_at
     FROM invoice_lines_current
     WHERE invoice_id IN {ids:Array(String)}
     ORDER BY invoice_id, line_no`,
    { ids: invoices.map((i) => i.invoice_id) },
  );
  return documentsOfRows(invoices, lines);
}
