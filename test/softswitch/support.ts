import { fileURLToPath } from 'node:url';
import type { CdrFile } from '../../pipelines/softswitch/cdr-file.ts';
import type { ParsedRow } from '../../pipelines/softswitch/parsed-row.ts';

export const fixture = (relative: string): string =>
  fileURLToPath(new URL(`../fixtures/softswitch/${relative}`, import.meta.url));

export async function readAll(file: CdrFile): Promise<ParsedRow[]> {
  const rows: ParsedRow[] = [];
  for await (const row of file) rows.push(row);
  return rows;
}

/** Line number -> reason of each rejected row. */
export function reasonsByLine(rows: readonly ParsedRow[]): Record<number, string> {
  return Object.fromEntries(rows.flatMap((row) => (row.ok ? [] : [[row.line, row.reason] as const])));
}

export function acceptedByLine(rows: readonly ParsedRow[]) {
  return new Map(rows.flatMap((row) => (row.ok ? [[row.line, row.record] as const] : [])));
}

/** No reason may carry a phone number: no run of 7 or more digits. */
export function reasonsWithNumbers(rows: readonly ParsedRow[]): string[] {
  return rows.flatMap((row) => (!row.ok && /\d{7,}/.test(row.reason) ? [row.reason] : []));
}
