import { field, type OptionsOf } from '../config/options.ts';

export const eventTimeBufferOptionsSpec = {
  holdDelayMs: field.integer({
    default: 0,
    min: 0,
    doc: 'an item is released once the watermark reaches its event time plus this (e.g. the longest call, for calls timed by their start)',
  }),
};
export type EventTimeBufferOptions = OptionsOf<typeof eventTimeBufferOptionsSpec>;
