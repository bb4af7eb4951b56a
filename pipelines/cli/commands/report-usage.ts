import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { queryUsage, type UsageReport } from '../../clickhouse/rating-store.ts';
import { PipelineError } from '../../core/errors.ts';
import {
  formatUsageReport,
  isReportFormat,
  REPORT_FORMATS,
  type ReportFormat,
} from '../../reports/report-formats.ts';
import { buildUsageReport } from '../../reports/usage-report.ts';
import type { Command } from '../command.ts';

export interface ReportUsageArguments {
  /** `YYYY-MM`, a Europe/Paris calendar month. */
  readonly month: string;
  readonly customerId?: string;
  readonly accountId?: string;
  readonly format: ReportFormat;
}

const FLAGS = ['--month', '--customer', '--account', '--format'] as const;
type Flag = (typeof FLAGS)[number];

/** Months ClickHouse's Date type holds (1970-01-01 to 2149-06-06). */
const FIRST_MONTH = '1970-01';
const LAST_MONTH = '2149-06';

/**
 * Parses `--month YYYY-MM [--customer ID | --account ID] [--format table|json|csv]` (also `--flag=value`).
 * Fails with USAGE, saying what is wrong: a missing or repeated flag, a flag without value, an unknown
 * flag or a stray argument, a month that is not `YYYY-MM` or not a calendar month, both --customer and
 * --account, an unknown format.
 */
export function parseReportUsageArguments(args: readonly string[]): ReportUsageArguments {
  const values = new Map<Flag, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw usage(`unexpected argument ${JSON.stringify(arg)}`);
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (!isFlag(name)) throw usage(`unknown option ${name} (options: ${FLAGS.join(', ')})`);
    let value: string | undefined;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      value = args[i + 1];
      if (value !== undefined && !value.startsWith('--')) i++;
      else value = undefined;
    }
    if (value === undefined || value === '') throw usage(`${name} needs a value`);
    if (values.has(name)) throw usage(`${name} given more than once`);
    values.set(name, value);
  }
  const month = values.get('--month');
  if (month === undefined) throw usage('--month YYYY-MM is required');
  checkMonth(month);
  const customerId = values.get('--customer');
  const accountId = values.get('--account');
  if (customerId !== undefined && accountId !== undefined) {
    throw usage('--customer and --account exclude each other: give one or neither');
  }
  const format = values.get('--format') ?? 'table';
  if (!isReportFormat(format)) {
    throw usage(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  return {
    month,
    ...(customerId === undefined ? {} : { customerId }),
    ...(accountId === undefined ? {} : { accountId }),
    format,
  };
}

function checkMonth(month: string): void {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (match === null) throw usage(`--month must be YYYY-MM (e.g. 2026-03), got ${JSON.stringify(month)}`);
  const monthNumber = Number(match[2]);
  if (monthNumber < 1 || monthNumber > 12) {
    throw usage(`--month ${month} is not a calendar month (months run from 01 to 12)`);
  }
  if (month < FIRST_MONTH || month > LAST_MONTH) {
    throw usage(
      `--month ${month} is outside the months ClickHouse dates cover (${FIRST_MONTH} to ${LAST_MONTH})`,
    );
  }
}

function isFlag(name: string): name is Flag {
  return (FLAGS as readonly string[]).includes(name);
}

function usage(message: string): PipelineError {
  return new PipelineError('USAGE', message);
}

/** ClickHouse's UNKNOWN_TABLE: the database has not been migrated. */
const UNKNOWN_TABLE = 60;

async function readUsage(
  client: ClickHouseClient,
  options: ReportUsageArguments,
  database: string,
): Promise<UsageReport> {
  try {
    return await queryUsage(client, {
      month: options.month,
      ...(options.customerId === undefined ? {} : { customerId: options.customerId }),
      ...(options.accountId === undefined ? {} : { accountId: options.accountId }),
    });
  } catch (error) {
    if (error instanceof PipelineError && error.details['clickhouseCode'] === UNKNOWN_TABLE) {
      throw new PipelineError(
        'CLICKHOUSE_QUERY_FAILED',
        `database ${database} has no usage tables: run \`cdr-pipeline db migrate\` first`,
        { cause: error, details: error.details },
      );
    }
    throw error;
  }
}

export const reportUsageCommand: Command = {
  name: 'report usage',
  summary: 'monthly usage per account and customer: minutes in and off plan, amounts, breaches',
  usage: 'report usage --month YYYY-MM [--customer ID | --account ID] [--format table|json|csv]',
  async run(args, { config, logger, out }) {
    const options = parseReportUsageArguments(args);
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      const usage = await readUsage(client, options, config.clickhouse.database);
      const report = buildUsageReport(usage, options);
      logger.debug(
        { month: options.month, accounts: report.totals.accountCount, format: options.format },
        'usage report read',
      );
      // `out` ends each write with '\n': the document's own final '\n' is left to it (CSV keeps its CRLF).
      out(formatUsageReport(report, options.format).replace(/\n$/, ''));
      return 0;
    } finally {
      await client.close();
    }
  },
};
