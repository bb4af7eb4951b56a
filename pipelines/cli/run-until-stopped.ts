import type { Logger } from '../core/logger.ts';
import type { StreamingConsumerStats } from '../streaming/streaming-consumer.ts';

/** A running streaming job, as the long-running commands see it. */
export interface RunningJob {
  readonly consumer: { readonly stats: StreamingConsumerStats };
  /** Resolves when stopped, rejects when the job failed. */
  done(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a job until the command is interrupted (SIGINT/SIGTERM abort `signal`) or the job fails, then stops
 * it and logs its counters. Resolves with the exit code; a failure of the job rejects.
 */
export async function runUntilStopped(
  job: RunningJob,
  signal: AbortSignal,
  logger: Logger,
  name: string,
): Promise<number> {
  const stopped = new Promise<void>((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
  await Promise.race([job.done(), stopped]);
  await job.stop();
  logger.info({ stats: job.consumer.stats }, `${name} stopped`);
  return 0;
}
