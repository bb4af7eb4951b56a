import { PipelineError } from '../core/errors.ts';
import { logOptionsSpec } from '../core/logger-options.ts';
import { clickHouseOptionsSpec } from '../clickhouse/options.ts';
import { consumerGroupOptionsSpec, kafkaOptionsSpec } from '../kafka/kafka-options.ts';
import { schemaRegistryOptionsSpec } from '../schema-registry/options.ts';
import { ingestOptionsSpec } from '../ingest/ingest-options.ts';
import { numberingOptionsSpec } from '../numbering/numbering-options.ts';
import { referenceOptionsSpec } from '../reference/reference-options.ts';
import { fairUseOptionsSpec } from '../fair-use/fair-use-options.ts';
import { ratingOptionsSpec } from '../rating-job/rating-options.ts';
import { ratingJobOptionsSpec } from '../rating-job/rating-job-options.ts';
import { fraudActionsOptionsSpec } from '../fraud-actions/fraud-actions-options.ts';
import { incidentsOptionsSpec } from '../incidents/incident-options.ts';
import { fraudDetectorOptionsSpec } from '../fraud/fraud-detector-options.ts';
import { fraudJobOptionsSpec } from '../fraud-job/fraud-job-options.ts';
import { readConfigFile, type ConfigSections } from './config-file.ts';
import { resolveOptions, type OptionsOf, type Spec } from './options.ts';

/** Every configurable component, by config-file section name. Defaults live in each spec. */
export const appConfigSpecs = {
  log: logOptionsSpec,
  kafka: kafkaOptionsSpec,
  consumer: consumerGroupOptionsSpec,
  schemaRegistry: schemaRegistryOptionsSpec,
  clickhouse: clickHouseOptionsSpec,
  ingest: ingestOptionsSpec,
  numbering: numberingOptionsSpec,
  reference: referenceOptionsSpec,
  fairUse: fairUseOptionsSpec,
  rating: ratingOptionsSpec,
  ratingJob: ratingJobOptionsSpec,
  fraudDetector: fraudDetectorOptionsSpec,
  fraudActions: fraudActionsOptionsSpec,
  fraudJob: fraudJobOptionsSpec,
  incidents: incidentsOptionsSpec,
} as const;

type Specs = typeof appConfigSpecs;
export type AppConfig = { readonly [K in keyof Specs]: OptionsOf<Specs[K]> };

export const CONFIG_FILE_ENV = 'CDR_PIPELINE_CONFIG';

/**
 * Reads the configuration once, at the edge: defaults, then the optional config file, then the
 * environment. Unknown sections and keys are rejected; every problem is reported in one error.
 */
export async function loadAppConfig(
  env: Readonly<Record<string, string | undefined>>,
  configFile: string | undefined = env[CONFIG_FILE_ENV],
): Promise<AppConfig> {
  const file: ConfigSections =
    configFile === undefined || configFile === '' ? {} : await readConfigFile(configFile);
  const unknown = Object.keys(file).filter((name) => !Object.hasOwn(appConfigSpecs, name));
  if (unknown.length > 0) {
    throw new PipelineError(
      'CONFIG_UNKNOWN_KEY',
      `config file ${configFile ?? ''}: unknown section(s) ${unknown.join(', ')}; known sections are ${Object.keys(appConfigSpecs).join(', ')}`,
    );
  }
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(appConfigSpecs) as [string, Spec][]) {
    try {
      config[name] = resolveOptions(
        name,
        spec,
        [{ values: file[name] ?? {}, source: `config file ${configFile ?? ''}` }],
        env,
      );
    } catch (error) {
      if (error instanceof PipelineError) problems.push(error.message);
      else throw error;
    }
  }
  if (problems.length > 0) throw new PipelineError('CONFIG_INVALID', problems.join('\n'));
  return config as AppConfig;
}
