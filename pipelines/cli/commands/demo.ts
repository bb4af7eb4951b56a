import { PipelineError } from '../../core/errors.ts';
import type { Command } from '../command.ts';

function intArgument(args: readonly string[], name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new PipelineError('USAGE', `${name} needs a positive integer`);
  return value;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'embedded run with no server: local broker, registry double, chDB; prints what it measured',
  usage: 'demo [--records N] [--accounts N]',
  async run(args, context) {
    const known = new Set(['--records', '--accounts']);
    for (let i = 0; i < args.length; i += 2) {
      const flag = args[i] ?? '';
      if (!known.has(flag)) throw new PipelineError('USAGE', `unknown option ${flag}`);
    }
    // Loaded here, not at the top: the local infrastructure needs build tools the Docker image does not ship.
    const { runDemo } = await import('../../demo/run-demo.ts');
    await runDemo(
      { records: intArgument(args, '--records', 20_000), accounts: intArgument(args, '--accounts', 300) },
      context,
    );
    return 0;
  },
};
