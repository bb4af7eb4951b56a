import { field, type OptionsOf } from '../config/options.ts';

export const watermarkTrackerOptionsSpec = {
  maxOutOfOrdernessMs: field.integer({
    default: 5_000,
    min: 0,
    doc: 'how far behind the latest event time seen on a partition its events may still arrive; a partition watermark is its max event time minus this',
  }),
  idleTimeoutMs: field.integer({
    default: 30_000,
    min: 0,
    doc: 'processing time without records after which a partition is idle and no longer holds the watermark back; 0 disables idleness',
  }),
};
export type WatermarkTrackerOptions = OptionsOf<typeof watermarkTrackerOptionsSpec>;
