import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { runMigrations } from '../../pipelines/clickhouse/migrations.ts';
import {
  applyRetention,
  breachRow,
  insertBreaches,
  insertRatedCalls,
  ratedCallRow,
} from '../../pipelines/clickhouse/rating-store.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { formatInvoicesJson } from '../../pipelines/invoicing/invoice-json.ts';
import { readCurrentInvoices } from '../../pipelines/invoicing/invoice-store.ts';
import { runInvoiceMonth } from '../../pipelines/invoicing/run-invoice-month.ts';
import type { RatedCall } from '../../pipelines/rating/rated-call.ts';
import { breach, inPlanCall, ratedCall, rows } from '../clickhouse/rating-fixtures.ts';
import { runCli } from '../reports/cli-capture.ts';

const REFERENCE = 'test/invoicing/fixtures/reference';
const BILLING = 'test/invoicing/fixtures/billing';
const DATABASE = 'invoicing';

const root = mkdtempSync(join(tmpdir(), 'cdr-invoicing-'));
const dataPath = join(root, 'chdb');
const outDirectory = join(root, 'out');
let client: ClickHouseClient;

const feb = (day: number, hour = 10): Date => new Date(Date.UTC(2026, 1, day, hour, 0, 0));
const call = (
  callId: string,
  accountId: string,
  customerId: string,
  overrides: Partial<RatedCall> = {},
): RatedCall => ratedCall({ callId, accountId, customerId, startTime: feb(5), ...overrides });

const februaryCalls: RatedCall[] = [
  call('uk-1', 'c1001-accueil', 'C-1001', { callee: '+442079460001' }),
  call('uk-2', 'c1001-accueil', 'C-1001', { startTime: feb(6), callee: '+442079460002' }),
  call('conc-4', 'c1001-direction', 'C-1001', {
    startTime: feb(9),
    reason: 'concurrent-calls-exceeded',
    callee: '+33612345678',
    destinationClass: 'national-mobile',
    destinationCountry: 'FR',
    amount: '0.150000',
  }),
  inPlanCall({ callId: 'in-1', accountId: 'c1001-direction', customerId: 'C-1001', startTime: feb(9, 11) }),
  call('pro-1', 'c1004-plateau', 'C-1004', { reason: 'telecom-professional', amount: '0.050000' }),
  call('pro-2', 'c1004-plateau', 'C-1004', {
    reason: 'telecom-professional',
    amount: '0.050000',
    startTime: feb(7),
  }),
  call('pro-3', 'c1004-plateau', 'C-1004', {
    reason: 'telecom-professional',
    amount: '0.050000',
    startTime: feb(8),
  }),
  call('nt-1', 'c1004-plateau', 'C-1004', { reason: 'no-tariff', amount: '0', startTime: feb(8, 12) }),
  // March: billed on the April invoice, not on March's.
  call('uk-march', 'c1001-accueil', 'C-1001', { startTime: new Date(Date.UTC(2026, 2, 5, 10)) }),
];

async function slaRow(customerId: string, month: string, rate: string): Promise<void> {
  await client.insert({
    table: 'sla_availability',
    format: 'JSONEachRow',
    values: [
      {
        month: `${month}-01`,
        customer_id: customerId,
        service: 'hosted-telephony',
        minutes_in_month: 40_320,
        unavailable_minutes: 150,
        excused_minutes: 0,
        availability_percent: '99.627976',
        sla_eligible: true,
        credit_rate: rate,
        tickets: ['TCK-42'],
        computed_at: '2026-03-01 02:00:00.000',
      },
    ],
  });
}

const env = {
  CLICKHOUSE_DATA_PATH: dataPath,
  CLICKHOUSE_DATABASE: DATABASE,
  CDR_REFERENCE_DIR: REFERENCE,
  LOG_LEVEL: 'silent',
};

beforeAll(async () => {
  client = await createClickHouseClient({ dataPath, database: DATABASE }, silentLogger());
  await runMigrations(client, { logger: silentLogger() });
  await applyRetention(client, 600);
  await insertRatedCalls(
    client,
    februaryCalls.map((c) => ratedCallRow(c, new Date('2026-03-01T00:00:00Z'))),
  );
  await insertBreaches(client, [
    breachRow(
      breach({
        breachId: 'breach-conc-4',
        accountId: 'c1001-direction',
        customerId: 'C-1001',
        at: feb(9),
        triggeringCallId: 'conc-4',
      }),
      new Date('2026-03-01T00:00:00Z'),
    ),
  ]);
  await slaRow('C-1001', '2026-02', '0.05');
});

