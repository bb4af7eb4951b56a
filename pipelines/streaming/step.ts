import type { Logger } from '../core/logger.ts';

/** What every step of a partition's pipeline knows about the batch it is working on. */
export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
  readonly logger: Logger;
}

/**
 * One stage of processing. Steps are chained with `pipe`; a chain is built per assigned partition
 * and dropped on rebalance. A step either resolves (its output goes to the next step) or throws:
 * a retriable PipelineError makes the runner retry the whole batch, anything else stops the consumer.
 * A step must therefore be safe to run again on the same batch (idempotent sinks).
 */
export interface Step<In, Out> {
  readonly name: string;
  run(input: In, context: BatchContext): Promise<Out>;
}

export function pipe<A, B, C>(first: Step<A, B>, second: Step<B, C>): Step<A, C> {
  return {
    name: `${first.name} > ${second.name}`,
    async run(input, context) {
      return second.run(await first.run(input, context), context);
    },
  };
}
