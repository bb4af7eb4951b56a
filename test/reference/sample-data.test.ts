import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import { isAccountActiveAt } from '../../pipelines/reference/reference-types.ts';
import { SAMPLE_DIRECTORY, copyOfSample } from './reference-fixtures.ts';

describe('the sample reference directory', () => {
  it('loads with its customers, accounts, plans, devices and tariffs', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    expect(data.customers.map((c) => c.id)).toEqual(['C-1001', 'C-1002', 'C-1003', 'C-2001', 'C-3001']);
    expect(data.accounts).toHaveLength(9);
    expect(data.plans.map((p) => p.id)).toEqual(['illimite-national', 'pro-minute']);
    expect(data.tariffs.map((t) => t.id)).toEqual(['tarif-pro', 'tarif-standard']);
    expect(data.deviceMatcher.entries.map((d) => d.vendor)).toEqual(
      expect.arrayContaining(['Yealink', 'Snom', 'Gigaset', 'Panasonic', 'Cisco', 'Poly']),
    );
    expect(data.version).toMatch(/^[0-9a-f]{12}$/);
    expect(data.hash.startsWith(data.version)).toBe(true);
  });

  it('resolves an account to its customer, plan and effective limits', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    const context = data.account('c1002-mleroy');
    expect(context?.customer.id).toBe('C-1002');
    expect(context?.customer.slaEligible).toBe(false);
    expect(context?.plan).toEqual({
      id: 'illimite-national',
      name: 'Illimité National fixe et mobile',
      includedClasses: ['national-fixed', 'national-mobile'],
      limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
      breachPolicy: 'rest-of-month',
      requireCatalogueDevice: true,
      tariffId: 'tarif-standard',
      monthlyFee: '29.90',
    });
    expect(context?.limits).toEqual({
      maxDistinctNumbers: 150,
      maxConcurrentCalls: 3,
      maxRegisteredDevices: 4,
    });
    expect(context?.customer.overrides.thresholds).toEqual({ maxInternationalCallsPerHour: 20 });
    expect(context?.planApplies).toBe(true);
    expect(data.account('nobody')).toBeUndefined();
  });

  it('marks telecom professionals: the plan does not apply to them', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    expect(data.account('c2001-plateau-01')?.customer.category).toBe('call-centre');
    expect(data.account('c2001-plateau-01')?.planApplies).toBe(false);
    expect(data.account('c3001-trunk')?.planApplies).toBe(false);
    expect(data.account('c1001-boutique')?.planApplies).toBe(true);
  });

  it('applies plan defaults and keeps money as written', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    expect(data.plan('pro-minute')).toMatchObject({
      includedClasses: [],
      limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
      breachPolicy: 'rest-of-month',
      requireCatalogueDevice: false,
      monthlyFee: '9.90',
    });
  });

  it('has a standard tariff with a price change on the 15th, at 00:00 Paris time', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    const tariff = data.tariff('tarif-standard');
    expect(tariff?.versions.map((v) => [v.version, v.effectiveFrom.toISOString()])).toEqual([
      ['2026-01', '2025-12-31T23:00:00.000Z'],
      ['2026-03-15', '2026-03-14T23:00:00.000Z'],
    ]);
    const mobile = (version: number) =>
      tariff?.versions[version]?.rates.find((r) => r.prefix === '336')?.tiers[0]?.pricePerMinute.toFixed(4);
    expect([mobile(0), mobile(1)]).toEqual(['0.0500', '0.0450']);
    const destinations = new Set(tariff?.versions[0]?.rates.map((r) => r.destinationId));
    for (const id of [
      'FR_SVA_089',
      'FR_SPECIAL_FREE',
      'HIGH_RISK_CU',
      'SAT_IRIDIUM',
      'FR_FIXED',
      'FR_MOBILE',
    ]) {
      expect(destinations).toContain(id);
    }
  });

  it('keeps an account active from 00:00 Paris on activeFrom to the end of activeTo', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    const account = data.account('c1003-atelier')?.account;
    if (account === undefined) throw new Error('missing account');
    expect(isAccountActiveAt(account, new Date('2026-06-30T21:59:59.999Z'))).toBe(true);
    expect(isAccountActiveAt(account, new Date('2026-06-30T22:00:00.000Z'))).toBe(false);
    expect(isAccountActiveAt(account, new Date('2024-05-05T21:59:59.999Z'))).toBe(false);
    expect(isAccountActiveAt(account, new Date('2024-05-05T22:00:00.000Z'))).toBe(true);
  });

  it('is immutable', async () => {
    const data = await loadReferenceData(SAMPLE_DIRECTORY);
    expect(Object.isFrozen(data)).toBe(true);
    expect(Object.isFrozen(data.customers)).toBe(true);
    expect(Object.isFrozen(data.customer('C-1001'))).toBe(true);
    expect(Object.isFrozen(data.plan('illimite-national')?.limits)).toBe(true);
    expect(Object.isFrozen(data.tariff('tarif-standard')?.versions[0]?.rates[0]?.tiers)).toBe(true);
    expect(() => {
      (data.customers as unknown as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('hashes the normalised contents: formatting does not change the version, a price does', async () => {
    const first = await loadReferenceData(SAMPLE_DIRECTORY);
    const copy = await copyOfSample();
    try {
      const plans = join(copy.directory, 'plans.yaml');
      const text = await readFile(plans, 'utf8');
      await writeFile(
        plans,
        `# reformatted\n${text.replace(/ {2}- id: pro-minute/, '\n  - id: pro-minute')}`,
      );
      const reformatted = await loadReferenceData(copy.directory);
      expect(reformatted.hash).toBe(first.hash);

      const tariff = join(copy.directory, 'tariffs', 'tarif-standard.csv');
      const csv = await readFile(tariff, 'utf8');
      await writeFile(tariff, csv.replace(',FR_MOBILE,336,0,0.0500,', ',FR_MOBILE,336,0,0.050,'));
      expect((await loadReferenceData(copy.directory)).hash).toBe(first.hash);
      await writeFile(tariff, csv.replace(',FR_MOBILE,336,0,0.0500,', ',FR_MOBILE,336,0,0.0510,'));
      expect((await loadReferenceData(copy.directory)).hash).not.toBe(first.hash);
    } finally {
      await copy.remove();
    }
  });
});
