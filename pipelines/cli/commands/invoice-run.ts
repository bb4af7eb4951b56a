import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { runInvoiceMonth } from '../../invoicing/run-invoice-month.ts';
import type { Command } from '../command.ts';
import { checkMonthFlag, parseInvoiceFlags } from './invoice-args.ts';

const FLAGS = ['--month', '--billing-dir', '--reference-dir', '--out'] as const;

export interface InvoiceRunArguments {
  readonly month: string;
  readonly billingDirectory?: string;
  readonly referenceDirectory?: string;
  readonly outDirectory?: string;
}

export function parseInvoiceRunArguments(args: readonly string[]): InvoiceRunArguments {
  const values = parseInvoiceFlags(args, FLAGS, ['--month']);
  const billing = values.get('--billing-dir');
  const reference = values.get('--reference-dir');
  const out = values.get('--out');
  return {
    month: checkMonthFlag('--month', values.get('--month') ?? ''),
    ...(billing === undefined ? {} : { billingDirectory: billing }),
    ...(reference === undefined ? {} : { referenceDirectory: reference }),
    ...(out === undefined ? {} : { outDirectory: out }),
  };
}

export const invoiceRunCommand: Command = {
  name: 'invoice run',
  summary:
    'draft invoices of a month: subscriptions, fees, usage, fair-use complementary invoices, SLA credits',
  usage: 'invoice run --month YYYY-MM [--billing-dir DIR] [--reference-dir DIR] [--out DIR]',
  async run(args, { config, logger, out }) {
    const options = parseInvoiceRunArguments(args);
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      const { summary } = await runInvoiceMonth(
        client,
        {
          month: options.month,
          referenceDirectory: options.referenceDirectory ?? config.reference.directory,
          ...(options.billingDirectory === undefined ? {} : { billingDirectory: options.billingDirectory }),
          ...(options.outDirectory === undefined ? {} : { outDirectory: options.outDirectory }),
          now: new Date(),
        },
        logger,
      );
      out(
        `invoice run ${summary.month} (run ${summary.runVersion}): ${summary.invoices} invoice(s), ` +
          `${summary.complementaryInvoices} complementary invoice(s), total incl. VAT ${summary.totalInclVat} EUR`,
      );
      for (const warning of summary.warnings) out(`warning: ${warning}`);
      for (const file of summary.files) out(`wrote ${file}`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
