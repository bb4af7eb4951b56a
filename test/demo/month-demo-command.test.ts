import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../pipelines/cli/main.ts';
import { createClickHouseClient } from '../../pipelines/clickhouse/client-factory.ts';
import { silentLogger } from '../../pipelines/core/logger.ts';
import { readAccountHistory } from '../../pipelines/fraud-actions/audit-store.ts';

describe('cdr-pipeline demo (the embedded default)', () => {
  it('rates a generated month into chDB, detects the credential theft and finds every expected outcome', async () => {
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

    // Fraud: the section after the usage report, then its part of the scenario check.
    const section = output.slice(
      output.indexOf('Fraud alerts and suspensions'),
      output.indexOf('Scenario check'),
    );
    expect(section).toMatch(
      /^Fraud alerts and suspensions \(rules [0-9a-f]{12}, infra\/fraud\/rules\.yaml\)/,
    );
    expect(section).toMatch(/; 0 late; \d+ emergency calls counted by no rule/);
    expect(section).toMatch(/^brute-force-then-success +0 +1 +1$/m);
    expect(section).toContain('Commands: 1 suspend (c0011-comptoir), 0 restrict-unlimited;');
    expect(section).toContain('commands are stored in account_commands (status issued), not published');
    expect(section).toMatch(
      /^ {2}\d\d:\d\d:\d\d {2}SUSPEND {5}command [0-9a-f]{12} \([a-z-]+\), stored issued/m,
    );
    expect(section).toMatch(/compromise +REGISTER succeeds from 203\.0\.113\.77/);
    expect(section).toMatch(/critical +irsf-burst: 30 calls to high-risk\/premium numbers \(\+\d{3}\.\.\./);
    expect(section).toMatch(
      /^Detection latency \(event time\): suspension effective .+ (BEFORE|after) the first fraudulent event/m,
    );
    expect(section.trim().split('\n').length).toBeLessThanOrEqual(35);
    expect(section).not.toMatch(/\+\d{6,}|\b0\d{8,}\b/); // numbers stay masked
    expect(output).toMatch(/ok {3}c0011-comptoir +credential-theft +fraud: \d+ critical alerts; suspend \(/);
    expect(output).toMatch(/ok {3}c0011-comptoir +IRSF alone +critical /);
    expect(output).toMatch(/ok {3}no fraud command for the 59 other accounts/);
    expect(output).toMatch(
      /ok {3}emergency calls: (\d+) rated as emergency, \1 skipped by fraud detection, none in any alert/,
    );

    // The audit trail holds the alerts and the one suspension, read back as `account history` does.
    const client = await createClickHouseClient({ dataPath: join(directory, 'chdb') }, silentLogger());
    try {
      const history = await readAccountHistory(client, 'c0011-comptoir');
      expect(history.commands.map((c) => [c.kind, c.status, c.requestedBy])).toEqual([
        ['suspend', 'issued', 'fraud-detector'],
      ]);
      expect(history.alerts.filter((a) => a.severity === 'critical').length).toBeGreaterThan(5);
      expect(history.alerts.every((a) => a.rulesVersion.length === 12)).toBe(true);
    } finally {
      await client.close();
    }
  });
});
