import { PipelineError, isRetriable } from './errors.ts';

export interface RetryOptions {
  /** Attempts in total, the first one included. `Infinity` retries until aborted. */
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
  /** Fraction of the delay randomised, 0 to 1. */
  readonly jitter: number;
  readonly signal?: AbortSignal;
  /** Which errors are worth another attempt. Defaults to `PipelineError.retriable`. */
  readonly shouldRetry?: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 8,
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.2,
};

export function backoffDelay(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** (attempt - 1));
  const spread = base * options.jitter;
  return Math.max(0, Math.round(base - spread + 2 * spread * random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new PipelineError('ABORTED', 'aborted while waiting to retry', { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new PipelineError('ABORTED', 'aborted while waiting to retry', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The one retry helper of the project: exponential backoff with jitter, abortable. */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  const shouldRetry = options.shouldRetry ?? isRetriable;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!shouldRetry(error)) throw error;
      if (attempt >= options.maxAttempts) {
        throw new PipelineError('RETRIES_EXHAUSTED', `gave up after ${attempt} attempts`, { cause: error });
      }
      const delay = backoffDelay(attempt, options, options.random);
      options.onRetry?.(error, attempt, delay);
      await wait(delay, options.signal);
    }
  }
}
