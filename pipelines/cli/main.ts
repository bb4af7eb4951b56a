import { PipelineError, errorMessage } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { loadAppConfig } from '../config/app-config.ts';
import type { Command } from './command.ts';
import { accountHistoryCommand } from './commands/account-history.ts';
import { accountReinstateCommand } from './commands/account-reinstate.ts';
import { availabilityReportCommand, availabilityRunCommand } from './commands/availability.ts';
import { dbMigrateCommand } from './commands/db-migrate.ts';
import { detectCommand } from './commands/detect.ts';
import { demoCommand, demoIngestCommand } from './commands/demo.ts';
import { importCommand } from './commands/import.ts';
import { incidentsImportCommand, incidentsIngestCommand } from './commands/incidents.ts';
import { ingestCommand } from './commands/ingest.ts';
import { rateCommand } from './commands/rate.ts';
import { invoiceInterestCommand } from './commands/invoice-interest.ts';
import { invoiceRunCommand } from './commands/invoice-run.ts';
import { invoiceTerminationFeeCommand } from './commands/invoice-termination-fee.ts';
import { reportUsageCommand } from './commands/report-usage.ts';

const commands: readonly Command[] = [
  demoCommand,
  demoIngestCommand,
  importCommand,
  ingestCommand,
  rateCommand,
  detectCommand,
  dbMigrateCommand,
  reportUsageCommand,
  incidentsIngestCommand,
  incidentsImportCommand,
  availabilityRunCommand,
  availabilityReportCommand,
  invoiceRunCommand,
  invoiceInterestCommand,
  invoiceTerminationFeeCommand,
  accountReinstateCommand,
  accountHistoryCommand,
];

const USAGE_COLUMN = 52;

function usage(): string {
  // A usage too long for the column gets the summary on the next line.
  const lines = commands.map((c) =>
    c.usage.length <= USAGE_COLUMN
      ? `  ${c.usage.padEnd(USAGE_COLUMN)} ${c.summary}`
      : `  ${c.usage}\n  ${' '.repeat(USAGE_COLUMN)} ${c.summary}`,
  );
  return [
    'usage: cdr-pipeline [--config FILE] <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Configuration: defaults, then the YAML/JSON file given by --config or CDR_PIPELINE_CONFIG, then the environment',
    '(KAFKA_BROKERS, SCHEMA_REGISTRY_URL, CLICKHOUSE_URL, CLICKHOUSE_DATA_PATH, LOG_LEVEL, ...).',
  ].join('\n');
}

function findCommand(words: readonly string[]): { command: Command; args: readonly string[] } | undefined {
  for (const command of [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)) {
    const name = command.name.split(' ');
    if (name.every((word, i) => words[i] === word)) return { command, args: words.slice(name.length) };
  }
  return undefined;
}

/** Parses global flags, reads the configuration once, runs one command. Returns the exit code. */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const words = [...argv];
  let configFile: string | undefined;
  const configIndex = words.indexOf('--config');
  if (configIndex >= 0) {
    configFile = words[configIndex + 1];
    if (configFile === undefined) {
      console.error('--config needs a file path');
      return 2;
    }
    words.splice(configIndex, 2);
  }
  if (words.length === 0 || words[0] === 'help' || words[0] === '--help' || words[0] === '-h') {
    console.log(usage());
    return words.length === 0 ? 2 : 0;
  }
  const found = findCommand(words);
  if (found === undefined) {
    console.error(`unknown command: ${words.join(' ')}\n\n${usage()}`);
    return 2;
  }
  let config;
  try {
    config = await loadAppConfig(env, configFile);
  } catch (error) {
    console.error(`configuration error: ${errorMessage(error)}`);
    return 2;
  }
  const logger = createLogger(config.log);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping');
    controller.abort(signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await found.command.run(found.args, {
      config,
      logger,
      env,
      signal: controller.signal,
      out: (line) => {
        process.stdout.write(`${line}\n`);
      },
    });
  } catch (error) {
    if (error instanceof PipelineError && error.code === 'USAGE') {
      console.error(`${error.message}\nusage: cdr-pipeline ${found.command.usage}`);
      return 2;
    }
    logger.fatal({ err: error }, `${found.command.name} failed`);
    console.error(`cdr-pipeline ${found.command.name}: ${errorMessage(error)}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    logger.flush();
  }
}
