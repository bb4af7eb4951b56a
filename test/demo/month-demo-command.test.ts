import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../pipelines/cli/main.ts';

describe('cdr-pipeline demo (the embedded default)', () => {
  it('rates a generated month into chDB and finds every expected fair-use outcome and the tariff change', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cdr-month-demo-'));
    const printed: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await main(['demo', '--accounts', '60', '--seed', '7'], {
        CLICKHOUSE_DATA_PATH: join(directory, 'chdb'),
        LOG_LEVEL: 'silent',
      });
    } finally {
      stdout.mockRestore();
    }
    const output = printed.join('');
    expect(output).toContain('All expected outcomes found.');
    expect(output).not.toContain('FAIL');
    expect(output).toMatch(/ok {3}c\d{4}-\S+ +distinct-numbers-over-limit +breaches: distinct-numbers/);
    expect(output).toMatch(/ok {3}c\d{4}-\S+ +concurrent-calls-over-limit +breaches: concurrent-calls/);
    expect(output).toContain('Usage report: March 2026 (2026-03), Europe/Paris time');
    expect(code).toBe(0);
  });
});
