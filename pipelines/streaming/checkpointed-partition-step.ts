import type { CheckpointedPartition } from './checkpointed-partition.ts';
import type { DecodedBatch } from './decode-step.ts';
import { caughtUp, type CommitPlan } from './source-record.ts';
import type { Step } from './step.ts';

/** Hands a decoded batch of one of the co-partitioned topics to the partition number's processor state. */
export function checkpointedPartitionStep<T, In, Out>(
  partition: CheckpointedPartition<In, Out>,
  toInput: (value: T) => In,
): Step<DecodedBatch<T>, CommitPlan> {
  return {
    name: 'process',
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