afterAll(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

const run = (now: string) =>
  runInvoiceMonth(
    client,
    {
      month: '2026-03',
      referenceDirectory: REFERENCE,
      billingDirectory: BILLING,
      outDirectory,
      now: new Date(now),
    },
    silentLogger(),
  );

const summary = (docs: Awaited<ReturnType<typeof run>>['stored']) =>
  docs.map((d) => [
    d.invoiceId,
    d.totals.totalExclVat.toFixed(2),
    d.totals.vatAmount.toFixed(2),
    d.totals.totalInclVat.toFixed(2),
    d.lines.map((l) => `${l.kind}:${l.amount.toFixed(2)}`).join(' '),
  ]);

describe('invoice run (ClickHouse via chDB)', () => {
  it('bills March 2026: subscriptions of March, fees and usage of February, SLA credit, complementary invoice', async () => {
    const { result, stored, summary: runSummary } = await run('2026-03-02T08:00:00Z');
    expect(summary(stored)).toEqual([
      [
        'F-202603-C-1001',
        '147.23',
        '29.45',
        '176.68',
        'subscription:29.90 subscription:29.90 recurring-service:89.00 usage:1.42 sla-credit:-2.99',
      ],
      ['FC-202603-C-1001', '0.15', '0.03', '0.18', 'fair-use:0.15'],
      ['F-202603-C-1002', '78.90', '15.78', '94.68', 'subscription:29.90 one-off:49.00'],
      ['F-202603-C-1003', '29.90', '5.98', '35.88', 'subscription:29.90'],
      ['F-202603-C-1004', '30.05', '6.01', '36.06', 'subscription:29.90 usage:0.15'],
    ]);
    // What was stored reads back exactly as it was computed.
    expect(formatInvoicesJson('2026-03', stored, [])).toBe(
      formatInvoicesJson('2026-03', result.documents, []),
    );
    expect(stored[1]?.lines[0]?.evidence).toEqual(['breach-conc-4']);
    expect(runSummary.warnings).toEqual([
      '1 call(s) of 2026-02 have no tariff (reason no-tariff) and are not billed: fix the tariff and re-rate',
    ]);
    expect(runSummary.totalInclVat).toBe('343.48');
  });

  it('run twice gives the same documents, with no duplicate row', async () => {
    const first = await readCurrentInvoices(client, { month: '2026-03' });
    const { stored: second, summary: s } = await run('2026-03-02T08:00:00Z'); // same clock: the version still increases
    expect(formatInvoicesJson('2026-03', second, [])).toBe(formatInvoicesJson('2026-03', first, []));
    const [counts] = await rows<{ invoices: string; distinct_ids: string; lines: string; raw_lines: string }>(
      client,
      `SELECT
         (SELECT count() FROM invoices FINAL WHERE month = '2026-03-01') AS invoices,
         (SELECT uniqExact(invoice_id) FROM invoices FINAL WHERE month = '2026-03-01') AS distinct_ids,
         (SELECT count() FROM invoice_lines_current WHERE month = '2026-03-01') AS lines,
         (SELECT count() FROM invoice_lines WHERE month = '2026-03-01') AS raw_lines`,
    );
    expect(counts).toEqual({ invoices: '5', distinct_ids: '5', lines: '11', raw_lines: '11' });
    const [version] = await rows<{ v: string }>(
      client,
      `SELECT toString(max(run_version)) AS v FROM invoices_current`,
    );
    expect(version?.v).toBe(String(s.runVersion));
    expect(s.runVersion).toBe(new Date('2026-03-02T08:00:00Z').getTime() + 1);
  });

  it('writes JSON, CSV and one self-contained HTML invoice per document, with masked numbers only', () => {
    const json = readFileSync(join(outDirectory, 'invoices-2026-03.json'), 'utf8');
    expect(JSON.parse(json)).toMatchObject({ month: '2026-03' });
    expect(json).toContain('"totalInclVat": "176.68"');
    const csv = readFileSync(join(outDirectory, 'invoices-2026-03.csv'), 'utf8');
    expect(csv.split('\r\n')[1]).toBe(
      'F-202603-C-1001,invoice,draft,2026-03,C-1001,Cabinet Durand & Associés,2026-03-01,2026-03-11,EUR,147.23,29.45,176.68,5',
    );
    expect(readFileSync(join(outDirectory, 'invoice-lines-2026-03.csv'), 'utf8').split('\r\n')).toHaveLength(
      13,
    ); // header, 11 lines, final CRLF
    const html = readFileSync(join(outDirectory, 'html', 'FC-202603-C-1001.html'), 'utf8');
    expect(html).toContain('+336******78');
    expect(html).not.toContain('+33612345678');
    expect(html).not.toMatch(/<script|<link|src=/);
    const invoiceHtml = readFileSync(join(outDirectory, 'html', 'F-202603-C-1001.html'), 'utf8');
    expect(invoiceHtml).toContain('176,68\u00a0€');
    expect(invoiceHtml).toContain('−2,99\u00a0€');
    expect(existsSync(join(outDirectory, 'html', 'F-202603-C-1004.html'))).toBe(true);
  });

  it('cli: invoice interest on a partly paid, partly disputed invoice', async () => {
    const result = await runCli(
      [
        'invoice',
        'interest',
        '--invoice',
        'F-202603-C-1001',
        '--paid-on',
        '2026-03-31',
        '--billing-dir',
        BILLING,
        '--format',
        'json',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as Record<string, unknown>;
    // 176.68 - 50.00 disputed = 126.68 for 9 days, then 26.68 after the 100.00 paid on 03-20, at 12.15 %:
    // (126.68 x 9 + 26.68 x 11) x 0.1215 / 365 = 0.47721...
    expect(answer).toMatchObject({ dueDate: '2026-03-11', excludedDisputed: '50.00', interest: '0.48' });
    expect((answer['periods'] as { from: string; base: string }[]).map((p) => [p.from, p.base])).toEqual([
      ['2026-03-12', '126.68'],
      ['2026-03-21', '26.68'],
    ]);
  });

  it('cli: invoice termination-fee from the months billed so far', async () => {
    const result = await runCli(
      [
        'invoice',
        'termination-fee',
        '--customer',
        'C-1001',
        '--on',
        '2026-03-20',
        '--billing-dir',
        BILLING,
        '--format',
        'json',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    // One month billed (March: 59.80 + 89.00 + 1.42 + 0.15 = 150.37), 27 months left (2026-04 .. 2028-06).
    expect(JSON.parse(result.stdout)).toMatchObject({
      initialPeriodEnd: '2028-06-09',
      remainingMonths: 27,
      monthsAveraged: ['2026-03'],
      fee: '4059.99',
    });
  });

  it('cli: invoice run, and usage errors', async () => {
    const ok = await runCli(['invoice', 'run', '--month', '2026-03', '--billing-dir', BILLING], env);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('invoice run 2026-03');
    expect(ok.stdout).toContain('4 invoice(s), 1 complementary invoice(s), total incl. VAT 343.48 EUR');
    const bad = await runCli(['invoice', 'run', '--month', '2026-13'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month must be a month YYYY-MM');
  });

  it('a re-run after a re-rating replaces the drafts: a line that disappears is gone, not left behind', async () => {
    await insertRatedCalls(
      client,
      ['uk-1', 'uk-2'].map((id) =>
        ratedCallRow(
          inPlanCall({
            callId: id,
            accountId: 'c1001-accueil',
            customerId: 'C-1001',
            startTime: id === 'uk-1' ? feb(5) : feb(6),
            ratingVersion: 2,
          }),
          new Date('2026-03-03T00:00:00Z'),
        ),
      ),
    );
    const { stored } = await run('2026-03-04T08:00:00Z');
    expect(summary(stored)[0]).toEqual([
      'F-202603-C-1001',
      '145.81',
      '29.16',
      '174.97',
      'subscription:29.90 subscription:29.90 recurring-service:89.00 sla-credit:-2.99',
    ]);
    const [counts] = await rows<{ lines: string; raw_lines: string }>(
      client,
      `SELECT (SELECT count() FROM invoice_lines_current WHERE month = '2026-03-01') AS lines,
              (SELECT count() FROM invoice_lines WHERE month = '2026-03-01') AS raw_lines`,
    );
    expect(counts).toEqual({ lines: '10', raw_lines: '10' });
  });

  it('refuses billing data naming an unknown customer', async () => {
    const error: unknown = await runInvoiceMonth(
      client,
      {
        month: '2026-03',
        referenceDirectory: REFERENCE,
        billingDirectory: 'test/invoicing/fixtures/bad-billing',
        now: new Date(),
      },
      silentLogger(),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BILLING_DATA_INVALID' });
    expect(String(error)).toContain('charges.yaml: customerId: unknown customer "C-9999"');
    expect(String(error)).toContain('charges.yaml:12: charges[1].amount: expected a quoted decimal string');
  });
});
