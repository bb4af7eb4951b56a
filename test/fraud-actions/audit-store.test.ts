import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import {
  accountTimeline,
  formatAccountHistory,
  statusFromCommands,
} from '../../pipelines/fraud-actions/account-history-report.ts';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import {
  accountCommandRow,
  fraudAlertRow,
  insertAccountCommands,
  insertFraudAlerts,
  readAccountCommand,
  readAccountHistory,
} from '../../pipelines/fraud-actions/audit-store.ts';
import { reinstateCommand } from '../../pipelines/fraud-actions/operator-command.ts';
import { alert, auditDatabases, minutes, rows } from './fixtures.ts';

const databases = auditDatabases('audit');
afterAll(() => databases.closeAll());

const recordedAt = (n: number): Date => new Date(Date.UTC(2026, 3, 1, 0, 0, n));

describe('migration 0009', () => {
  it('creates the audit tables keyed by id, and a second run applies nothing new', async () => {
    const client = await databases.open('audit_migrations');
    const tables = await rows(
      client,
      `SELECT name, engine, sorting_key FROM system.tables
       WHERE database = currentDatabase() AND name IN ('fraud_alerts', 'account_commands') ORDER BY name`,
    );
    expect(tables).toEqual([
      { name: 'account_commands', engine: 'ReplacingMergeTree', sorting_key: 'account_id, command_id' },
      { name: 'fraud_alerts', engine: 'ReplacingMergeTree', sorting_key: 'alert_id' },
    ]);
    expect((await runMigrations(client, { logger: silentLogger() })).applied).toEqual([]);
  });
});

describe('audit store', () => {
  it('stores the same alert twice as one row (FINAL), with counts, samples, outcomes and rules version', async () => {
    const client = await databases.open('audit_alerts');
    const policy = new ActionPolicy();
    const a = alert({ alertId: 'a1', accountIds: ['acc-1', 'acc-2'] });
    const decision = policy.decide(a);
    await insertFraudAlerts(client, [fraudAlertRow(a, decision.outcomes, 'rules-v1', recordedAt(0))]);
    await insertFraudAlerts(client, [fraudAlertRow(a, decision.outcomes, 'rules-v1', recordedAt(5))]);
    expect(await rows(client, 'SELECT count() AS n FROM fraud_alerts')).toEqual([{ n: '2' }]);
    const stored = await rows(
      client,
      `SELECT alert_id, rule, severity, account_ids, window_key, toString(detected_at) AS detected_at,
              counts, samples, rules_version, outcomes, toString(recorded_at) AS recorded_at
       FROM fraud_alerts FINAL`,
    );
    expect(stored).toEqual([
      {
        alert_id: 'a1',
        rule: 'irsf-burst',
        severity: 'critical',
        account_ids: ['acc-1', 'acc-2'],
        window_key: 'account:acc-1',
        detected_at: '2026-03-10 10:00:00.000',
        counts: '{"calls":12,"minutes":37,"cost":"41.20"}',
        samples:
          '[{"kind":"call","id":"call-7","at":"2026-03-10T09:59:00.000Z","summary":"+88216****** 42 s 3.10 EUR"},' +
          '{"kind":"registration","id":"reg-3","at":"2026-03-10T09:50:00.000Z","summary":"REGISTERED from 203.0.113.7"}]',
        rules_version: 'rules-v1',
        outcomes: '{"acc-1":"command","acc-2":"command"}',
        recorded_at: '2026-04-01 00:00:05.000',
      },
    ]);
  });

  it('keeps one row per command, the published status winning over an issued one recorded later', async () => {
    const client = await databases.open('audit_commands');
    const [command] = new ActionPolicy().decide(alert({ alertId: 'a1' })).commands;
    if (command === undefined) throw new Error('no command');
    await insertAccountCommands(client, [accountCommandRow(command, 'issued', recordedAt(0))]);
    await insertAccountCommands(client, [accountCommandRow(command, 'published', recordedAt(1))]);
    // A replay records it issued again, later: it must not look unpublished.
    await insertAccountCommands(client, [accountCommandRow(command, 'issued', recordedAt(2))]);
    const stored = await rows(
      client,
      'SELECT command_id, status, keep_emergency_calls FROM account_commands FINAL',
    );
    expect(stored).toEqual([
      { command_id: command.commandId, status: 'published', keep_emergency_calls: true },
    ]);
    const read = await readAccountCommand(client, 'acc-1', command.commandId);
    expect(read).toEqual({ ...command, status: 'published', recordedAt: recordedAt(1) });
    expect(await readAccountCommand(client, 'acc-1', 'nope')).toBeUndefined();
  });

  it('reads an account history back as a timeline: alert, suspension, reinstatement', async () => {
    const client = await databases.open('audit_history');
    const policy = new ActionPolicy();
    const theft = alert({
      alertId: 'a1',
      rule: 'brute-force-then-success',
      reason: '40 auth failures then success',
    });
    const burst = alert({ alertId: 'a2', detectedAt: minutes(3) });
    const other = alert({ alertId: 'a3', accountIds: ['acc-9'], detectedAt: minutes(4) });
    const decisions = [theft, burst, other].map((a) => policy.decide(a));
    await insertFraudAlerts(
      client,
      [theft, burst, other].map((a, i) =>
        fraudAlertRow(a, decisions[i]?.outcomes ?? [], 'rules-v1', recordedAt(0)),
      ),
    );
    const reinstate = reinstateCommand({
      accountId: 'acc-1',
      reason: 'customer changed passwords',
      operator: 'alice',
      requestedAt: minutes(45),
    });
    const commands = [...decisions.flatMap((d) => d.commands), reinstate];
    await insertAccountCommands(
      client,
      commands.map((c) => accountCommandRow(c, 'published', recordedAt(1))),
    );

    const history = await readAccountHistory(client, 'acc-1');
    expect(history.alerts.map((a) => [a.alertId, a.outcomes['acc-1']])).toEqual([
      ['a1', 'command'],
      ['a2', 'already-suspended'],
    ]);
    expect(history.alerts[0]?.samples[0]?.at).toEqual(new Date('2026-03-10T09:59:00.000Z'));
    expect(history.commands.map((c) => [c.kind, c.rule, c.requestedBy])).toEqual([
      ['suspend', 'brute-force-then-success', 'fraud-detector'],
      ['reinstate', 'operator', 'alice'],
    ]);
    expect(
      accountTimeline(history).map((e) => (e.type === 'alert' ? `alert ${e.alert.alertId}` : e.command.kind)),
    ).toEqual(['alert a1', 'suspend', 'alert a2', 'reinstate']);
    expect(statusFromCommands(history.commands)).toBe('active');
    expect(statusFromCommands(history.commands.slice(0, 1))).toBe('suspended');
    const text = formatAccountHistory(history).join('\n');
    expect(text).toContain('account acc-1: active; 2 alert(s), 2 command(s)');
    expect(text).toMatch(/2026-03-10T10:00:00\.000Z\s+suspend\s+critical\s+brute-force-then-success/);
    expect(text).toContain('customer changed passwords');
    expect(formatAccountHistory(await readAccountHistory(client, 'acc-none'))).toEqual([
      'account acc-none: active; 0 alert(s), 0 command(s)',
      'no alert and no command recorded',
    ]);
  });
});
