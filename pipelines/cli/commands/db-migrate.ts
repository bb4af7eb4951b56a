import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { runMigrations } from '../../clickhouse/migrations.ts';
import { applyRetention } from '../../clickhouse/rating-store.ts';
import { PipelineError } from '../../core/errors.ts';
import type { Command } from '../command.ts';

export const dbMigrateCommand: Command = {
  name: 'db migrate',
  summary: 'apply the ClickHouse migrations not applied yet (idempotent)',
  usage: 'db migrate',
  async run(args, { config, logger, out }) {
    if (args.length > 0) throw new PipelineError('USAGE', `unexpected arguments: ${args.join(' ')}`);
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      const result = await runMigrations(client, { logger });
      out(
        `applied ${result.applied.length} migration(s)${result.applied.length > 0 ? `: ${result.applied.join(', ')}` : ''}`,
      );
      out(`already applied: ${result.alreadyApplied.length}`);
      const retention = await applyRetention(client, config.clickhouse.retentionMonths);
      out(`retention of detailed rows: ${retention.months} months${retention.changed ? ' (changed)' : ''}`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
