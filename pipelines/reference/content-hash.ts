import { createHash } from 'node:crypto';

/**
 * sha256 of the normalised contents: JSON of the compiled model, where Decimals are their normalised
 * text (`0.10` and `0.1` are one price), Dates ISO instants, and entities sorted by id. Formatting,
 * comments and key order in the files do not change it. It relies on the readers building every object
 * with a fixed key order (object literals; free-form maps such as thresholds are built in sorted order).
 */
export function contentHash(contents: unknown): string {
  return createHash('sha256').update(JSON.stringify(contents)).digest('hex');
}
