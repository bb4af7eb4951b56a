import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError, errorMessage } from '../core/errors.ts';

/** The project's migrations, `infra/clickhouse/migrations/NNNN_name.sql`. */
export const DEFAULT_MIGRATIONS_DIRECTORY = fileURLToPath(
  new URL('../../infra/clickhouse/migrations/', import.meta.url),
);

export interface MigrationFile {
  readonly version: number;
  /** `0001_call_records_ingest`: the file name without `.sql`. */
  readonly id: string;
  /** `call_records_ingest`. */
  readonly name: string;
  readonly path: string;
  /** sha256 of the file's bytes, hex. */
  readonly checksum: string;
  readonly statements: readonly string[];
}

const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Reads every `NNNN_name.sql` of a directory, sorted by version. Other files (README...) are ignored;
 * a `.sql` file not named that way, or two files with one version, is an error.
 */
export function readMigrationFiles(directory: string): MigrationFile[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw new PipelineError(
      'MIGRATION_FAILED',
      `cannot read migrations directory ${directory}: ${errorMessage(error)}`,
      {
        cause: error,
        details: { directory },
      },
    );
  }
  const files: MigrationFile[] = [];
  for (const fileName of names.filter((n) => n.endsWith('.sql')).sort()) {
    const match = MIGRATION_FILE.exec(fileName);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new PipelineError(
        'MIGRATION_FAILED',
        `migration file ${fileName} is not named NNNN_name.sql (4 digits, lowercase name)`,
        { details: { directory, file: fileName } },
      );
    }
    const path = join(directory, fileName);
    const content = readFileSync(path);
    files.push({
      version: Number(match[1]),
      id: fileName.slice(0, -'.sql'.length),
      name: match[2],
      path,
      checksum: createHash('sha256').update(content).digest('hex'),
      statements: splitStatements(content.toString('utf8')),
    });
  }
  for (let i = 1; i < files.length; i++) {
    const previous = files[i - 1];
    const current = files[i];
    if (previous !== undefined && current !== undefined && previous.version === current.version) {
      throw new PipelineError(
        'MIGRATION_FAILED',
        `two migrations have version ${current.version}: ${previous.id} and ${current.id}`,
        { details: { directory, version: current.version } },
      );
    }
  }
  return files;
}

/**
 * Splits a migration into statements: a statement ends with `;` at the end of a line (comment lines
 * excepted). The `;` is dropped, and parts holding only comments and blank lines are skipped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    const text = current.join('\n').trim();
    if (hasCode(text)) statements.push(text);
    current = [];
  };
  for (const line of sql.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed.endsWith(';') && !trimmed.trimStart().startsWith('--')) {
      current.push(trimmed.slice(0, -1));
      flush();
    } else {
      current.push(line);
    }
  }
  flush();
  return statements;
}

function hasCode(text: string): boolean {
  return text.split('\n').some((line) => {
    const t = line.trim();
    return t !== '' && !t.startsWith('--');
  });
}
