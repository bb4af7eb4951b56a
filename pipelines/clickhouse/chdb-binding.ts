import { PipelineError } from '../core/errors.ts';

/**
 * libchdb binds ONE data directory per process. This registry records which directory this process
 * holds and how many open clients use it: the same directory may be opened again (each client gets
 * its own chDB session on the shared engine), a different one is refused until the last client of
 * the current one has closed.
 */
let bound: { path: string; holders: number } | undefined;

export function acquireChdbPath(path: string): void {
  if (bound === undefined) {
    bound = { path, holders: 1 };
    return;
  }
  if (bound.path !== path) {
    throw new PipelineError(
      'CHDB_PATH_IN_USE',
      `chDB can hold one data directory per process: ${bound.path} is open (${bound.holders} client(s)), ` +
        `so ${path} cannot be opened; close those clients first or use the same CLICKHOUSE_DATA_PATH`,
      { details: { boundPath: bound.path, requestedPath: path, holders: bound.holders } },
    );
  }
  bound.holders += 1;
}

export function releaseChdbPath(path: string): void {
  if (bound?.path !== path) return;
  bound.holders -= 1;
  if (bound.holders <= 0) bound = undefined;
}

/** The directory this process holds and how many clients use it, for diagnostics and tests. */
export function chdbBinding(): { readonly path: string; readonly holders: number } | undefined {
  return bound === undefined ? undefined : { ...bound };
}
