import { field, type OptionsOf } from '../config/options.ts';

export const fraudDetectorOptionsSpec = {
  maxOutOfOrdernessSeconds: field.integer({
    default: 60,
    min: 0,
    env: 'FRAUD_MAX_OUT_OF_ORDERNESS_SECONDS',
    doc: 'how far behind the latest event time of an input its events may still arrive: the watermark is the minimum over inputs of their latest event time minus this',
  }),
  allowedLatenessSeconds: field.integer({
    default: 600,
    min: 0,
    env: 'FRAUD_ALLOWED_LATENESS_SECONDS',
    doc: 'events older than the watermark by more than this are late: not evaluated, counted and returned for review',
  }),
  idleTimeoutSeconds: field.integer({
    default: 0,
    min: 0,
    env: 'FRAUD_IDLE_TIMEOUT_SECONDS',
    doc: 'processing time without records after which an input stops holding the watermark back (needs the clock); 0: only markIdle() does',
  }),
};
export type FraudDetectorOptions = OptionsOf<typeof fraudDetectorOptionsSpec>;
