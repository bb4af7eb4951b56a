import type { DecodedBatch } from '../streaming/decode-step.ts';
import { caughtUp, type CommitPlan } from '../streaming/source-record.ts';
import type { Step } from '../streaming/step.ts';
import type { RatingInput } from './rating-input.ts';
import type { RatingPartition } from './rating-partition.ts';

/** Hands a decoded batch of one of the co-partitioned topics to the partition number's rating state. */
export function ratingStep<T>(
  partition: RatingPartition,
  toInput: (value: T) => RatingInput,
): Step<DecodedBatch<T>, CommitPlan> {
  return {
    name: 'rating',
    run({ batch, decoded }, context) {
      return partition.accept({
        topic: context.topic,
        firstOffset: context.firstOffset,
        lastOffset: context.lastOffset,
        caughtUp: caughtUp(batch),
        inputs: decoded.map(({ record, value }) => ({ offset: record.offset, input: toInput(value) })),
      });
    },
  };
}
