import { field, type OptionsOf } from '../config/options.ts';

export const logOptionsSpec = {
  level: field.enum({
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    default: 'info',
    env: 'LOG_LEVEL',
    doc: 'pino log level',
  }),
  name: field.string({ default: 'cdr-pipeline', doc: 'logger name, the `name` field of every line' }),
};
export type LogOptions = OptionsOf<typeof logOptionsSpec>;
