import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse/errors.ts';
import { PipelineError } from '../core/errors.ts';
import type {
  AccountCommand,
  AccountCommandKind,
  EvidenceSample,
  FraudRuleId,
  Severity,
} from '../fraud/fraud-alert.ts';
import type { AccountCommandRow, CommandStatus, FraudAlertRow } from './audit-rows.ts';

export {
  accountCommandRow,
  fraudAlertRow,
  COMMAND_STATUSES,
  type AccountCommandRow,
  type CommandStatus,
  type FraudAlertRow,
} from './audit-rows.ts';

export const FRAUD_ALERTS_TABLE = 'fraud_alerts';
export const ACCOUNT_COMMANDS_TABLE = 'account_commands';

/** ClickHouse's UNKNOWN_TABLE: the database has not been migrated. */
const UNKNOWN_TABLE = 60;

/** Stores alerts; an alert id stored again (replay) stays one row (read with FINAL). */
export async function insertFraudAlerts(
  client: ClickHouseClient,
  rows: readonly FraudAlertRow[],
): Promise<void> {
  await insertRows(client, FRAUD_ALERTS_TABLE, rows);
}

/** Stores commands; a command id stored again stays one row, the furthest status winning (read with FINAL). */
export async function insertAccountCommands(
  client: ClickHouseClient,
  rows: readonly AccountCommandRow[],
): Promise<void> {
  await insertRows(client, ACCOUNT_COMMANDS_TABLE, rows);
}

async function insertRows(
  client: ClickHouseClient,
  table: string,
  rows: readonly (FraudAlertRow | AccountCommandRow)[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    // No insert deduplication token: the same rows inserted again must reach the table (a `published`
    // status after an `issued` one differs anyway), and ReplacingMergeTree collapses them by id.
    await client.insert({ table, values: rows, format: 'JSONEachRow' });
  } catch (error) {
    throw explain(toClickHouseError(error));
  }
}

export interface StoredAlert {
  readonly alertId: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly accountIds: readonly string[];
  readonly key: string;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly detectedAt: Date;
  readonly reason: string;
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly EvidenceSample[];
  readonly rulesVersion: string;
  /** What the policy decided, by account. */
  readonly outcomes: Readonly<Record<string, string>>;
  readonly recordedAt: Date;
}

export interface StoredCommand extends AccountCommand {
  readonly status: CommandStatus;
  readonly recordedAt: Date;
}

export interface AccountHistory {
  readonly accountId: string;
  /** Alerts naming the account, by detection time. */
  readonly alerts: readonly StoredAlert[];
  /** Commands for the account, by effective time. */
  readonly commands: readonly StoredCommand[];
}

const ALERT_COLUMNS = `alert_id, rule, severity, account_ids, window_key, toString(window_start) AS window_start,
  toString(window_end) AS window_end, toString(detected_at) AS detected_at, reason, counts, samples, rules_version,
  outcomes, toString(recorded_at) AS recorded_at`;
const COMMAND_COLUMNS = `command_id, kind, account_id, rule, severity, reason, alert_id, counts, samples,
  toString(effective_at) AS effective_at, requested_by, keep_emergency_calls, status, status_rank,
  toString(recorded_at) AS recorded_at`;

/** Every alert and command of one account, deduplicated (FINAL). */
export async function readAccountHistory(
  client: ClickHouseClient,
  accountId: string,
): Promise<AccountHistory> {
  const [alerts, commands] = await Promise.all([
    select<FraudAlertRow>(
      client,
      `SELECT ${ALERT_COLUMNS} FROM ${FRAUD_ALERTS_TABLE} FINAL
       WHERE has(account_ids, {account:String}) ORDER BY detected_at, alert_id`,
      { account: accountId },
    ),
    select<AccountCommandRow>(
      client,
      `SELECT ${COMMAND_COLUMNS} FROM ${ACCOUNT_COMMANDS_TABLE} FINAL
       WHERE account_id = {account:String} ORDER BY effective_at, command_id`,
      { account: accountId },
    ),
  ]);
  return { accountId, alerts: alerts.map(storedAlert), commands: commands.map(storedCommand) };
}

/** One command by id (FINAL), or undefined. */
export async function readAccountCommand(
  client: ClickHouseClient,
  accountId: string,
  commandId: string,
): Promise<StoredCommand | undefined> {
  const rows = await select<AccountCommandRow>(
    client,
    `SELECT ${COMMAND_COLUMNS} FROM ${ACCOUNT_COMMANDS_TABLE} FINAL
     WHERE account_id = {account:String} AND command_id = {command:String}`,
    { account: accountId, command: commandId },
  );
  const [row] = rows;
  return row === undefined ? undefined : storedCommand(row);
}

async function select<T>(
  client: ClickHouseClient,
  query: string,
  query_params: Record<string, unknown>,
): Promise<T[]> {
  try {
    return await (await client.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
  } catch (error) {
    throw explain(toClickHouseError(error));
  }
}

function explain(error: PipelineError): PipelineError {
  if (error.details['clickhouseCode'] !== UNKNOWN_TABLE) return error;
  return new PipelineError(
    'CLICKHOUSE_QUERY_FAILED',
    'the fraud audit tables do not exist: run `cdr-pipeline db migrate` first',
    { cause: error, details: error.details },
  );
}

/** `2026-03-10 10:00:00.000` (DateTime64 in UTC, as toString prints it) -> Date. */
function utc(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}Z`);
}

interface SampleJson {
  readonly kind: 'call' | 'registration';
  readonly id: string;
  readonly at: string;
  readonly summary: string;
}

function samplesOf(json: string): EvidenceSample[] {
  return (JSON.parse(json) as SampleJson[]).map((s) => ({ ...s, at: new Date(s.at) }));
}

function storedAlert(row: FraudAlertRow): StoredAlert {
  return {
    alertId: row.alert_id,
    rule: row.rule,
    severity: row.severity as Severity,
    accountIds: row.account_ids,
    key: row.window_key,
    windowStart: utc(row.window_start),
    windowEnd: utc(row.window_end),
    detectedAt: utc(row.detected_at),
    reason: row.reason,
    counts: JSON.parse(row.counts) as Record<string, number | string>,
    samples: samplesOf(row.samples),
    rulesVersion: row.rules_version,
    outcomes: JSON.parse(row.outcomes) as Record<string, string>,
    recordedAt: utc(row.recorded_at),
  };
}

function storedCommand(row: AccountCommandRow): StoredCommand {
  return {
    commandId: row.command_id,
    kind: row.kind as AccountCommandKind,
    accountId: row.account_id,
    rule: row.rule as FraudRuleId | 'operator',
    severity: row.severity as Severity,
    reason: row.reason,
    ...(row.alert_id === null ? {} : { alertId: row.alert_id }),
    counts: JSON.parse(row.counts) as Record<string, number | string>,
    samples: samplesOf(row.samples),
    effectiveAt: utc(row.effective_at),
    requestedBy: row.requested_by,
    status: row.status,
    recordedAt: utc(row.recorded_at),
  };
}
