import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from '../core/logger.ts';
import { runMigrations, type MigrationsResult } from './migrations.ts';
import type { ClickHouseOptions } from './options.ts';
import { applyRetention, type RetentionResult } from './rating-store.ts';

/** Brings a database to the current schema and the configured retention; idempotent. */
export async function prepareDatabase(
  client: ClickHouseClient,
  options: Pick<ClickHouseOptions, 'retentionMonths'>,
  logger: Logger,
): Promise<{ migrations: MigrationsResult; retention: RetentionResult }> {
  const migrations = await runMigrations(client, { logger });
  const retention = await applyRetention(client, options.retentionMonths);
  return { migrations, retention };
}
