import { field, type OptionsOf } from '../config/options.ts';

export const referenceOptionsSpec = {
  directory: field.string({
    default: 'infra/reference/sample',
    env: 'CDR_REFERENCE_DIR',
    doc: 'directory of the reference data (customers, SIP accounts, plans, devices, tariffs); see infra/reference/README.md',
  }),
  watch: field.boolean({
    default: false,
    env: 'CDR_REFERENCE_WATCH',
    doc: 'reload the reference data when a file of the directory changes',
  }),
  debounceMs: field.integer({
    default: 500,
    min: 0,
    max: 60_000,
    env: 'CDR_REFERENCE_DEBOUNCE_MS',
    doc: 'quiet time after the last file change before reloading, in milliseconds',
  }),
};
export type ReferenceOptions = OptionsOf<typeof referenceOptionsSpec>;
