import { parseArgs } from 'node:util';
import type { ClickHouseClient } from '@clickhouse/client';
import { computeAvailabilityMonth } from '../../availability/availability-month.ts';
import { formatAvailabilityReport } from '../../availability/availability-report.ts';
import {
  loadIncidents,
  readServiceAvailability,
  storeServiceAvailability,
} from '../../availability/availability-store.ts';
import { CAP_LOOKBACK_MONTHS } from '../../availability/availability-month.ts';
import { timeToRepair } from '../../availability/time-to-repair.ts';
import { ticketIntervalInMonth } from '../../availability/service-month.ts';
import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
import { PipelineError, errorMessage } from '../../core/errors.ts';
import { loadReferenceData } from '../../reference/load-reference-data.ts';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../../reports/report-formats.ts';
import { isParisMonth, parisMonthBoundsMs, previousParisMonth } from '../../time/paris-calendar.ts';
import type { Command } from '../command.ts';

export interface AvailabilityArguments {
  /** `YYYY-MM`, a Europe/Paris calendar month. */
  readonly month: string;
  readonly customerId?: string;
  readonly format: ReportFormat;
  /** The computation bound (open failures run to it); now when absent. */
  readonly until?: Date;
}

/** Months ClickHouse's Date type holds (1970-01-01 to 2149-06-06). */
const FIRST_MONTH = '1970-01';
const LAST_MONTH = '2149-06';

/**
 * Parses `--month YYYY-MM [--customer ID] [--format table|json|csv] [--until ISO-INSTANT]`; fails with USAGE
 * saying what is wrong.
 */
export function parseAvailabilityArguments(args: readonly string[]): AvailabilityArguments {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      options: {
        month: { type: 'string' },
        customer: { type: 'string' },
        format: { type: 'string' },
        until: { type: 'string' },
      },
    }));
  } catch (error) {
    throw usage(errorMessage(error));
  }
  const { month, customer, format = 'table', until } = values;
  if (month === undefined) throw usage('--month YYYY-MM is required');
  if (!isParisMonth(month))
    throw usage(`--month must be YYYY-MM (e.g. 2026-03), got ${JSON.stringify(month)}`);
  if (month < FIRST_MONTH || month > LAST_MONTH)
    throw usage(
      `--month ${month} is outside the months ClickHouse dates cover (${FIRST_MONTH} to ${LAST_MONTH})`,
    );
  if (customer === '') throw usage('--customer needs a value');
  if (!isReportFormat(format))
    throw usage(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  let untilDate: Date | undefined;
  if (until !== undefined) {
    untilDate = new Date(until);
    if (!/T.*(Z|[+-]\d{2}:\d{2})$/.test(until) || Number.isNaN(untilDate.getTime()))
      throw usage(`--until must be an ISO 8601 instant with Z or an offset, got ${JSON.stringify(until)}`);
  }
  return {
    month,
    ...(customer === undefined ? {} : { customerId: customer }),
    format,
    ...(untilDate === undefined ? {} : { until: untilDate }),
  };
}

function usage(message: string): PipelineError {
  return new PipelineError('USAGE', message);
}

function lookbackStart(month: string): string {
  let first = month;
  for (let i = 0; i < CAP_LOOKBACK_MONTHS; i++) first = previousParisMonth(first);
  return first;
}

async function withClient<T>(
  context: Parameters<Command['run']>[1],
  work: (client: ClickHouseClient) => Promise<T>,
): Promise<T> {
  const client = await createClickHouseClient(context.config.clickhouse, context.logger);
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

export const availabilityRunCommand: Command = {
  name: 'availability run',
  summary: 'compute availability and SLA credit rates per customer and service for a month, store them',
  usage: 'availability run --month YYYY-MM [--until ISO-INSTANT] [--format table|json|csv]',
  async run(args, context) {
    const options = parseAvailabilityArguments(args);
    if (options.customerId !== undefined) throw usage('--customer is for `availability report` only');
    const until = options.until ?? new Date();
    const reference = await loadReferenceData(context.config.reference.directory);
    return withClient(context, async (client) => {
      await prepareDatabase(client, context.config.clickhouse, context.logger);
      const tickets = await loadIncidents(client, options.month, lookbackStart(options.month));
      const result = computeAvailabilityMonth({
        month: options.month,
        tickets,
        customers: reference.customers,
        until,
      });
      await storeServiceAvailability(client, options.month, result.rows, new Date());
      if (result.unknownCustomers.length > 0) {
        context.logger.warn(
          { customers: result.unknownCustomers },
          'tickets of customers missing from the reference data: rows stored as not eligible',
        );
      }
      context.logger.info(
        { month: options.month, rows: result.rows.length, tickets: tickets.length },
        'availability stored',
      );
      const report = { month: options.month, customerId: null, rows: result.rows, repairs: result.repairs };
      context.out(formatAvailabilityReport(report, options.format).replace(/\n$/, ''));
      return 0;
    });
  },
};

export const availabilityReportCommand: Command = {
  name: 'availability report',
  summary: 'the stored availability and credit rates of a month, with times to repair',
  usage: 'availability report --month YYYY-MM [--customer ID] [--format table|json|csv]',
  async run(args, context) {
    const options = parseAvailabilityArguments(args);
    const until = options.until ?? new Date();
    return withClient(context, async (client) => {
      const rows = await readServiceAvailability(client, options.month, options.customerId);
      const bounds = parisMonthBoundsMs(options.month);
      const repairs = (await loadIncidents(client, options.month))
        .filter((t) => options.customerId === undefined || t.customerId === options.customerId)
        .filter((t) => ticketIntervalInMonth(t, bounds, until) !== undefined)
        .map((t) => timeToRepair(t, until));
      const report = { month: options.month, customerId: options.customerId ?? null, rows, repairs };
      context.out(formatAvailabilityReport(report, options.format).replace(/\n$/, ''));
      return 0;
    });
  },
};
