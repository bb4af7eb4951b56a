import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { backoffDelay, retry, type RetryOptions } from '../../pipelines/core/retry.ts';

const noWait: RetryOptions = {
  maxAttempts: 4,
  initialDelayMs: 100,
  maxDelayMs: 1000,
  factor: 2,
  jitter: 0,
  sleep: () => Promise.resolve(),
};

describe('retry', () => {
  it('retries retriable errors and returns the first success', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retry(
      (attempt) => {
        calls++;
        if (attempt < 3)
          return Promise.reject(new PipelineError('CLICKHOUSE_UNAVAILABLE', 'down', { retriable: true }));
        return Promise.resolve('stored');
      },
      { ...noWait, onRetry: (_e, _a, delay) => delays.push(delay) },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('does not retry a non-retriable error', async () => {
    let calls = 0;
    const failure = new PipelineError('CLICKHOUSE_QUERY_FAILED', 'syntax error');
    await expect(
      retry(() => {
        calls++;
        return Promise.reject(failure);
      }, noWait),
    ).rejects.toBe(failure);
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts with RETRIES_EXHAUSTED carrying the last cause', async () => {
    const cause = new PipelineError('KAFKA_UNAVAILABLE', 'no broker', { retriable: true });
    const error = await retry(() => Promise.reject(cause), noWait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('RETRIES_EXHAUSTED');
    expect((error as PipelineError).cause).toBe(cause);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = retry(
      () => Promise.reject(new PipelineError('KAFKA_UNAVAILABLE', 'x', { retriable: true })),
      {
        ...noWait,
        sleep: undefined,
        initialDelayMs: 60_000,
        signal: controller.signal,
      },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('caps the delay and spreads it by the jitter', () => {
    const options: RetryOptions = { ...noWait, jitter: 0.5 };
    expect(backoffDelay(10, options, () => 0.5)).toBe(1000);
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(150);
  });
});
