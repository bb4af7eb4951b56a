import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { at, BI_MONTH, BI_MONTH_LABEL, insertBiFixture } from './bi-fixture.ts';

/**
 * The bi_* views of migration 0011 over a small data set written the way the pipeline writes it, replays
 * and recomputations included: every view must give the deduplicated figures, money as exact strings.
 *
 * The data lives in the month before the current one, so the usage is read live (detailed rows are kept
 * 12 months) whatever the day the test runs.
 */
const root = mkdtempSync(path.join(tmpdir(), 'cdr-chdb-bi-views-'));
let client: ClickHouseClient;

/** Rows as JSON; Decimals as strings with their full scale ('2.00', '0.050000'), so the types show too. */
async function rows(query: string): Promise<Record<string, unknown>[]> {
  const result = await client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_decimal_trailing_zeros: 1 },
  });
  return result.json<Record<string, unknown>>();
}

function pick(row: Record<string, unknown>, columns: readonly string[]): unknown[] {
  return columns.map((column) => row[column]);
}

beforeAll(async () => {
  client = await createClickHouseClient(
    { dataPath: path.join(root, 'chdb'), database: 'cdr' },
    silentLogger(),
  );
  await runMigrations(client, { logger: silentLogger() });
  await insertBiFixture(client);
});

