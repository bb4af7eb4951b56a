import { PipelineError, errorMessage } from '../core/errors.ts';
import { maskNumber } from '../core/logger.ts';

/**
 * Turns whatever @clickhouse/client (HTTP or chDB) threw into a PipelineError that says whether
 * retrying can help:
 * - CLICKHOUSE_UNAVAILABLE, retriable: the server could not be reached or answered like an overloaded
 *   or restarting server (connection refused/reset, timeouts, gateway 5xx pages, transient server
 *   codes such as TOO_MANY_SIMULTANEOUS_QUERIES or TOO_MANY_PARTS).
 * - CLICKHOUSE_QUERY_FAILED, not retriable: the server understood the request and refused it
 *   (syntax, unknown table, bad data, ...). Retrying the same request gives the same answer.
 *
 * @clickhouse/client does not expose the HTTP status of a failed request, so a proxy's 5xx is
 * recognised by its body. A non-2xx answer of ClickHouse itself always carries `Code: N`.
 */
export function toClickHouseError(error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  const clickhouseCode = clickHouseCodeOf(error);
  const networkCode = networkCodeOf(error);
  const message = maskLongDigitRuns(errorMessage(error));
  const details = {
    ...(clickhouseCode === undefined ? {} : { clickhouseCode }),
    ...(typeOf(error) === undefined ? {} : { clickhouseType: typeOf(error) }),
    ...(networkCode === undefined ? {} : { networkCode }),
  };
  if (isUnavailable(clickhouseCode, networkCode, message)) {
    return new PipelineError('CLICKHOUSE_UNAVAILABLE', `ClickHouse unavailable: ${message || 'no answer'}`, {
      retriable: true,
      cause: error,
      details,
    });
  }
  return new PipelineError('CLICKHOUSE_QUERY_FAILED', `ClickHouse query failed: ${message}`, {
    retriable: false,
    cause: error,
    details,
  });
}

/** ClickHouse error codes that describe a passing condition of the server, not of the request. */
const TRANSIENT_CLICKHOUSE_CODES: ReadonlySet<number> = new Set([
  159, // TIMEOUT_EXCEEDED
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  236, // ABORTED
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY (replica lost its keeper session)
  252, // TOO_MANY_PARTS
  279, // ALL_CONNECTION_TRIES_FAILED
  285, // TOO_FEW_LIVE_REPLICAS
  286, // UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE
  319, // UNKNOWN_STATUS_OF_INSERT
  394, // QUERY_WAS_CANCELLED (server shutting down)
  439, // CANNOT_SCHEDULE_TASK
  999, // KEEPER_EXCEPTION
]);

const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const UNAVAILABLE_MESSAGE =
  /^Timeout error\.?$|socket hang up|\b50[234]\b|bad gateway|service unavailable|gateway time-?out/i;

function isUnavailable(
  clickhouseCode: number | undefined,
  networkCode: string | undefined,
  message: string,
): boolean {
  if (clickhouseCode !== undefined) return TRANSIENT_CLICKHOUSE_CODES.has(clickhouseCode);
  if (networkCode !== undefined) return true;
  // The client rejects with an empty Error when a connection attempt is cut off by its timeout,
  // and a bodiless 5xx answer becomes an empty message too.
  return message.trim() === '' || UNAVAILABLE_MESSAGE.test(message);
}

/** The server's error code: `ClickHouseError.code` (current servers, chDB) or `Code: N,` in the text (18.x). */
function clickHouseCodeOf(error: unknown): number | undefined {
  if (error instanceof Error && 'type' in error && 'code' in error && typeof error.code === 'string') {
    const code = Number(error.code);
    if (Number.isInteger(code)) return code;
  }
  const match = /\bCode: (\d+)[.,]/.exec(errorMessage(error));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function typeOf(error: unknown): string | undefined {
  return error instanceof Error && 'type' in error && typeof error.type === 'string' ? error.type : undefined;
}

/** Node's errno code of the error, of one of its aggregated errors, or of its causes. */
function networkCodeOf(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 4) return undefined;
  if ('code' in error && typeof error.code === 'string' && NETWORK_ERROR_CODES.has(error.code)) {
    return error.code;
  }
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const code = networkCodeOf(inner, depth + 1);
      if (code !== undefined) return code;
    }
  }
  return networkCodeOf(error.cause, depth + 1);
}

/**
 * Server messages about rejected input quote the input, which may hold phone numbers: digit runs of
 * 7 or more (optionally with a leading +) are masked. The original error stays available as `cause`.
 */
function maskLongDigitRuns(text: string): string {
  return text.replace(/\+?\d{7,}/g, (digits) => maskNumber(digits));
}
