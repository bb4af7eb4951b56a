import { createClickHouseClient } from '../../clickhouse/client-factory.ts';
import { PipelineError } from '../../core/errors.ts';
import { formatAccountHistory } from '../../fraud-actions/account-history-report.ts';
import { readAccountHistory } from '../../fraud-actions/audit-store.ts';
import type { Command } from '../command.ts';

export const accountHistoryCommand: Command = {
  name: 'account history',
  summary:
    'the fraud alerts and account commands (suspend, restrict, reinstate) of one SIP account, in time order',
  usage: 'account history <account>',
  async run(args, { config, logger, out }) {
    const [accountId, ...extra] = args;
    if (accountId === undefined || accountId.startsWith('--') || extra.length > 0) {
      throw new PipelineError('USAGE', 'give exactly one SIP account');
    }
    const client = await createClickHouseClient(config.clickhouse, logger);
    try {
      for (const line of formatAccountHistory(await readAccountHistory(client, accountId))) out(line);
      return 0;
    } finally {
      await client.close();
    }
  },
};
