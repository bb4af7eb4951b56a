import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import {
  accountCommandRow,
  fraudAlertRow,
  insertAccountCommands,
  insertFraudAlerts,
} from '../../pipelines/fraud-actions/audit-store.ts';
import { accountCommandOf } from '../../pipelines/fraud-actions/command-record.ts';
import { reinstateCommand } from '../../pipelines/fraud-actions/operator-command.ts';
import { parseReinstateArguments } from '../../pipelines/cli/commands/account-reinstate.ts';
import { createTopic, testInfrastructure, uniqueTopic } from '../support/infrastructure.ts';
import { runCli } from '../reports/cli-capture.ts';
import { openBroker, readRecords, type BrokerFixture } from './broker.ts';
import { alert, auditDatabases, rows, T0 } from './fixtures.ts';

const databases = auditDatabases('cli');
const commandTopic = uniqueTopic('fraud.commands.cli');
let broker: BrokerFixture;
let client: ClickHouseClient;
let env: Record<string, string>;

beforeAll(async () => {
  broker = await openBroker();
  client = await databases.open('fraud_cli');
  await createTopic(commandTopic, 2);
  const infrastructure = testInfrastructure();
  env = {
    KAFKA_BROKERS: infrastructure.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: infrastructure.schemaRegistryUrl,
    CLICKHOUSE_DATA_PATH: databases.dataPath,
    CLICKHOUSE_DATABASE: 'fraud_cli',
    FRAUD_COMMAND_TOPIC: commandTopic,
    LOG_LEVEL: 'silent',
  };
  // acc-7 was suspended by the detector after an IRSF burst.
  const burst = alert({ alertId: 'burst-7', accountIds: ['acc-7'], key: 'account:acc-7' });
  const decision = new ActionPolicy().decide(burst);
  await insertFraudAlerts(client, [fraudAlertRow(burst, decision.outcomes, 'rules-v1', new Date())]);
  await insertAccountCommands(
    client,
    decision.commands.map((c) => accountCommandRow(c, 'published', new Date())),
  );
});
afterAll(async () => {
  await broker.close();
  await databases.closeAll();
});

describe('cdr-pipeline account reinstate / history', () => {
  it('publishes one reinstate command per request, records it, and shows it in the history', async () => {
    const args = [
      'account',
      'reinstate',
      'acc-7',
      '--reason',
      'customer reset passwords',
      '--operator',
      'alice',
    ];
    const expected = reinstateCommand({
      accountId: 'acc-7',
      reason: 'customer reset passwords',
      operator: 'alice',
      requestedAt: T0,
      requestId: 'ticket-42',
    }).commandId;

    const first = await runCli([...args, '--request-id', 'ticket-42'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      `reinstate command ${expected} for account acc-7 published to ${commandTopic}`,
    );

    // The operator retries (e.g. unsure whether the first attempt went through): nothing new is sent.
    const retry = await runCli([...args, '--request-id', 'ticket-42'], env);
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain(`reinstate command ${expected} for account acc-7 was already published`);

    const records = await readRecords(broker.kafka, commandTopic, 1);
    expect(records).toHaveLength(1);
    const decoded = await broker.codec.decode(records[0]?.value ?? Buffer.alloc(0));
    if (!decoded.ok) throw decoded.error;
    expect(accountCommandOf(decoded.value)).toMatchObject({
      commandId: expected,
      kind: 'reinstate',
      accountId: 'acc-7',
      rule: 'operator',
      reason: 'customer reset passwords',
      requestedBy: 'alice',
      keepEmergencyCalls: true,
    });
    expect(records[0]?.key).toBe('acc-7');

    expect(
      await rows(
        client,
        `SELECT kind, status FROM account_commands FINAL WHERE account_id = 'acc-7' ORDER BY effective_at`,
      ),
    ).toEqual([
      { kind: 'suspend', status: 'published' },
      { kind: 'reinstate', status: 'published' },
    ]);

    const history = await runCli(['account', 'history', 'acc-7'], env);
    expect(history.stderr).toBe('');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('account acc-7: active; 1 alert(s), 2 command(s)');
    expect(history.stdout).toMatch(/alert\s+critical\s+irsf-burst/);
    expect(history.stdout).toMatch(/suspend\s+critical\s+irsf-burst/);
    expect(history.stdout).toMatch(
      /reinstate\s+warning\s+operator\s+\S+\s+published by alice\s+customer reset passwords/,
    );
  });

  it('refuses a reinstatement without a reason, or with a bad time, as a usage error', async () => {
    const missing = await runCli(['account', 'reinstate', 'acc-7'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason "..." is required');
    const badTime = await runCli(
      ['account', 'reinstate', 'acc-7', '--reason', 'x', '--at', 'yesterday'],
      env,
    );
    expect(badTime.code).toBe(2);
    expect(badTime.stderr).toContain('--at must be an ISO 8601 instant');
    const noAccount = await runCli(['account', 'history'], env);
    expect(noAccount.code).toBe(2);
  });

  it('derives the request id from operator, reason and time when none is given', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const request = parseReinstateArguments(['acc-1', '--reason', ' checked '], { USER: 'bob' }, now);
    expect(request).toEqual({ accountId: 'acc-1', reason: 'checked', operator: 'bob', requestedAt: now });
    const at = parseReinstateArguments(['acc-1', '--reason', 'x', '--at', '2026-03-01T08:00:00Z'], {}, now);
    expect(at).toMatchObject({ operator: 'operator', requestedAt: new Date('2026-03-01T08:00:00Z') });
  });
});
