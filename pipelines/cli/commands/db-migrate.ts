import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { prepareDatabase } from '../../clickhouse/prepare-database.ts';
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
      const { migrations: result, retention } = await prepareDatabase(client, config.clickhouse, logger);
      out(
        `applied ${result.applied.length} migration(s)${result.applied.length > 0 ? `: ${result.applied.join(', ')}` : ''}`,
      );
      out(`already applied: ${result.alreadyApplied.length}`);
      out(`retention of detailed rows: ${retention.months} months${retention.changed ? ' (changed)' : ''}`);
      return 0;
    } finally {
      await client.close();
    }
  },
};
