import { PipelineError, errorMessage } from '../core/errors.ts';

/**
 * What an error thrown by `@kafkajs/confluent-schema-registry` means. Its HTTP failures are
 * `ResponseError`s (not exported) carrying `status`; mappersmith reports network failures and
 * timeouts as status 400 with the Node error text ("connect ECONNREFUSED ...", "Timeout (100ms)"),
 * which a real registry never answers to the GET requests this project makes.
 */
export type RegistryFailureKind =
  'not-found' | 'incompatible' | 'invalid-schema' | 'unavailable' | 'unauthorized' | 'rejected';

export interface RegistryFailure {
  readonly kind: RegistryFailureKind;
  readonly status: number;
  readonly message: string;
}

const NETWORK_FAILURE = /\b(E[A-Z]{3,}|socket hang up|Timeout \(\d+ms\))/;

/** The HTTP failure behind `error`, or undefined when `error` is not one (a local client error). */
export function classifyRegistryError(error: unknown): RegistryFailure | undefined {
  if (!(error instanceof Error) || error.name !== 'ResponseError') return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') return undefined;
  const message = error.message;
  const kind = ((): RegistryFailureKind => {
    if (status >= 500 || status === 408 || status === 429) return 'unavailable';
    if (status === 400 && NETWORK_FAILURE.test(message)) return 'unavailable';
    if (status === 401 || status === 403) return 'unauthorized';
    if (status === 404) return 'not-found';
    if (status === 409) return 'incompatible';
    if (status === 422) return 'invalid-schema';
    return 'rejected';
  })();
  return { kind, status, message };
}

/**
 * A registry call that failed for a reason other than the data at hand: SCHEMA_REGISTRY_FAILED,
 * retriable when the registry is unreachable or answered 5xx. Registration problems get their own
 * codes: SCHEMA_INCOMPATIBLE (409) and SCHEMA_INVALID (422), neither retriable.
 */
export function registryPipelineError(action: string, error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const failure = classifyRegistryError(error);
  const details = { status: failure?.status, kind: failure?.kind ?? 'client' };
  const message = `${action}: ${failure?.message ?? errorMessage(error)}`;
  switch (failure?.kind) {
    case 'incompatible':
      return new PipelineError('SCHEMA_INCOMPATIBLE', message, { cause: error, details });
    case 'invalid-schema':
      return new PipelineError('SCHEMA_INVALID', message, { cause: error, details });
    default:
      return new PipelineError('SCHEMA_REGISTRY_FAILED', message, {
        retriable: failure?.kind === 'unavailable',
        cause: error,
        details,
      });
  }
}
