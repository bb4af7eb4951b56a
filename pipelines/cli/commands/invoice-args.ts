import { PipelineError } from '../../core/errors.ts';
import { isBillingDate } from '../../invoicing/billing-dates.ts';

/**
 * Flags of the `invoice` commands: `--flag value` or `--flag=value`, each at most once, no stray
 * argument. Fails with USAGE saying what is wrong.
 */
export function parseInvoiceFlags<F extends string>(
  args: readonly string[],
  flags: readonly F[],
  required: readonly F[],
): ReadonlyMap<F, string> {
  const values = new Map<F, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) throw usage(`unexpected argument ${JSON.stringify(arg)}`);
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (!(flags as readonly string[]).includes(name))
      throw usage(`unknown option ${name} (options: ${flags.join(', ')})`);
    let value: string | undefined;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else {
      value = args[i + 1];
      if (value !== undefined && !value.startsWith('--')) i++;
      else value = undefined;
    }
    if (value === undefined || value === '') throw usage(`${name} needs a value`);
    if (values.has(name as F)) throw usage(`${name} given more than once`);
    values.set(name as F, value);
  }
  for (const flag of required) if (!values.has(flag)) throw usage(`${flag} is required`);
  return values;
}

export function checkMonthFlag(flag: string, month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (
    match === null ||
    Number(match[2]) < 1 ||
    Number(match[2]) > 12 ||
    month < '1970-02' ||
    month > '2149-05'
  ) {
    throw usage(`${flag} must be a month YYYY-MM (e.g. 2026-03), got ${JSON.stringify(month)}`);
  }
  return month;
}

export function checkDateFlag(flag: string, date: string): string {
  if (!isBillingDate(date)) throw usage(`${flag} must be a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return date;
}

export function checkFormatFlag(format: string | undefined): 'text' | 'json' {
  if (format === undefined || format === 'text') return 'text';
  if (format === 'json') return 'json';
  throw usage(`--format must be text or json, got ${JSON.stringify(format)}`);
}

export function usage(message: string): PipelineError {
  return new PipelineError('USAGE', message);
}
