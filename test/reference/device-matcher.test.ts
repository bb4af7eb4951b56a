import { describe, expect, it } from 'vitest';
import { compileDeviceMatcher } from '../../pipelines/reference/device-matcher.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { CatalogueDevice } from '../../pipelines/reference/reference-types.ts';
import { SAMPLE_DIRECTORY } from './reference-fixtures.ts';

const CATALOGUE: CatalogueDevice[] = [
  {
    id: 'yealink-t4x',
    vendor: 'Yealink',
    model: 'T4x',
    pattern: { kind: 'regex', source: '^Yealink SIP-T4\\d[A-Z]?\\b' },
    minFirmware: '66.86.0.15',
  },
  {
    id: 'gigaset',
    vendor: 'Gigaset',
    model: 'N670',
    pattern: { kind: 'prefix', prefix: 'Gigaset N670 IP PRO' },
  },
  { id: 'yealink-any', vendor: 'Yealink', model: 'any', pattern: { kind: 'prefix', prefix: 'yealink' } },
];

describe('device catalogue matcher', () => {
  const matcher = compileDeviceMatcher(CATALOGUE);

  it('approves a catalogue User-Agent, case-insensitively', () => {
    expect(matcher.isCatalogueDevice('Yealink SIP-T46S 66.86.0.15')).toEqual({
      approved: true,
      deviceId: 'yealink-t4x',
      firmware: '66.86.0.15',
    });
    expect(matcher.isCatalogueDevice('GIGASET N670 IP PRO/83.V2.11.0')).toEqual({
      approved: true,
      deviceId: 'gigaset',
    });
  });

  it('rejects an unknown User-Agent (third-party softphone)', () => {
    expect(matcher.isCatalogueDevice('Zoiper rv2.10.20.3')).toEqual({
      approved: false,
      reason: 'not-in-catalogue',
    });
    expect(matcher.isCatalogueDevice('friendly-scanner')).toEqual({
      approved: false,
      reason: 'not-in-catalogue',
    });
  });

  it('rejects a missing User-Agent', () => {
    expect(matcher.isCatalogueDevice(null)).toEqual({ approved: false, reason: 'no-user-agent' });
    expect(matcher.isCatalogueDevice(undefined)).toEqual({ approved: false, reason: 'no-user-agent' });
    expect(matcher.isCatalogueDevice('  ')).toEqual({ approved: false, reason: 'no-user-agent' });
  });

  it('checks the minimum firmware, segment by segment', () => {
    expect(matcher.isCatalogueDevice('Yealink SIP-T46S 66.85.0.5')).toEqual({
      approved: false,
      deviceId: 'yealink-t4x',
      reason: 'firmware-too-old',
      firmware: '66.85.0.5',
    });
    expect(matcher.isCatalogueDevice('Yealink SIP-T46S 66.100.0.1')).toMatchObject({ approved: true });
    expect(matcher.isCatalogueDevice('Yealink SIP-T46S')).toEqual({
      approved: false,
      deviceId: 'yealink-t4x',
      reason: 'firmware-unknown',
    });
  });

  it('lets the first matching entry decide', () => {
    expect(matcher.isCatalogueDevice('Yealink W60B 77.85.0.25')).toEqual({
      approved: true,
      deviceId: 'yealink-any',
    });
  });

  it('gives the same answer from its cache', () => {
    const first = matcher.isCatalogueDevice('Yealink SIP-T48U 66.86.0.20');
    expect(matcher.isCatalogueDevice('Yealink SIP-T48U 66.86.0.20')).toBe(first);
  });

  it('matches the sample catalogue', async () => {
    const { deviceMatcher } = await loadReferenceData(SAMPLE_DIRECTORY);
    const check = (ua: string) => deviceMatcher.isCatalogueDevice(ua);
    expect(check('snomD785/10.1.54.13')).toMatchObject({ approved: true, deviceId: 'snom-d7xx' });
    expect(check('Panasonic_KX-TGP600/11.243 (0080F0A1B2C3)')).toMatchObject({
      approved: true,
      deviceId: 'panasonic-kx-tgp',
    });
    expect(check('Cisco/SPA504G-7.6.2e')).toMatchObject({
      approved: true,
      deviceId: 'cisco-spa5xx',
      firmware: '7.6.2',
    });
    expect(check('Cisco/SPA504G-7.5.5')).toMatchObject({ approved: false, reason: 'firmware-too-old' });
    expect(check('PolycomVVX-VVX_450-UA/6.4.0.1234')).toMatchObject({ approved: true, deviceId: 'poly-vvx' });
    expect(check('Poly/Edge E350 8.1.0')).toMatchObject({ approved: true, deviceId: 'poly-edge' });
    expect(check('MicroSIP/3.21.3')).toEqual({ approved: false, reason: 'not-in-catalogue' });
  });
});
