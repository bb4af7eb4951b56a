import { createHash } from 'node:crypto';
import { PipelineError } from '../core/errors.ts';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import { commandIdOf, operatorCause } from './command-id.ts';

export interface ReinstateRequest {
  readonly accountId: string;
  readonly reason: string;
  readonly operator: string;
  /** The operator's request time: the command's effective time. */
  readonly requestedAt: Date;
  /**
   * Identifies the request across retries. Absent: derived from the operator, the reason and the request
   * time, so that a retry must give `--request-id` (printed by the first attempt) or the same `--at`.
   */
  readonly requestId?: string;
}

/** The request id of a request: the given one, else `r-` and 16 hex digits of hash(operator, reason, time). */
export function requestIdOf(request: ReinstateRequest): string {
  if (request.requestId !== undefined) return request.requestId;
  const digest = createHash('sha256')
    .update(`${request.operator}\n${request.reason}\n${request.requestedAt.toISOString()}`)
    .digest('hex');
  return `r-${digest.slice(0, 16)}`;
}

/**
 * An operator's reinstatement as a command: id = hash(reinstate, account, operator request id), rule
 * `operator`, severity warning, no alert, no evidence. Fails with INVALID_ARGUMENT on an empty account,
 * reason or operator, or an invalid time.
 */
export function reinstateCommand(request: ReinstateRequest): AccountCommand {
  for (const [name, value] of [
    ['account', request.accountId],
    ['reason', request.reason],
    ['operator', request.operator],
    ['request id', request.requestId ?? 'given'],
  ] as const) {
    if (value.trim() === '')
      throw new PipelineError('INVALID_ARGUMENT', `reinstatement: ${name} must not be empty`);
  }
  if (Number.isNaN(request.requestedAt.getTime())) {
    throw new PipelineError('INVALID_ARGUMENT', 'reinstatement: the request time is not a valid date');
  }
  return {
    commandId: commandIdOf('reinstate', request.accountId, operatorCause(requestIdOf(request))),
    kind: 'reinstate',
    accountId: request.accountId,
    rule: 'operator',
    severity: 'warning',
    reason: request.reason,
    counts: {},
    samples: [],
    effectiveAt: request.requestedAt,
    requestedBy: request.operator,
  };
}
