import type { AppConfig } from '../config/app-config.ts';
import type { Logger } from '../core/logger.ts';
import { createNumberClassifier, type NumberClassifier } from '../numbering/classify.ts';
import { ReferenceDataStore } from '../reference/reference-data-store.ts';
import { RatingProcessor } from './rating-processor.ts';

export interface RatingRuntime {
  readonly reference: ReferenceDataStore;
  readonly classify: NumberClassifier;
  newProcessor(): RatingProcessor;
  close(): void;
}

/** Reference data, number plan and a processor factory from the application configuration. */
export async function openRatingRuntime(config: AppConfig, logger: Logger): Promise<RatingRuntime> {
  const reference = await ReferenceDataStore.open(config.reference, { logger });
  const classify = createNumberClassifier(config.numbering);
  logger.info(
    { reference: reference.current.version, directory: config.reference.directory },
    'reference data loaded',
  );
  return {
    reference,
    classify,
    newProcessor: () =>
      new RatingProcessor({
        options: config.rating,
        fairUse: config.fairUse,
        reference: () => reference.current,
        classify,
      }),
    close: () => {
      reference.close();
    },
  };
}
