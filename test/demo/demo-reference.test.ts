import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_REFERENCE_DIRECTORY,
  buildDemoPopulation,
  writeDemoReferenceData,
} from '../../pipelines/demo/month/index.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import { parisLocalMidnight, parisMonthBounds } from '../../pipelines/time/paris-calendar.ts';
import { demoFixture } from './demo-fixture.ts';

async function filesOf(directory: string): Promise<Map<string, string>> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(directory.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}

describe('the demo reference data', () => {
  it('loads with loadReferenceData and holds every account the traffic uses', async () => {
    const { month, reference } = await demoFixture();
    expect(reference.accounts).toHaveLength(300);
    expect(reference.customers).toHaveLength(month.population.customers.length);
    expect(reference.plans.map((p) => [p.id, p.breachPolicy])).toEqual([
      ['illimite-national', 'rest-of-month'],
      ['illimite-national-mensuel', 'whole-month'],
    ]);
    const unknown = new Set(
      [...month.calls.map((c) => c.accountId), ...month.registrations.map((e) => e.accountId)].filter(
        (id) => reference.account(id) === undefined,
      ),
    );
    expect(unknown).toEqual(new Set());
    expect(reference.account('c0009-plateau-01')?.planApplies).toBe(false);
    expect(reference.account('c0007-associes')?.limits.maxRegisteredDevices).toBe(4);
    expect(reference.account('c0012-nouveau-poste')?.account.activeFrom).toBe('2026-03-10');
    expect(reference.account('c0012-ancien-poste')?.account.activeTo).toBe('2026-03-20');
  });

  it('has two tariff versions, the second taking effect at 00:00 Paris on the 15th of the month', async () => {
    const { month, reference } = await demoFixture();
    const tariff = reference.tariff('tarif-standard');
    expect(tariff?.versions.map((v) => [v.version, v.effectiveFrom.toISOString()])).toEqual([
      ['2026-01', '2025-12-31T23:00:00.000Z'],
      ['2026-03-15', '2026-03-14T23:00:00.000Z'],
    ]);
    const { start, end } = parisMonthBounds('2026-03');
    const second = tariff?.versions[1]?.effectiveFrom.getTime() ?? 0;
    expect(second - start.getTime()).toBe(14 * 86_400_000);
    expect(end.getTime() - second).toBeGreaterThan(14 * 86_400_000);
    expect(month.scenario.tariffChange.effectiveFrom).toEqual(parisLocalMidnight('2026-03-15'));
  });

  it('prices the calls either side of the change with the version in force at their start', async () => {
    const { month, reference } = await demoFixture();
    const classify = createNumberClassifier(parseNumberingOptions());
    const tariff = reference.tariff('tarif-standard');
    if (tariff === undefined) throw new Error('no tariff');
    const { callBefore, callAfter } = month.scenario.tariffChange;
    const versions = [callBefore, callAfter].map((edge) => {
      const call = month.calls.find((c) => c.callId === edge.callId);
      if (call === undefined) throw new Error(`no call ${edge.callId}`);
      const priced = priceCall(
        {
          billableSeconds: call.billableSeconds,
          number: classify(call.callee).number,
          startTime: call.startTime,
        },
        tariff,
      );
      return priced.ok
        ? [priced.tariffVersion, priced.destinationId, priced.breakdown.roundedTotal]
        : priced.reason;
    });
    expect(versions).toEqual([
      ['2026-01', 'EU_MOBILE', '0.3000'],
      ['2026-03-15', 'EU_MOBILE', '0.2500'],
    ]);
    expect(callBefore.endTime.getTime()).toBeGreaterThan(month.scenario.tariffChange.effectiveFrom.getTime());
  });

  it('is checked in as infra/reference/demo, up to date with the generator', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cdr-demo-reference-'));
    const written = await writeDemoReferenceData(directory);
    const checkedIn = await filesOf(DEMO_REFERENCE_DIRECTORY);
    for (const file of written.files) {
      expect(
        checkedIn.get(file),
        `${file}: regenerate with npx tsx pipelines/demo/month/write-demo-reference-main.ts`,
      ).toBe(await readFile(join(directory, file), 'utf8'));
    }
    await expect(loadReferenceData(DEMO_REFERENCE_DIRECTORY)).resolves.toMatchObject({
      accounts: expect.any(Array) as unknown,
    });
  });

  it('is written for any month and population size, matching the population of the traffic', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cdr-demo-reference-'));
    const written = await writeDemoReferenceData(directory, { month: '2027-01', accounts: 45 });
    const reference = await loadReferenceData(directory);
    expect(written.accounts).toBe(45);
    expect(reference.accounts.map((a) => a.accountId).sort()).toEqual(
      buildDemoPopulation({ month: '2027-01', accounts: 45 })
        .accounts.map((a) => a.accountId)
        .sort(),
    );
    expect(reference.tariff('tarif-standard')?.versions.map((v) => v.version)).toEqual([
      '2027-01',
      '2027-01-15',
    ]);
  });
});
