import { PipelineError } from '../../pipelines/core/errors.ts';

/** The PipelineError code `action` throws, 'none' when it does not throw, 'other' for another error. */
export function thrownCode(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof PipelineError ? error.code : 'other';
  }
  return 'none';
}
