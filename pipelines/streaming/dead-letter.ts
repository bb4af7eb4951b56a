import type { PipelineError } from '../core/errors.ts';
import type { SourceRecord } from './source-record.ts';

/** A record the pipeline could not use, kept with its original bytes and the reason. */
export interface DeadLetter {
  readonly record: SourceRecord;
  readonly error: PipelineError;
}

/** Where dead letters go (a Kafka topic in production). Resolves only once they are durably stored. */
export interface DeadLetterSink {
  publish(letters: readonly DeadLetter[]): Promise<void>;
}

/** Headers carried by a dead-lettered record, next to its original key and value. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dlq.reason',
  code: 'dlq.error.code',
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  failedAt: 'dlq.failed.at',
} as const;

export function deadLetterHeaders(letter: DeadLetter, failedAt: Date): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.reason]: letter.error.message,
    [DEAD_LETTER_HEADERS.code]: letter.error.code,
    [DEAD_LETTER_HEADERS.sourceTopic]: letter.record.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(letter.record.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: letter.record.offset,
    [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
  };
}
