import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { runCli } from '../reports/cli-capture.ts';

// Embedded ClickHouse (chDB) and the sample reference data (infra/reference/sample: C-1001 eligible,
// C-1002 not eligible, C-1003 terminated 2026-06-30, C-2001 eligible, C-3001 not eligible).
const directory = mkdtempSync(join(tmpdir(), 'cdr-availability-cli-'));
const env = { CLICKHOUSE_DATA_PATH: join(directory, 'chdb'), LOG_LEVEL: 'silent' };

function event(fields: Record<string, unknown>): string {
  return JSON.stringify({
    service: 'hosted-telephony',
    cause: 'operator-fault',
    plannedMaintenance: false,
    description: 'no dial tone',
    ...fields,
  });
}

const lines = [
  event({
    eventId: 'T-100/1',
    ticketNumber: 'T-100',
    status: 'opened',
    customerId: 'C-1001',
    startedAt: '2026-06-10T08:00:00Z',
    updatedAt: '2026-06-10T08:05:00Z',
  }),
  event({
    eventId: 'T-100/2',
    ticketNumber: 'T-100',
    status: 'closed',
    customerId: 'C-1001',
    startedAt: '2026-06-10T08:00:00Z',
    acknowledgedAt: '2026-06-10T08:30:00Z',
    resolvedAt: '2026-06-10T12:00:00Z',
    updatedAt: '2026-06-10T12:01:00Z',
  }),
  event({
    eventId: 'T-101/1',
    ticketNumber: 'T-101',
    status: 'closed',
    customerId: 'C-1002',
    startedAt: '2026-06-11T08:00:00+02:00',
    acknowledgedAt: '2026-06-11T08:00:00+02:00',
    resolvedAt: '2026-06-11T13:00:00+02:00',
    updatedAt: '2026-06-11T13:00:00+02:00',
  }),
  event({
    eventId: 'T-102/1',
    ticketNumber: 'T-102',
    status: 'closed',
    customerId: 'C-2001',
    service: 'access-link',
    cause: 'planned-maintenance',
    plannedMaintenance: true,
    startedAt: '2026-06-12T01:00:00Z',
    resolvedAt: '2026-06-12T03:00:00Z',
    updatedAt: '2026-06-12T03:00:00Z',
  }),
  event({
    eventId: 'T-103/1',
    ticketNumber: 'T-103',
    status: 'closed',
    customerId: 'C-1001',
    startedAt: '2026-06-13T10:00:00Z',
    resolvedAt: '2026-06-13T09:00:00Z',
    updatedAt: '2026-06-13T10:00:00Z',
  }),
  '{ not json',
];
const file = join(directory, 'tickets.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);

describe('cdr-pipeline incidents import / availability run / availability report (embedded)', () => {
  it('imports tickets through the validation, keeps bad rows in the rejects file with line and reason', async () => {
    const rejects = join(directory, 'rejects.csv');
    const run = await runCli(['incidents', 'import', file, '--rejects', rejects], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('6 events, 4 stored, 2 rejected');
    const rejected = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(rejected[0]).toBe('line,reason,raw');
    expect(rejected[1]).toMatch(/^5,resolvedAt is before startedAt,/);
    expect(rejected[2]).toMatch(/^6,not a JSON object,/);
    // Importing the same file again changes nothing.
    expect((await runCli(['incidents', 'import', file, '--rejects', rejects], env)).code).toBe(3);
    const client = await createClickHouseClient({ dataPath: env.CLICKHOUSE_DATA_PATH }, silentLogger());
    try {
      const result = await client.query({
        query: 'SELECT ticket_number, status FROM incidents FINAL ORDER BY ticket_number',
        format: 'JSONEachRow',
      });
      expect(await result.json()).toEqual([
        { ticket_number: 'T-100', status: 'CLOSED' },
        { ticket_number: 'T-101', status: 'CLOSED' },
        { ticket_number: 'T-102', status: 'CLOSED' },
      ]);
    } finally {
      await client.close();
    }
  });

  it('computes and stores the month, and reports it; running it twice gives the same rows', async () => {
    const args = [
      'availability',
      'run',
      '--month',
      '2026-06',
      '--format',
      'json',
      '--until',
      '2026-07-15T00:00:00Z',
    ];
    const first = await runCli(args, env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const document = JSON.parse(first.stdout) as {
      rows: Record<string, unknown>[];
      repairs: Record<string, unknown>[];
    };
    const byKey = new Map(
      document.rows.map((r) => [`${String(r['customerId'])}/${String(r['service'])}`, r]),
    );
    expect([...byKey.keys()]).toEqual([
      'C-1001/access-link',
      'C-1001/hosted-telephony',
      'C-1002/access-link',
      'C-1002/hosted-telephony',
      'C-1003/access-link',
      'C-1003/hosted-telephony',
      'C-2001/access-link',
      'C-2001/hosted-telephony',
      'C-3001/access-link',
      'C-3001/hosted-telephony',
    ]);
    expect(byKey.get('C-1001/hosted-telephony')).toMatchObject({
      minutesInMonth: 43_200,
      unavailableMinutes: 240,
      availabilityPercent: '99.444444',
      slaEligible: true,
      creditRate: '0.10',
      tickets: ['T-100'],
    });
    expect(byKey.get('C-1002/hosted-telephony')).toMatchObject({
      unavailableMinutes: 300,
      slaEligible: false,
      creditRate: '0.00',
    });
    expect(byKey.get('C-2001/access-link')).toMatchObject({
      unavailableMinutes: 0,
      excusedMinutes: 120,
      creditRate: '0.00',
    });
    expect(document.repairs.find((r) => r['ticketNumber'] === 'T-100')).toMatchObject({
      status: 'met',
      repairMs: 3.5 * 3_600_000,
    });

    expect((await runCli(args, env)).code).toBe(0);
    const report = await runCli(
      ['availability', 'report', '--month', '2026-06', '--customer', 'C-1001', '--format', 'csv'],
      env,
    );
    expect(report.code).toBe(0);
    expect(report.stdout.split('\r\n').filter((l) => l !== '')).toEqual([
      'month,customer_id,service,minutes_in_month,unavailable_minutes,excused_minutes,availability_percent,sla_eligible,credit_rate,tickets',
      '2026-06,C-1001,access-link,43200,0,0,100.000000,true,0.00,',
      '2026-06,C-1001,hosted-telephony,43200,240,0,99.444444,true,0.10,T-100',
    ]);
    const table = await runCli(['availability', 'report', '--month', '2026-06'], env);
    expect(table.stdout).toContain('not eligible');
    expect(table.stdout).toContain('T-100');
    // One row per (customer, service) after two runs.
    const client = await createClickHouseClient({ dataPath: env.CLICKHOUSE_DATA_PATH }, silentLogger());
    try {
      const result = await client.query({
        query: "SELECT count() AS rows FROM sla_availability WHERE month = '2026-06-01'",
        format: 'JSONEachRow',
      });
      expect(await result.json()).toEqual([{ rows: '10' }]);
    } finally {
      await client.close();
    }
  });

  it('rejects a bad month with a usage error', async () => {
    const run = await runCli(['availability', 'report', '--month', '2026-13'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--month must be YYYY-MM');
  });
});
