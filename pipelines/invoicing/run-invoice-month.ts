import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../core/logger.ts';
import { loadReferenceData } from '../reference/load-reference-data.ts';
import { ZERO } from './billing-decimal.ts';
import { previousMonth } from './billing-dates.ts';
import {
  queryBreaches,
  queryFairUseCalls,
  querySlaAvailability,
  queryUsageAmounts,
} from './billing-queries.ts';
import { buildMonthInvoices, type MonthBillingResult } from './build-month-invoices.ts';
import { formatInvoiceLinesCsv, formatInvoicesCsv } from './invoice-csv.ts';
import { formatInvoiceHtml } from './invoice-html.ts';
import { formatInvoicesJson } from './invoice-json.ts';
import type { InvoiceDocument } from './invoice-model.ts';
import { nextRunVersion, readCurrentInvoices, storeInvoiceRun } from './invoice-store.ts';
import { loadBillingData } from './load-billing-data.ts';

export interface InvoiceRunOptions {
  /** `YYYY-MM`: the invoice month. */
  readonly month: string;
  readonly referenceDirectory: string;
  readonly billingDirectory?: string;
  /** Where to write the JSON, CSV and HTML exports; none when undefined. */
  readonly outDirectory?: string;
  /** The run's clock (run version, computed_at). */
  readonly now: Date;
}

export interface InvoiceRunSummary {
  readonly month: string;
  readonly runVersion: number;
  readonly invoices: number;
  readonly complementaryInvoices: number;
  /** Sum of the documents' totals including VAT. */
  readonly totalInclVat: string;
  readonly warnings: readonly string[];
  readonly files: readonly string[];
}

/**
 * `invoice run`: loads the reference and billing data, reads the usage, breaches and availability of the
 * previous month from ClickHouse, builds the month's drafts, stores them as a new run (replacing the
 * month's previous drafts), reads them back and writes the exports from what was stored.
 */
export async function runInvoiceMonth(
  client: ClickHouseClient,
  options: InvoiceRunOptions,
  logger: Logger,
): Promise<{
  readonly result: MonthBillingResult;
  readonly stored: readonly InvoiceDocument[];
  readonly summary: InvoiceRunSummary;
}> {
  const reference = await loadReferenceData(options.referenceDirectory);
  const billing = await loadBillingData(
    options.billingDirectory,
    new Set(reference.customers.map((c) => c.id)),
  );
  const previous = previousMonth(options.month);
  const result = buildMonthInvoices({
    month: options.month,
    customers: reference.customers,
    accounts: reference.accounts,
    plans: reference.plans,
    referenceVersion: reference.version,
    billing,
    usage: await queryUsageAmounts(client, previous),
    fairUseCalls: await queryFairUseCalls(client, previous),
    breaches: await queryBreaches(client, previous),
    availability: await querySlaAvailability(client, previous),
  });
  const runVersion = await nextRunVersion(client, options.month, options.now);
  await storeInvoiceRun(client, options.month, result.documents, runVersion, options.now);
  const stored = await readCurrentInvoices(client, { month: options.month });
  for (const warning of result.warnings) logger.warn({ month: options.month }, warning);
  const files =
    options.outDirectory === undefined
      ? []
      : await writeExports(options.outDirectory, options.month, stored, result.warnings);
  const summary: InvoiceRunSummary = {
    month: options.month,
    runVersion,
    invoices: stored.filter((d) => d.kind === 'invoice').length,
    complementaryInvoices: stored.filter((d) => d.kind === 'complementary').length,
    totalInclVat: stored.reduce((t, d) => t.plus(d.totals.totalInclVat), ZERO).toFixed(2),
    warnings: result.warnings,
    files,
  };
  logger.info({ month: options.month, runVersion, documents: stored.length }, 'invoice run stored');
  return { result, stored, summary };
}

/** Writes invoices-M.json, invoices-M.csv, invoice-lines-M.csv and html/<id>.html; returns the paths. */
export async function writeExports(
  directory: string,
  month: string,
  documents: readonly InvoiceDocument[],
  warnings: readonly string[],
): Promise<string[]> {
  const html = join(directory, 'html');
  await mkdir(html, { recursive: true });
  const files: [string, string][] = [
    [join(directory, `invoices-${month}.json`), formatInvoicesJson(month, documents, warnings)],
    [join(directory, `invoices-${month}.csv`), formatInvoicesCsv(documents)],
    [join(directory, `invoice-lines-${month}.csv`), formatInvoiceLinesCsv(documents)],
    ...documents.map((d): [string, string] => [
      join(html, `${d.invoiceId.replace(/[^A-Za-z0-9._-]/g, '_')}.html`),
      formatInvoiceHtml(d),
    ]),
  ];
  for (const [path, text] of files) await writeFile(path, text, 'utf8');
  return files.map(([path]) => path);
}
