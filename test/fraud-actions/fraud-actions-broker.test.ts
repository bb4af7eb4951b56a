import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountActionStore } from '../../pipelines/fraud-actions/account-action-store.ts';
import { AccountCommandPublisher } from '../../pipelines/fraud-actions/account-command-publisher.ts';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import { fraudActionSteps } from '../../pipelines/fraud-actions/action-steps.ts';
import { fraudAlertOf } from '../../pipelines/fraud-actions/alert-record.ts';
import { accountCommandOf } from '../../pipelines/fraud-actions/command-record.ts';
import { FraudAlertPublisher } from '../../pipelines/fraud-actions/fraud-alert-publisher.ts';
import {
  ACCOUNT_COMMAND_SCHEMA_FILE,
  FRAUD_ALERT_SCHEMA_FILE,
} from '../../pipelines/fraud-actions/schema-files.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import type { FraudAlert } from '../../pipelines/fraud/fraud-alert.ts';
import type { BatchContext } from '../../pipelines/streaming/step.ts';
import { createTopic, uniqueTopic } from '../support/infrastructure.ts';
import { openBroker, readRecords, type BrokerFixture } from './broker.ts';
import { alert, auditDatabases, minutes, rows } from './fixtures.ts';

const databases = auditDatabases('broker');
let broker: BrokerFixture;
let client: ClickHouseClient;
let commandSchemaId: number;
let alertSchemaId: number;

beforeAll(async () => {
  broker = await openBroker();
  client = await databases.open('fraud_broker');
  commandSchemaId = await broker.codec.register(ACCOUNT_COMMAND_SCHEMA_FILE);
  alertSchemaId = await broker.codec.register(FRAUD_ALERT_SCHEMA_FILE);
});
afterAll(async () => {
  await broker.close();
  await databases.closeAll();
});

const context: BatchContext = {
  topic: 'fraud.detections',
  partition: 0,
  firstOffset: '0',
  lastOffset: '2',
  logger: silentLogger(),
};

/** A credential theft then an IRSF burst on acc-1, a warning on acc-2, and a source-IP alert naming acc-3. */
const alerts: FraudAlert[] = [
  alert({
    alertId: 'theft',
    rule: 'brute-force-then-success',
    reason: 'success after 40 auth failures from 203.0.113.7',
  }),
  alert({ alertId: 'burst', detectedAt: minutes(2) }),
  alert({
    alertId: 'warn',
    severity: 'warning',
    rule: 'out-of-hours-spike',
    accountIds: ['acc-2'],
    detectedAt: minutes(3),
  }),
  alert({
    alertId: 'scan',
    rule: 'scanner-user-agent',
    accountIds: ['acc-3'],
    key: 'ip:198.51.100.9',
    detectedAt: minutes(4),
  }),
];

describe('fraud actions through the broker and the schema registry', () => {
  it('stores every alert, publishes each command once per id, and a replay adds no new command id', async () => {
    const commandTopic = uniqueTopic('fraud.commands');
    const alertTopic = uniqueTopic('fraud.alerts');
    await createTopic(commandTopic, 3);
    await createTopic(alertTopic, 3);
    const steps = (policy: ActionPolicy) =>
      fraudActionSteps(
        policy,
        { client, rulesVersion: 'rules-v1' },
        {
          client,
          commands: new AccountCommandPublisher(broker.codec, commandSchemaId, broker.reliable, commandTopic),
          alerts: new FraudAlertPublisher(
            broker.codec,
            alertSchemaId,
            broker.reliable,
            alertTopic,
            'rules-v1',
          ),
        },
      );

    const policy = new ActionPolicy();
    const snapshot = JSON.parse(JSON.stringify(policy.store.snapshot())) as unknown;
    const result = await steps(policy).run(alerts, context);
    expect(result).toEqual({ alerts: 4, commands: 2, publishedAlerts: 4, publishedCommands: 2 });

    // Replay after a crash: the job restarts from the snapshot taken before the batch and decides again.
    const store = new AccountActionStore();
    store.restore(snapshot);
    const replayed = await steps(new ActionPolicy({}, { store })).run(alerts, context);
    expect(replayed.publishedCommands).toBe(2);

    const records = await readRecords(broker.kafka, commandTopic, 4);
    const decoded = await Promise.all(records.map((r) => broker.codec.decode(r.value)));
    const commands = decoded.map((d) => {
      if (!d.ok) throw d.error;
      expect(d.schemaId).toBe(commandSchemaId);
      return accountCommandOf(d.value);
    });
    const distinct = [...new Map(commands.map((c) => [c.commandId, c])).values()];
    expect(distinct).toHaveLength(2);
    expect(distinct.map((c) => [c.kind, c.accountId, c.rule]).sort()).toEqual([
      ['suspend', 'acc-1', 'brute-force-then-success'],
      ['suspend', 'acc-3', 'scanner-user-agent'],
    ]);
    expect(records.map((r) => [r.key, r.headers['command-id']])).toEqual(
      commands.map((c) => [c.accountId, c.commandId]),
    );
    expect(commands.map((c) => [c.keepEmergencyCalls, c.samples.length])).toEqual(
      commands.map(() => [true, 2]),
    );
    // One account's commands share a partition (keyed by account).
    const partitionsOfAcc1 = new Set(records.filter((r) => r.key === 'acc-1').map((r) => r.partition));
    expect(partitionsOfAcc1.size).toBe(1);

    const alertRecords = await readRecords(broker.kafka, alertTopic, 8);
    const decodedAlerts = await Promise.all(alertRecords.map((r) => broker.codec.decode(r.value)));
    const first = decodedAlerts.find((d) => d.ok && fraudAlertOf(d.value).alert.alertId === 'scan');
    expect(first?.ok === true ? fraudAlertOf(first.value) : undefined).toMatchObject({
      alert: { rule: 'scanner-user-agent', accountIds: ['acc-3'], key: 'ip:198.51.100.9' },
      rulesVersion: 'rules-v1',
    });

    expect(await rows(client, 'SELECT alert_id, outcomes FROM fraud_alerts FINAL ORDER BY alert_id')).toEqual(
      [
        { alert_id: 'burst', outcomes: '{"acc-1":"already-suspended"}' },
        { alert_id: 'scan', outcomes: '{"acc-3":"command"}' },
        { alert_id: 'theft', outcomes: '{"acc-1":"command"}' },
        { alert_id: 'warn', outcomes: '{"acc-2":"alert-only"}' },
      ],
    );
    const stored = await rows<{ command_id: string; status: string }>(
      client,
      'SELECT command_id, status FROM account_commands FINAL ORDER BY account_id',
    );
    expect(stored.map((r) => r.status)).toEqual(['published', 'published']);
    expect(new Set(stored.map((r) => r.command_id))).toEqual(new Set(commands.map((c) => c.commandId)));
  });
});
