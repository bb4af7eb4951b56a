import avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import { fraudAlertOf, fraudAlertRecord } from '../../pipelines/fraud-actions/alert-record.ts';
import { accountCommandOf, accountCommandRecord } from '../../pipelines/fraud-actions/command-record.ts';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import {
  ACCOUNT_COMMAND_SCHEMA_FILE,
  FRAUD_ALERT_SCHEMA_FILE,
} from '../../pipelines/fraud-actions/schema-files.ts';
import { reinstateCommand } from '../../pipelines/fraud-actions/operator-command.ts';
import { loadAvroSchema } from '../../pipelines/schema-registry/avro-codec.ts';
import { avroLogicalTypes } from '../../pipelines/schema-registry/timestamp-millis.ts';
import { alert, T0 } from './fixtures.ts';

const roundTrip = (type: avsc.Type, value: unknown): unknown => type.fromBuffer(type.toBuffer(value));

describe('Avro records of commands and alerts', () => {
  it('schemas are namespaced records with their subject', async () => {
    expect((await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE)).subject).toBe(
      'net.cdrpipeline.fraud.AccountCommand',
    );
    expect((await loadAvroSchema(FRAUD_ALERT_SCHEMA_FILE)).subject).toBe('net.cdrpipeline.fraud.FraudAlert');
  });

  it('a suspension survives the binary round trip, counts as text, emergency calls kept', async () => {
    const { type } = await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE);
    const [command] = new ActionPolicy().decide(alert({ alertId: 'a1' })).commands;
    if (command === undefined) throw new Error('no command');
    const decoded = accountCommandOf(roundTrip(type, accountCommandRecord(command)));
    expect(decoded).toEqual({
      ...command,
      counts: { calls: '12', cost: '41.20', minutes: '37' },
      keepEmergencyCalls: true,
    });
  });

  it('an operator reinstatement has no alert id', async () => {
    const { type } = await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE);
    const command = reinstateCommand({ accountId: 'acc-1', reason: 'ok', operator: 'bob', requestedAt: T0 });
    const record = accountCommandRecord(command);
    expect(record).toMatchObject({
      kind: 'REINSTATE',
      severity: 'WARNING',
      alertId: null,
      keepEmergencyCalls: true,
    });
    expect(accountCommandOf(roundTrip(type, record))).toEqual({ ...command, keepEmergencyCalls: true });
  });

  it('refuses a command that would block emergency calls, or of an unknown kind', async () => {
    const { type } = await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE);
    const command = reinstateCommand({ accountId: 'acc-1', reason: 'ok', operator: 'bob', requestedAt: T0 });
    const decoded = roundTrip(type, { ...accountCommandRecord(command), keepEmergencyCalls: false });
    const code = (value: unknown): string | undefined => {
      try {
        accountCommandOf(value);
        return undefined;
      } catch (error) {
        return (error as PipelineError).code;
      }
    };
    expect(code(decoded)).toBe('RECORD_INVALID');
    expect(code({ ...accountCommandRecord(command), kind: 'DELETE' })).toBe('RECORD_INVALID');
  });

  it('old command data without keepEmergencyCalls reads as true (the field has a default)', async () => {
    const { type } = await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE);
    const json = JSON.parse((await loadAvroSchema(ACCOUNT_COMMAND_SCHEMA_FILE)).text) as {
      fields: { name: string }[];
    };
    const older = avsc.Type.forSchema(
      { ...json, fields: json.fields.filter((f) => f.name !== 'keepEmergencyCalls') } as avsc.Schema,
      { logicalTypes: avroLogicalTypes },
    );
    const command = reinstateCommand({ accountId: 'acc-1', reason: 'ok', operator: 'bob', requestedAt: T0 });
    const { keepEmergencyCalls: _, ...oldRecord } = accountCommandRecord(command);
    const resolver = type.createResolver(older);
    const read = type.fromBuffer(older.toBuffer(oldRecord), resolver) as { keepEmergencyCalls: boolean };
    expect(read.keepEmergencyCalls).toBe(true);
  });

  it('an alert survives the binary round trip with its rules version', async () => {
    const { type } = await loadAvroSchema(FRAUD_ALERT_SCHEMA_FILE);
    const original = alert({
      alertId: 'a1',
      accountIds: ['acc-1', 'acc-2'],
      severity: 'warning',
      rule: 'spend-velocity',
    });
    const decoded = fraudAlertOf(roundTrip(type, fraudAlertRecord(original, 'rules-v3')));
    expect(decoded).toEqual({
      alert: { ...original, counts: { calls: '12', cost: '41.20', minutes: '37' } },
      rulesVersion: 'rules-v3',
    });
  });
});
