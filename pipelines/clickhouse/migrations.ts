import type { ClickHouseClient } from '@clickhouse/client';
import { PipelineError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { toClickHouseError } from './errors.ts';
import { DEFAULT_MIGRATIONS_DIRECTORY, readMigrationFiles, type MigrationFile } from './migration-files.ts';

export { DEFAULT_MIGRATIONS_DIRECTORY } from './migration-files.ts';

export interface RunMigrationsSettings {
  /** Defaults to the project's `infra/clickhouse/migrations`. */
  readonly directory?: string;
  readonly logger: Logger;
}

export interface MigrationsResult {
  /** Ids (`0001_call_records_ingest`) applied by this run, in order. */
  readonly applied: string[];
  /** Ids found already recorded in `schema_migrations`. */
  readonly alreadyApplied: string[];
}

interface AppliedRow {
  readonly version: number | string;
  readonly name: string;
  readonly checksum: string;
}

const HISTORY_TABLE = 'schema_migrations';

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, in the client's
 * default database (see createClickHouseClient): migrations use unqualified table names.
 *
 * - Idempotent: a second run applies nothing.
 * - A recorded migration whose file changed fails the run before anything is applied
 *   (MIGRATION_CHECKSUM_MISMATCH): write a new migration instead of editing an applied one.
 * - A failing statement fails the run with MIGRATION_FAILED naming the file and the statement;
 *   it is retriable when ClickHouse was unavailable. A migration is recorded once all its statements
 *   succeeded, so statements must be re-runnable (IF NOT EXISTS...) to recover from a partial run.
 * - ClickHouse has no locks: run migrations from one process at a time (the `migrate` command or the
 *   start of the single ingest service), not from every replica at once.
 */
export async function runMigrations(
  client: ClickHouseClient,
  settings: RunMigrationsSettings,
): Promise<MigrationsResult> {
  const directory = settings.directory ?? DEFAULT_MIGRATIONS_DIRECTORY;
  const logger = settings.logger.child({ component: 'migrations' });
  const files = readMigrationFiles(directory);
  await ensureHistoryTable(client);
  const recorded = await readHistory(client);
  checkChecksums(files, recorded);
  const known = new Set(files.map((f) => f.version));
  for (const [version, row] of recorded) {
    if (!known.has(version)) {
      logger.warn(
        { version, name: row.name, directory },
        'applied migration has no file in the migrations directory',
      );
    }
  }
  const alreadyApplied = files.filter((f) => recorded.has(f.version)).map((f) => f.id);
  const applied: string[] = [];
  for (const file of files.filter((f) => !recorded.has(f.version))) {
    await applyMigration(client, file);
    applied.push(file.id);
    logger.info({ migration: file.id, statements: file.statements.length }, 'migration applied');
  }
  logger.info({ applied: applied.length, alreadyApplied: alreadyApplied.length }, 'migrations up to date');
  return { applied, alreadyApplied };
}

async function ensureHistoryTable(client: ClickHouseClient): Promise<void> {
  await command(
    client,
    `CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE}
     (
         version    UInt32,
         name       String,
         checksum   String,
         applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
     )
     ENGINE = MergeTree
     ORDER BY version`,
  );
}

async function readHistory(client: ClickHouseClient): Promise<Map<number, AppliedRow>> {
  let rows: AppliedRow[];
  try {
    const result = await client.query({
      query: `SELECT version, name, checksum FROM ${HISTORY_TABLE} ORDER BY version, applied_at`,
      format: 'JSONEachRow',
    });
    rows = await result.json<AppliedRow>();
  } catch (error) {
    throw toClickHouseError(error);
  }
  const byVersion = new Map<number, AppliedRow>();
  for (const row of rows) {
    const version = Number(row.version);
    if (!byVersion.has(version)) byVersion.set(version, row);
  }
  return byVersion;
}

function checkChecksums(files: readonly MigrationFile[], recorded: ReadonlyMap<number, AppliedRow>): void {
  const mismatches = files.flatMap((file) => {
    const row = recorded.get(file.version);
    return row === undefined || row.checksum === file.checksum
      ? []
      : [{ migration: file.id, path: file.path, recorded: row.checksum, actual: file.checksum }];
  });
  if (mismatches.length > 0) {
    throw new PipelineError(
      'MIGRATION_CHECKSUM_MISMATCH',
      `applied migration(s) changed since they were applied: ${mismatches.map((m) => m.migration).join(', ')}; ` +
        'restore them and add a new migration instead',
      { details: { mismatches } },
    );
  }
}

async function applyMigration(client: ClickHouseClient, file: MigrationFile): Promise<void> {
  for (const [index, statement] of file.statements.entries()) {
    try {
      await client.command({ query: statement });
    } catch (error) {
      const cause = toClickHouseError(error);
      throw new PipelineError(
        'MIGRATION_FAILED',
        `migration ${file.id} failed at statement ${index + 1} of ${file.statements.length} ` +
          `(${file.path}): ${cause.message}\n${statement}`,
        {
          retriable: cause.retriable,
          cause,
          details: {
            migration: file.id,
            path: file.path,
            statementIndex: index,
            statement,
            ...cause.details,
          },
        },
      );
    }
  }
  try {
    await client.insert({
      table: HISTORY_TABLE,
      values: [{ version: file.version, name: file.name, checksum: file.checksum }],
      format: 'JSONEachRow',
    });
  } catch (error) {
    throw toClickHouseError(error);
  }
}

async function command(client: ClickHouseClient, query: string): Promise<void> {
  try {
    await client.command({ query });
  } catch (error) {
    throw toClickHouseError(error);
  }
}
