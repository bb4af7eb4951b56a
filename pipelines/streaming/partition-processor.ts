/**
 * A stateful event-time processor of one partition number of co-partitioned topics (the rating processor,
 * the fraud detector): pure, fed input by input, polled for what became ready, snapshotted between batches.
 */
export interface PartitionProcessor<In, Out> {
  /** Declares an input (a topic): until it sends data or is idle, it holds event time back. */
  addInput(input: string): void;
  /** The input has nothing more for now (read to its end): it no longer holds time back. */
  markIdle(input: string): void;
  add(item: In, source: string): void;
  /** What the inputs taken so far made ready. */
  poll(): Out;
  /** Everything the processor holds, as JSON. */
  snapshot(): unknown;
  /** Loads a snapshot into a processor that has not received anything yet. */
  restore(snapshot: unknown): void;
}
