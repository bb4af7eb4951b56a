import type { ReliableProducer } from '../kafka/reliable-producer.ts';
import { DEAD_LETTER_HEADERS } from '../streaming/dead-letter.ts';
import type { RatingInput } from './rating-input.ts';
import { ratingInputToSnapshot } from './rating-input-snapshot.ts';

/** Why the rating job could not rate an input. */
export const LATE_FOR_RATING =
  'arrived after later inputs of its account were rated: not rated, kept for review ' +
  '(raise rating.maxOutOfOrdernessSeconds if this recurs)';

/**
 * Inputs a processor could not handle in event order go to the dead-letter topic for review, never dropped.
 * Their original bytes are gone by then (they were held decoded): the value is the input as JSON, said by
 * the `dlq.value.format` header.
 */
export async function publishLateInputs(
  producer: ReliableProducer,
  topic: string,
  late: readonly RatingInput[],
  now: Date,
  reason: string = LATE_FOR_RATING,
): Promise<void> {
  if (late.length === 0) return;
  await producer.send(
    topic,
    late.map((input) => ({
      key: input.kind === 'call' ? input.record.accountId : input.event.accountId,
      value: Buffer.from(JSON.stringify(ratingInputToSnapshot(input))),
      headers: {
        [DEAD_LETTER_HEADERS.reason]: reason,
        [DEAD_LETTER_HEADERS.code]: 'EVENT_OUT_OF_ORDER',
        [DEAD_LETTER_HEADERS.failedAt]: now.toISOString(),
        'dlq.value.format': 'json',
      },
    })),
  );
}
