import { afterAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { AccountCommand } from '../../pipelines/fraud/fraud-alert.ts';
import type { SendReport } from '../../pipelines/kafka/reliable-producer.ts';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import { fraudActionSteps } from '../../pipelines/fraud-actions/action-steps.ts';
import { readAccountCommand } from '../../pipelines/fraud-actions/audit-store.ts';
import { reinstateCommand } from '../../pipelines/fraud-actions/operator-command.ts';
import { publishOperatorCommand } from '../../pipelines/fraud-actions/operator-reinstatement.ts';
import type { BatchContext } from '../../pipelines/streaming/step.ts';
import { alert, auditDatabases, minutes, rows, T0 } from './fixtures.ts';

const databases = auditDatabases('steps');
afterAll(() => databases.closeAll());

const context: BatchContext = {
  topic: 't',
  partition: 0,
  firstOffset: '0',
  lastOffset: '0',
  logger: silentLogger(),
};

/** Records what it is asked to publish; fails while `failing` is set, like an unreachable broker. */
class RecordingPublisher {
  readonly published: AccountCommand[] = [];
  failing = false;

  publish(commands: readonly AccountCommand[]): Promise<SendReport> {
    if (this.failing) {
      return Promise.reject(new PipelineError('KAFKA_UNAVAILABLE', 'broker down', { retriable: true }));
    }
    this.published.push(...commands);
    return Promise.resolve({
      records: commands.length,
      partitions: 1,
      attempts: 1,
      resentRecords: 0,
      acknowledged: [],
    });
  }
}

describe('fraud action steps', () => {
  it('record commands as issued before publishing; a retried batch publishes the same ids and marks them published', async () => {
    const client = await databases.open('steps_retry');
    const publisher = new RecordingPublisher();
    const steps = fraudActionSteps(
      new ActionPolicy(),
      { client, rulesVersion: '' },
      { client, commands: publisher },
    );
    const batch = [alert({ alertId: 'a1', accountIds: ['acc-1', 'acc-2'] })];

    publisher.failing = true;
    await expect(steps.run(batch, context)).rejects.toMatchObject({
      code: 'KAFKA_UNAVAILABLE',
      retriable: true,
    });
    expect(
      await rows(client, 'SELECT account_id, status FROM account_commands FINAL ORDER BY account_id'),
    ).toEqual([
      { account_id: 'acc-1', status: 'issued' },
      { account_id: 'acc-2', status: 'issued' },
    ]);

    // The runner retries the same batch with the same (already updated) policy: same decision, same ids.
    publisher.failing = false;
    expect(await steps.run(batch, context)).toEqual({
      alerts: 1,
      commands: 2,
      publishedAlerts: 0,
      publishedCommands: 2,
    });
    expect(publisher.published.map((c) => c.accountId)).toEqual(['acc-1', 'acc-2']);
    expect(
      await rows(client, 'SELECT account_id, status FROM account_commands FINAL ORDER BY account_id'),
    ).toEqual([
      { account_id: 'acc-1', status: 'published' },
      { account_id: 'acc-2', status: 'published' },
    ]);
    expect(await rows(client, 'SELECT count() AS n FROM fraud_alerts FINAL')).toEqual([{ n: '1' }]);
  });

  it('publish an operator command again as first recorded when an earlier attempt failed before Kafka', async () => {
    const client = await databases.open('steps_operator');
    const publisher = new RecordingPublisher();
    const request = {
      accountId: 'acc-1',
      reason: 'checked with customer',
      operator: 'alice',
      requestId: 'ticket-9',
    };
    const first = reinstateCommand({ ...request, requestedAt: T0 });

    publisher.failing = true;
    await expect(publishOperatorCommand(client, publisher, first)).rejects.toMatchObject({
      code: 'KAFKA_UNAVAILABLE',
    });
    expect((await readAccountCommand(client, 'acc-1', first.commandId))?.status).toBe('issued');

    publisher.failing = false;
    const retry = reinstateCommand({ ...request, requestedAt: minutes(7) });
    expect(retry.commandId).toBe(first.commandId);
    const result = await publishOperatorCommand(client, publisher, retry);
    expect(result.outcome).toBe('published');
    expect(publisher.published.map((c) => c.effectiveAt)).toEqual([T0]);
    expect((await readAccountCommand(client, 'acc-1', first.commandId))?.status).toBe('published');

    expect((await publishOperatorCommand(client, publisher, retry)).outcome).toBe('already-published');
    expect(publisher.published).toHaveLength(1);
  });
});
