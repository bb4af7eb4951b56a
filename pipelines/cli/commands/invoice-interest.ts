import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { PipelineError } from '../../core/errors.ts';
import { readCurrentInvoices } from '../../invoicing/invoice-store.ts';
import { lateInterest, type LateInterest } from '../../invoicing/late-interest.ts';
import { DEFAULT_ECB_RATES_FILE, loadBillingData, loadEcbRates } from '../../invoicing/load-billing-data.ts';
import type { Command } from '../command.ts';
import { checkDateFlag, checkFormatFlag, parseInvoiceFlags } from './invoice-args.ts';

const FLAGS = ['--invoice', '--paid-on', '--billing-dir', '--ecb-rates', '--format'] as const;

export function formatLateInterest(interest: LateInterest, dueDate: string, amountDue: string): string[] {
  return [
    `late interest on ${interest.invoiceId} (due ${dueDate}, ${amountDue} EUR incl. VAT, disputed in good faith ${interest.excludedDisputed.toFixed(2)}):`,
    ...interest.periods.map(
      (p) =>
        `  ${p.from} .. ${p.to}  ${String(p.days).padStart(4)} day(s)  on ${p.base.toFixed(2)}  at ${p.annualRatePercent.toFixed()} % (ECB ${p.ecbRatePercent.toFixed()} + 10)  = ${p.interest.toDecimalPlaces(6).toFixed()}`,
    ),
    `  total ${interest.interest.toFixed(2)} EUR (exact ${interest.exactInterest.toDecimalPlaces(10).toFixed()}, rounded half-up once)`,
  ];
}

export const invoiceInterestCommand: Command = {
  name: 'invoice interest',
  summary: 'late-payment interest of an invoice paid on a given day (ECB rate + 10 points, actual/365)',
  usage:
    'invoice interest --invoice ID --paid-on YYYY-MM-DD [--billing-dir DIR] [--ecb-rates FILE] [--format text|json]',
  async run(args, { config, logger, out }) {
    const values = parseInvoiceFlags(args, FLAGS, ['--invoice', '--paid-on']);
    const invoiceId = values.get('--invoice') ?? '';
    const paidOn = checkDateFlag('--paid-on', values.get('--paid-on') ?? '');
    const format = checkFormatFlag(values.get('--format'));
    const billing = await loadBillingData(values.get('--billing-dir'));
    const rates = await loadEcbRates(values.get('--ecb-rates') ?? DEFAULT_ECB_RATES_FILE);
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      const [invoice] = await readCurrentInvoices(client, { invoiceId });
      if (invoice === undefined) throw new PipelineError('INVALID_ARGUMENT', `no invoice ${invoiceId}`);
      const interest = lateInterest({
        invoiceId,
        amountDue: invoice.totals.totalInclVat,
        dueDate: invoice.dueDate,
        paidOn,
        payments: billing.payments,
        disputes: billing.disputes,
        rates,
      });
      if (format === 'json') {
        out(
          JSON.stringify({
            invoiceId,
            dueDate: invoice.dueDate,
            paidOn,
            amountDue: invoice.totals.totalInclVat.toFixed(2),
            excludedDisputed: interest.excludedDisputed.toFixed(2),
            periods: interest.periods.map((p) => ({
              from: p.from,
              to: p.to,
              days: p.days,
              base: p.base.toFixed(2),
              ecbRatePercent: p.ecbRatePercent.toFixed(),
              annualRatePercent: p.annualRatePercent.toFixed(),
              interest: p.interest.toFixed(),
            })),
            interest: interest.interest.toFixed(2),
          }),
        );
      } else {
        for (const line of formatLateInterest(
          interest,
          invoice.dueDate,
          invoice.totals.totalInclVat.toFixed(2),
        ))
          out(line);
      }
      return 0;
    } finally {
      await client.close();
    }
  },
};
