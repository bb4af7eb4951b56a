import { parseArgs } from 'node:util';
import { PipelineError, errorMessage } from '../../core/errors.ts';
import type { Command } from '../command.ts';

function parse(
  args: readonly string[],
  options: Record<string, { type: 'string' }>,
): Record<string, string | undefined> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: false }).values;
  } catch (error) {
    throw new PipelineError('USAGE', errorMessage(error));
  }
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new PipelineError('USAGE', `--${name} needs a positive integer`);
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'embedded default: rate a generated month (breaches of every kind) into chDB and print the usage report',
  usage: 'demo [--month YYYY-MM] [--accounts N] [--seed N]',
  async run(args, context) {
    const values = parse(args, {
      month: { type: 'string' },
      accounts: { type: 'string' },
      seed: { type: 'string' },
    });
    const month = values['month'] ?? '2026-03';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new PipelineError('USAGE', '--month must be YYYY-MM');
    const { runMonthDemo } = await import('../../demo/run-month-demo.ts');
    const ok = await runMonthDemo(
      {
        month,
        accounts: positive(values['accounts'], 'accounts', 300),
        seed: positive(values['seed'], 'seed', 42),
      },
      context,
    );
    return ok ? 0 : 1;
  },
};

export const demoIngestCommand: Command = {
  name: 'demo ingest',
  summary: 'embedded Kafka path with no server: local broker, registry double, chDB; prints what it measured',
  usage: 'demo ingest [--records N] [--accounts N]',
  async run(args, context) {
    const values = parse(args, { records: { type: 'string' }, accounts: { type: 'string' } });
    // Loaded here, not at the top: the local infrastructure needs build tools the Docker image does not ship.
    const { runDemo } = await import('../../demo/run-demo.ts');
    await runDemo(
      {
        records: positive(values['records'], 'records', 20_000),
        accounts: positive(values['accounts'], 'accounts', 300),
      },
      context,
    );
    return 0;
  },
};
