import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { PipelineError } from '../../core/errors.ts';
import { queryMonthlyBilled } from '../../invoicing/billing-queries.ts';
import { loadBillingData } from '../../invoicing/load-billing-data.ts';
import { terminationFee } from '../../invoicing/termination-fee.ts';
import { loadReferenceData } from '../../reference/load-reference-data.ts';
import type { Command } from '../command.ts';
import { checkDateFlag, checkFormatFlag, parseInvoiceFlags, usage } from './invoice-args.ts';

const FLAGS = [
  '--customer',
  '--on',
  '--billing-dir',
  '--reference-dir',
  '--initial-months',
  '--format',
] as const;

export const invoiceTerminationFeeCommand: Command = {
  name: 'invoice termination-fee',
  summary: 'early-termination fees: remaining months of the initial period x average monthly amount billed',
  usage:
    'invoice termination-fee --customer ID --on YYYY-MM-DD [--billing-dir DIR | --initial-months N] [--reference-dir DIR] [--format text|json]',
  async run(args, { config, logger, out }) {
    const values = parseInvoiceFlags(args, FLAGS, ['--customer', '--on']);
    const customerId = values.get('--customer') ?? '';
    const on = checkDateFlag('--on', values.get('--on') ?? '');
    const format = checkFormatFlag(values.get('--format'));
    const reference = await loadReferenceData(values.get('--reference-dir') ?? config.reference.directory);
    const customer = reference.customer(customerId);
    if (customer === undefined)
      throw new PipelineError('INVALID_ARGUMENT', `no customer ${customerId} in the reference data`);
    const monthsFlag = values.get('--initial-months');
    let initialPeriodMonths: number;
    if (monthsFlag !== undefined) {
      if (!/^[1-9]\d{0,3}$/.test(monthsFlag))
        throw usage(`--initial-months must be a whole number >= 1, got ${monthsFlag}`);
      initialPeriodMonths = Number(monthsFlag);
    } else {
      const billing = await loadBillingData(values.get('--billing-dir'));
      const contract = billing.contracts.find((c) => c.customerId === customerId);
      if (contract === undefined) {
        throw usage(
          `no contract for ${customerId}: give --billing-dir with a contracts.yaml entry, or --initial-months`,
        );
      }
      initialPeriodMonths = contract.initialPeriodMonths;
    }
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      const fee = terminationFee({
        customerId,
        orderDate: customer.orderDate,
        initialPeriodMonths,
        terminationDate: on,
        billed: await queryMonthlyBilled(client, customerId),
      });
      if (format === 'json') {
        out(
          JSON.stringify({
            customerId,
            terminationDate: on,
            orderDate: customer.orderDate,
            initialPeriodMonths,
            initialPeriodEnd: fee.initialPeriodEnd,
            remainingMonths: fee.remainingMonths,
            monthsAveraged: fee.monthsAveraged,
            averageMonthlyAmount: fee.averageMonthlyAmount.toFixed(),
            fee: fee.fee.toFixed(2),
          }),
        );
      } else {
        out(
          `termination fee for ${customerId} terminating on ${on} (ordered ${customer.orderDate}, initial period ${initialPeriodMonths} months to ${fee.initialPeriodEnd}):`,
        );
        out(`  remaining months: ${fee.remainingMonths}`);
        out(
          `  months averaged: ${fee.monthsAveraged.length === 0 ? '(none billed)' : fee.monthsAveraged.join(', ')}`,
        );
        out(`  average monthly amount excl. VAT: ${fee.averageMonthlyAmount.toDecimalPlaces(6).toFixed()}`);
        out(`  fee excl. VAT: ${fee.fee.toFixed(2)} EUR`);
      }
      return 0;
    } finally {
      await client.close();
    }
  },
};
