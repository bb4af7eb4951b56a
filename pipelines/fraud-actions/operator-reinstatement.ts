import type { ClickHouseClient } from '@clickhouse/client';
import type { AccountCommand } from '../fraud/fraud-alert.ts';
import type { AccountCommandPublisher } from './account-command-publisher.ts';
import { accountCommandRow } from './audit-rows.ts';
import { insertAccountCommands, readAccountCommand } from './audit-store.ts';

export interface ReinstatementResult {
  /** `published`: published now; `already-published`: the same request was published before, nothing sent. */
  readonly outcome: 'published' | 'already-published';
  /** The command as published (the stored one when it already existed: same id, same content). */
  readonly command: AccountCommand;
}

/**
 * Records an operator command in the audit trail (`issued`), publishes it, and records it `published`.
 * A request whose command id is already stored is not recorded again with new content: when it was published,
 * nothing is sent; when only issued (an earlier attempt failed before Kafka acknowledged), the stored command
 * is published as it was.
 */
export async function publishOperatorCommand(
  client: ClickHouseClient,
  publisher: Pick<AccountCommandPublisher, 'publish'>,
  command: AccountCommand,
  clock: () => Date = () => new Date(),
): Promise<ReinstatementResult> {
  const stored = await readAccountCommand(client, command.accountId, command.commandId);
  if (stored?.status === 'published') return { outcome: 'already-published', command: stored };
  const chosen = stored ?? command;
  if (stored === undefined)
    await insertAccountCommands(client, [accountCommandRow(chosen, 'issued', clock())]);
  await publisher.publish([chosen]);
  await insertAccountCommands(client, [accountCommandRow(chosen, 'published', clock())]);
  return { outcome: 'published', command: chosen };
}