afterAll(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

describe('BI views (migration 0011) over replayed and recomputed data', () => {
  it('creates every bi_ view', async () => {
    const views = await rows(
      `SELECT name, engine FROM system.tables WHERE database = currentDatabase() AND name LIKE 'bi\\_%' ORDER BY name`,
    );
    expect(views.map((view) => [view['name'], view['engine']])).toEqual(
      [
        'bi_account_commands',
        'bi_account_status',
        'bi_availability',
        'bi_fraud_alert_accounts',
        'bi_fraud_alerts',
        'bi_incidents',
        'bi_invoice_lines',
        'bi_invoices',
        'bi_monthly_breaches',
        'bi_monthly_customer_usage',
        'bi_monthly_usage',
      ].map((name) => [name, 'View']),
    );
  });

  it('bi_monthly_usage: a replayed call once, a re-rated call at its latest rating, Paris month', async () => {
    const result = await rows('SELECT * FROM bi_monthly_usage ORDER BY account_id');
    const columns = [
      'month',
      'month_label',
      'customer_id',
      'account_id',
      'calls',
      'in_plan_calls',
      'off_plan_calls',
      'in_plan_minutes',
      'off_plan_minutes',
      'off_plan_amount',
      'fair_use_amount',
      'fair_use_calls',
      'currency',
      'breaches',
      'source',
    ];
    expect(result.map((row) => pick(row, columns))).toEqual([
      [
        BI_MONTH,
        BI_MONTH_LABEL,
        'C-1',
        'acc-1',
        '3',
        '1',
        '2',
        '2.00',
        '2.00',
        '0.173456',
        '0.050000',
        '1',
        'EUR',
        '1',
        'live',
      ],
      [
        BI_MONTH,
        BI_MONTH_LABEL,
        'C-1',
        'acc-2',
        '1',
        '1',
        '0',
        '1.02',
        '0.00',
        '0.000000',
        '0.000000',
        '0',
        'EUR',
        '0',
        'live',
      ],
    ]);
  });

  it('bi_monthly_customer_usage: the sums of the accounts', async () => {
    const result = await rows('SELECT * FROM bi_monthly_customer_usage');
    const columns = [
      'month_label',
      'customer_id',
      'accounts',
      'calls',
      'in_plan_minutes',
      'off_plan_minutes',
    ];
    expect(
      result.map((row) => pick(row, [...columns, 'off_plan_amount', 'fair_use_amount', 'breaches'])),
    ).toEqual([[BI_MONTH_LABEL, 'C-1', '2', '4', '3.02', '2.00', '0.173456', '0.050000', '1']]);
  });

  it('bi_monthly_breaches: a replayed breach once, per rule', async () => {
    const result = await rows('SELECT * FROM bi_monthly_breaches');
    expect(
      result.map((row) => pick(row, ['month_label', 'customer_id', 'account_id', 'rule', 'breaches'])),
    ).toEqual([[BI_MONTH_LABEL, 'C-1', 'acc-1', 'distinct-numbers', '1']]);
  });

  it('bi_availability: the latest computation, tiers on whole minutes, the cap and ineligibility', async () => {
    const result = await rows('SELECT * FROM bi_availability ORDER BY customer_id, service');
    const columns = [
      'month_label',
      'customer_id',
      'service',
      'unavailable_minutes',
      'availability_percent',
      'objective_percent',
      'below_objective',
      'sla_eligible',
      'tier_rate',
      'credit_rate',
      'credit_percent',
      'capped',
      'ticket_count',
    ];
    expect(result.map((row) => pick(row, columns))).toEqual([
      [
        BI_MONTH_LABEL,
        'C-1',
        'access-link',
        1400,
        '96.759259',
        '99.85',
        true,
        true,
        '0.2000',
        '0.1000',
        '10.00',
        true,
        1,
      ],
      [
        BI_MONTH_LABEL,
        'C-1',
        'hosted-telephony',
        216,
        '99.500000',
        '99.85',
        true,
        true,
        '0.0500',
        '0.0500',
        '5.00',
        false,
        1,
      ],
      [
        BI_MONTH_LABEL,
        'C-2',
        'hosted-telephony',
        100,
        '99.768518',
        '99.85',
        true,
        false,
        '0.0000',
        '0.0000',
        '0.00',
        false,
        1,
      ],
      [
        BI_MONTH_LABEL,
        'C-3',
        'hosted-telephony',
        65,
        '99.849537',
        '99.85',
        true,
        true,
        '0.0500',
        '0.0500',
        '5.00',
        false,
        1,
      ],
      [
        BI_MONTH_LABEL,
        'C-4',
        'hosted-telephony',
        64,
        '99.851851',
        '99.85',
        false,
        true,
        '0.0000',
        '0.0000',
        '0.00',
        false,
        1,
      ],
    ]);
  });

  it('bi_incidents: the latest state per ticket, duration and time to repair against 4 hours', async () => {
    const result = await rows('SELECT * FROM bi_incidents ORDER BY ticket_number');
    const columns = [
      'ticket_number',
      'status',
      'month_label',
      'excusable',
      'is_open',
      'duration_minutes',
      'time_to_repair_minutes',
      'repair_status',
    ];
    expect(result.map((row) => pick(row, columns))).toEqual([
      ['T-1', 'CLOSED', BI_MONTH_LABEL, false, false, '270.00', '240.00', 'met'],
      [
        'T-2',
        'ACKNOWLEDGED',
        BI_MONTH_LABEL,
        false,
        true,
        result[1]?.['duration_minutes'],
        result[1]?.['time_to_repair_minutes'],
        'overdue',
      ],
      ['T-3', 'CLOSED', BI_MONTH_LABEL, true, false, '60.00', null, 'not-acknowledged'],
    ]);
    // T-2 is still open: its clocks run to now, more than 4 hours after its acknowledgement.
    expect(Number(result[1]?.['time_to_repair_minutes'])).toBeGreaterThan(240);
    expect(Number(result[1]?.['duration_minutes']) - Number(result[1]?.['time_to_repair_minutes'])).toBe(5);
  });

  it('bi_fraud_alerts and bi_fraud_alert_accounts: an alert recorded twice once, with its outcomes', async () => {
    const alerts = await rows('SELECT * FROM bi_fraud_alerts ORDER BY alert_id');
    const columns = [
      'alert_id',
      'rule',
      'severity',
      'month_label',
      'accounts',
      'account_count',
      'outcome',
      'commands',
    ];
    expect(alerts.map((row) => pick(row, columns))).toEqual([
      ['A-1', 'irsf-burst', 'critical', BI_MONTH_LABEL, 'acc-1, acc-9', 2, 'allowlisted, command', 1],
      ['A-2', 'spend-velocity', 'warning', BI_MONTH_LABEL, 'acc-2', 1, 'command', 1],
    ]);
    const perAccount = await rows('SELECT * FROM bi_fraud_alert_accounts ORDER BY alert_id, account_id');
    expect(perAccount.map((row) => pick(row, ['alert_id', 'account_id', 'outcome']))).toEqual([
      ['A-1', 'acc-1', 'command'],
      ['A-1', 'acc-9', 'allowlisted'],
      ['A-2', 'acc-2', 'command'],
    ]);
  });

  it('bi_account_commands: each command once, its furthest status, the account status it leads to', async () => {
    const result = await rows('SELECT * FROM bi_account_commands ORDER BY account_id, effective_at');
    const columns = [
      'command_id',
      'account_id',
      'kind',
      'automatic',
      'command_status',
      'status_before',
      'status_after',
    ];
    expect(result.map((row) => pick(row, columns))).toEqual([
      ['K-1', 'acc-1', 'suspend', true, 'published', 'active', 'suspended'],
      ['K-2', 'acc-1', 'reinstate', false, 'published', 'suspended', 'active'],
      ['K-3', 'acc-2', 'restrict-unlimited', true, 'issued', 'active', 'restricted'],
      ['K-4', 'acc-3', 'suspend', true, 'published', 'active', 'suspended'],
      ['K-5', 'acc-3', 'restrict-unlimited', true, 'published', 'suspended', 'suspended'],
    ]);
  });

  it('bi_account_status: the status from the commands, since its last change', async () => {
    const result = await rows('SELECT * FROM bi_account_status ORDER BY account_id');
    const columns = [
      'account_id',
      'status',
      'status_since',
      'last_command_kind',
      'pending',
      'commands',
      'suspensions',
    ];
    expect(result.map((row) => pick(row, columns))).toEqual([
      ['acc-1', 'active', at(16, '08:00:00.000'), 'reinstate', false, '2', '1'],
      ['acc-2', 'restricted', at(16, '09:00:00.000'), 'restrict-unlimited', true, '1', '0'],
      ['acc-3', 'suspended', at(17, '00:00:00.000'), 'restrict-unlimited', false, '2', '1'],
    ]);
  });

  it('bi_invoices and bi_invoice_lines: the latest run only, a retried insert once', async () => {
    const invoices = await rows('SELECT * FROM bi_invoices ORDER BY invoice_id');
    const columns = [
      'invoice_id',
      'kind',
      'month_label',
      'customer_id',
      'total_excl_vat',
      'vat_amount',
      'total_incl_vat',
    ];
    expect(invoices.map((row) => pick(row, [...columns, 'due_date', 'run_version']))).toEqual([
      ['F-C-1', 'invoice', BI_MONTH_LABEL, 'C-1', '56.93', '11.39', '68.32', `${BI_MONTH_LABEL}-11`, '2'],
      ['FC-C-1', 'complementary', BI_MONTH_LABEL, 'C-1', '0.05', '0.01', '0.06', `${BI_MONTH_LABEL}-11`, '2'],
    ]);
    const lines = await rows('SELECT * FROM bi_invoice_lines ORDER BY invoice_id, line_no');
    expect(
      lines.map((row) => pick(row, ['invoice_id', 'invoice_kind', 'line_no', 'kind', 'quantity', 'amount'])),
    ).toEqual([
      ['F-C-1', 'invoice', 1, 'subscription', '2.000000', '59.80'],
      ['F-C-1', 'invoice', 2, 'usage', '2.000000', '0.12'],
      ['F-C-1', 'invoice', 3, 'sla-credit', '1.000000', '-2.99'],
      ['FC-C-1', 'complementary', 1, 'fair-use', '1.000000', '0.05'],
    ]);
    // The sum of the current lines is the invoices' total excluding VAT.
    const [totals] = await rows(
      `SELECT (SELECT sum(amount) FROM bi_invoice_lines) AS lines, (SELECT sum(total_excl_vat) FROM bi_invoices) AS invoices`,
    );
    expect(totals).toEqual({ lines: '56.98', invoices: '56.98' });
  });
});
