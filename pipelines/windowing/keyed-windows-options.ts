import { field, type OptionsOf } from '../config/options.ts';

export const keyedWindowsOptionsSpec = {
  allowedLatenessMs: field.integer({
    default: 0,
    min: 0,
    doc: 'how long after the watermark passed its end a window still accepts records (each one re-fires it as a late update); later records go to the late sink',
  }),
};
export type KeyedWindowsOptions = OptionsOf<typeof keyedWindowsOptionsSpec>;
