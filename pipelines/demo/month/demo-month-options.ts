import { field, parseOptions, type OptionsOf } from '../../config/options.ts';

/** What the generated demo month is: which Paris month, how many SIP accounts, which random sequence. */
export const demoMonthOptionsSpec = {
  month: field.string({
    default: '2026-03',
    pattern: /^\d{4}-(0[1-9]|1[0-2])$/,
    env: 'DEMO_MONTH',
    doc:
      'Europe/Paris calendar month YYYY-MM of the generated traffic (the default, 2026-03, has the DST change ' +
      'of 29 March and matches infra/reference/demo)',
  }),
  accounts: field.integer({
    default: 300,
    min: 40,
    max: 5000,
    env: 'DEMO_ACCOUNTS',
    doc: 'SIP accounts in the demo population (the scenario accounts included; at least 40)',
  }),
  seed: field.integer({
    default: 42,
    min: 0,
    max: 4_294_967_295,
    env: 'DEMO_SEED',
    doc: 'seed of the traffic: the same month, accounts and seed give the same records on every machine',
  }),
};
export type DemoMonthOptions = OptionsOf<typeof demoMonthOptionsSpec>;

/** The population (customers, accounts, devices) depends on these only: the seed changes the traffic, not who calls. */
export type DemoPopulationOptions = Pick<DemoMonthOptions, 'month' | 'accounts'>;

export function parseDemoMonthOptions(input: Readonly<Record<string, unknown>> = {}): DemoMonthOptions {
  return parseOptions('demoMonth', demoMonthOptionsSpec, input);
}
