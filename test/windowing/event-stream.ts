/** A deterministic pseudo-random event stream for restart and throughput tests. */
export interface StreamEvent {
  readonly partition: string;
  readonly key: string;
  readonly time: number;
  /** A second attribute (e.g. a source IP) for distinct counts. */
  readonly value: string;
}

/** Park-Miller style generator: same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2_147_483_647;
  if (state <= 0) state += 2_147_483_646;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return (state - 1) / 2_147_483_646;
  };
}

/**
 * `count` events over `partitions` partitions and `keys` keys, roughly `stepMs` apart in event time,
 * each shifted back by up to `disorderMs` (out of order), and one in `lateEvery` pushed back by up to
 * `lateByMs` more (late by various amounts).
 */
export function eventStream(options: {
  readonly seed: number;
  readonly count: number;
  readonly partitions: number;
  readonly keys: number;
  readonly stepMs: number;
  readonly disorderMs: number;
  readonly lateEvery: number;
  readonly lateByMs: number;
}): StreamEvent[] {
  const random = seededRandom(options.seed);
  const events: StreamEvent[] = [];
  let clock = 1_700_000_000_000;
  for (let i = 0; i < options.count; i++) {
    clock += Math.floor(random() * options.stepMs * 2);
    const keyIndex = Math.floor(random() * random() * options.keys); // skewed: some keys are hot
    const late = options.lateEvery > 0 && i % options.lateEvery === options.lateEvery - 1;
    const time =
      clock -
      Math.floor(random() * options.disorderMs) -
      (late ? Math.floor(random() * options.lateByMs) : 0);
    events.push({
      partition: `calls/${keyIndex % options.partitions}`,
      key: `acct-${keyIndex}`,
      time,
      value: `10.0.${Math.floor(random() * 4)}.${Math.floor(random() * 8)}`,
    });
  }
  return events;
}
