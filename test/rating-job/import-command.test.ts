import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../pipelines/cli/main.ts';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { parisMonthOf } from '../../pipelines/time/paris-calendar.ts';

// A real Asterisk Master.csv (cdr_csv column order, no header, Paris local times) written for a recent month:
// rated rows older than the 12-month retention would be dropped by the table's TTL.
const directory = mkdtempSync(join(tmpdir(), 'cdr-import-'));
const env = { CLICKHOUSE_DATA_PATH: join(directory, 'chdb'), LOG_LEVEL: 'silent' };
const day = new Date(Date.now() - 3 * 86_400_000);
const date = day.toISOString().slice(0, 10);
const month = parisMonthOf(new Date(`${date}T12:00:00Z`));

function row(
  peer: string,
  dst: string,
  start: string,
  answer: string,
  end: string,
  duration: number,
  billsec: number,
  disposition: string,
  uniqueid: string,
): string {
  const quoted = (s: string): string => `"${s.replace(/"/g, `""`)}"`;
  return [
    quoted(''),
    quoted('1001'),
    quoted(dst),
    quoted('from-internal'),
    quoted('"Boutique" <1001>'),
    quoted(`SIP/${peer}-0000001a`),
    quoted('SIP/trunk-0000001b'),
    quoted('Dial'),
    quoted(`SIP/trunk/${dst},60`),
    quoted(`${date} ${start}`),
    answer === '' ? '' : quoted(`${date} ${answer}`),
    quoted(`${date} ${end}`),
    String(duration),
    String(billsec),
    quoted(disposition),
    quoted('DOCUMENTATION'),
    quoted(uniqueid),
    quoted(''),
  ].join(',');
}

const lines = [
  row('c1001-boutique', '0612345678', '10:00:00', '10:00:05', '10:02:05', 125, 120, 'ANSWERED', '1.1'),
  row('c1001-boutique', '00447700900123', '10:05:00', '10:05:05', '10:06:35', 95, 90, 'ANSWERED', '1.2'),
  row('c1001-boutique', '112', '10:10:00', '10:10:02', '10:11:02', 62, 60, 'ANSWERED', '1.3'),
  row('c2001-plateau-01', '0140000000', '10:20:00', '10:20:05', '10:21:06', 66, 61, 'ANSWERED', '1.4'),
  row('c1001-boutique', '0140000000', '11:00:00', '', '10:59:00', 0, 0, 'NO ANSWER', '1.5'), // ends before it starts
  row('c1001-boutique', 'abc', '11:10:00', '11:10:02', '11:11:02', 62, 60, 'ANSWERED', '1.6'), // not a number
];
const file = join(directory, 'Master.csv');
writeFileSync(file, `${lines.join('\n')}\n`);

afterAll(() => {
  vi.restoreAllMocks();
});

describe('cdr-pipeline import (embedded)', () => {
  it('rates an Asterisk export into ClickHouse and keeps broken rows in the rejects file with line and reason', async () => {
    const printed: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const rejects = join(directory, 'rejects.csv');
    const code = await main(['import', file, '--format', 'asterisk', '--rejects', rejects], env);
    stdout.mockRestore();
    expect(code).toBe(3); // finished, with rejected rows
    expect(printed.join('')).toContain('6 rows, 4 rated, 2 rejected');

    const rejected = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(rejected[0]).toBe('line,reason,raw');
    expect(rejected[1]).toMatch(/^5,endTime is before startTime,/);
    expect(rejected[2]).toMatch(/^6,"?callee: /);

    const client = await createClickHouseClient({ dataPath: env.CLICKHOUSE_DATA_PATH }, silentLogger());
    try {
      const rows = await (
        await client.query({
          query: `SELECT call_id, account_id, callee, reason, toString(amount) AS amount, tariff_version FROM rated_calls FINAL
                  WHERE month = toDate({month:String} || '-01') ORDER BY call_id`,
          query_params: { month },
          format: 'JSONEachRow',
        })
      ).json<Record<string, string>>();
      expect(rows.map((r) => [r['call_id'], r['account_id'], r['callee'], r['reason'], r['amount']])).toEqual(
        [
          ['1.1', 'c1001-boutique', '+33612345678', 'in-plan', '0'],
          ['1.2', 'c1001-boutique', '+447700900123', 'destination-not-in-plan', '0.15'],
          ['1.3', 'c1001-boutique', '112', 'emergency', '0'],
          ['1.4', 'c2001-plateau-01', '+33140000000', 'telecom-professional', '0.0203'],
        ],
      );
    } finally {
      await client.close();
    }
  });
});
