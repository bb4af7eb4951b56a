import type { DeadLetterSink } from './dead-letter.ts';
import type { DecodedBatch } from './decode-step.ts';
import type { Step } from './step.ts';

/**
 * Stores the batch's rejected records before anything is committed, then passes the good ones on.
 * When a later step fails and the batch is retried, letters already stored are not sent again.
 */
export function deadLetterStep<T>(sink: DeadLetterSink): Step<DecodedBatch<T>, DecodedBatch<T>> {
  let publishedUpTo: bigint | undefined;
  return {
    name: 'dead-letter',
    async run(input, context) {
      const lastOffset = BigInt(context.lastOffset);
      if (input.rejected.length > 0 && (publishedUpTo === undefined || publishedUpTo < lastOffset)) {
        const letters = input.rejected.filter(
          (r) => publishedUpTo === undefined || BigInt(r.record.offset) > publishedUpTo,
        );
        await sink.publish(letters);
        publishedUpTo = lastOffset;
        context.logger.warn(
          {
            count: input.rejected.length,
            reasons: [...new Set(input.rejected.map((r) => r.error.code))],
            offsets: input.rejected.slice(0, 5).map((r) => r.record.offset),
          },
          'records sent to the dead-letter topic',
        );
      }
      return input;
    },
  };
}
