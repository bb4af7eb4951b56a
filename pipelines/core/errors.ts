/**
 * Errors carry a stable machine-readable code, whether retrying can help, and the underlying cause.
 * Adapters wrap library errors into these so that callers decide on `retriable`, never on message text.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_FILE_UNREADABLE'
  | 'CLICKHOUSE_UNAVAILABLE'
  | 'CLICKHOUSE_QUERY_FAILED'
  | 'MIGRATION_FAILED'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'KAFKA_UNAVAILABLE'
  | 'KAFKA_SEND_INCOMPLETE'
  | 'SCHEMA_REGISTRY_FAILED'
  | 'RECORD_DECODE_FAILED'
  | 'RECORD_INVALID'
  | 'RETRIES_EXHAUSTED'
  | 'ABORTED'
  | 'PIPELINE_FAILED'
  | 'USAGE'
  | 'KAFKA_MOCK_FAILED'
  | 'CHDB_PATH_IN_USE'
  | 'SCHEMA_INVALID'
  | 'SCHEMA_INCOMPATIBLE'
  | 'CLICKHOUSE_SERVER_FAILED'
  | 'REFERENCE_DATA_INVALID'
  | 'KAFKA_NOT_CO_PARTITIONED'
  | 'INVALID_ARGUMENT'
  | 'EVENT_OUT_OF_ORDER'
  | 'SNAPSHOT_INVALID'
  | 'IMPORT_FILE_UNREADABLE'
  | 'IMPORT_HEADER_MISMATCH'
  | 'FRAUD_RULES_INVALID'
  | 'BILLING_DATA_INVALID';

export interface PipelineErrorOptions {
  readonly retriable?: boolean;
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class PipelineError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? {};
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof PipelineError && error.retriable;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
