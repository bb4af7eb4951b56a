import { describe, expect, it } from 'vitest';
import { parseReportUsageArguments } from '../../pipelines/cli/commands/report-usage.ts';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { runCli } from './cli-capture.ts';

function usageError(args: readonly string[]): string {
  try {
    parseReportUsageArguments(args);
  } catch (error) {
    if (error instanceof PipelineError && error.code === 'USAGE') return error.message;
    throw error;
  }
  throw new Error(`no error for ${args.join(' ')}`);
}

describe('parseReportUsageArguments', () => {
  it('reads the month, one filter and the format, table by default', () => {
    expect(parseReportUsageArguments(['--month', '2026-03'])).toEqual({ month: '2026-03', format: 'table' });
    expect(
      parseReportUsageArguments(['--customer', 'acme', '--month', '2026-03', '--format', 'csv']),
    ).toEqual({
      month: '2026-03',
      customerId: 'acme',
      format: 'csv',
    });
    expect(parseReportUsageArguments(['--month=2026-12', '--account=acme-1', '--format=json'])).toEqual({
      month: '2026-12',
      accountId: 'acme-1',
      format: 'json',
    });
  });

  it.each([
    [[], /--month YYYY-MM is required/],
    [['--month'], /--month needs a value/],
    [['--month', '--format', 'json'], /--month needs a value/],
    [['--month='], /--month needs a value/],
    [['--month', '2026-3'], /--month must be YYYY-MM \(e\.g\. 2026-03\), got "2026-3"/],
    [['--month', 'march'], /--month must be YYYY-MM/],
    [['--month', '2026-03-01'], /--month must be YYYY-MM/],
    [['--month', '2026-13'], /--month 2026-13 is not a calendar month/],
    [['--month', '2026-00'], /--month 2026-00 is not a calendar month/],
    [['--month', '1969-12'], /outside the months ClickHouse dates cover \(1970-01 to 2149-06\)/],
    [['--month', '2150-01'], /outside the months ClickHouse dates cover/],
    [
      ['--month', '2026-03', '--customer', 'a', '--account', 'b'],
      /--customer and --account exclude each other/,
    ],
    [['--month', '2026-03', '--format', 'xml'], /--format must be one of table, json, csv, got "xml"/],
    [['--month', '2026-03', '--month', '2026-04'], /--month given more than once/],
    [
      ['--month', '2026-03', '--cutsomer', 'a'],
      /unknown option --cutsomer \(options: --month, --customer, --account, --format\)/,
    ],
    [['--month', '2026-03', '-f', 'csv'], /unexpected argument "-f"/],
    [['--month', '2026-03', 'acme'], /unexpected argument "acme"/],
  ] as const)('rejects %j', (args, message) => {
    expect(usageError(args)).toMatch(message);
  });
});

describe('cdr-pipeline report usage: usage errors', () => {
  it('exits with 2 and prints the reason and the usage on stderr, nothing on stdout', async () => {
    const run = await runCli(['report', 'usage', '--month', '2026-13'], { LOG_LEVEL: 'silent' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '--month 2026-13 is not a calendar month (months run from 01 to 12)\n' +
        'usage: cdr-pipeline report usage --month YYYY-MM [--customer ID | --account ID] [--format table|json|csv]\n',
    });
  });

  it('rejects unknown flags and exclusive filters the same way', async () => {
    const unknown = await runCli(['report', 'usage', '--month', '2026-03', '--verbose'], {
      LOG_LEVEL: 'silent',
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown option --verbose/);
    const both = await runCli(
      ['report', 'usage', '--month', '2026-03', '--customer', 'a', '--account', 'b'],
      {
        LOG_LEVEL: 'silent',
      },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^--customer and --account exclude each other/);
  });

  it('is listed in the help', async () => {
    const run = await runCli(['help'], { LOG_LEVEL: 'silent' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('report usage --month YYYY-MM');
  });
});
