import { FIRMWARE_VERSION, compareFirmware } from './firmware-version.ts';
import type { CatalogueDevice, DeviceCheck, DeviceMatcher } from './reference-types.ts';

/** The first dotted number (`1.2`, `66.86.0.15`) in a text. */
const DEFAULT_FIRMWARE = /(\d+(?:\.\d+)+)/;
const CACHE_LIMIT = 4096;

interface CompiledEntry {
  readonly device: CatalogueDevice;
  /** Index in the User-Agent where the recognised part ends, or -1. */
  match(userAgent: string, lowerCase: string): number;
  readonly firmware: RegExp;
}

function compile(device: CatalogueDevice): CompiledEntry {
  const firmware =
    device.firmwarePattern === undefined ? DEFAULT_FIRMWARE : new RegExp(device.firmwarePattern, 'i');
  if (device.pattern.kind === 'prefix') {
    const prefix = device.pattern.prefix.toLowerCase();
    return { device, firmware, match: (_ua, lower) => (lower.startsWith(prefix) ? prefix.length : -1) };
  }
  const regex = new RegExp(device.pattern.source, 'i');
  return {
    device,
    firmware,
    match: (userAgent) => {
      const found = regex.exec(userAgent);
      return found === null ? -1 : found.index + found[0].length;
    },
  };
}

const NO_USER_AGENT: DeviceCheck = Object.freeze({ approved: false, reason: 'no-user-agent' });
const NOT_IN_CATALOGUE: DeviceCheck = Object.freeze({ approved: false, reason: 'not-in-catalogue' });

/**
 * Compiles the catalogue into a matcher: the first entry (file order) whose pattern recognises the
 * User-Agent decides; with a minimum firmware, the firmware is read after the recognised part (or with the
 * entry's firmwarePattern) and must be at least the minimum. Results are cached per User-Agent (bounded).
 */
export function compileDeviceMatcher(devices: readonly CatalogueDevice[]): DeviceMatcher {
  const compiled = devices.map(compile);
  const cache = new Map<string, DeviceCheck>();

  const check = (userAgent: string): DeviceCheck => {
    const lower = userAgent.toLowerCase();
    for (const entry of compiled) {
      const end = entry.match(userAgent, lower);
      if (end < 0) continue;
      const { id, minFirmware } = entry.device;
      if (minFirmware === undefined) return Object.freeze({ approved: true, deviceId: id });
      const searched = entry.device.firmwarePattern === undefined ? userAgent.slice(end) : userAgent;
      const firmware = entry.firmware.exec(searched)?.[1];
      if (firmware === undefined || !FIRMWARE_VERSION.test(firmware))
        return Object.freeze({ approved: false, deviceId: id, reason: 'firmware-unknown' });
      return compareFirmware(firmware, minFirmware) >= 0
        ? Object.freeze({ approved: true, deviceId: id, firmware })
        : Object.freeze({ approved: false, deviceId: id, reason: 'firmware-too-old', firmware });
    }
    return NOT_IN_CATALOGUE;
  };

  return Object.freeze({
    entries: devices,
    isCatalogueDevice: (userAgent: string | null | undefined): DeviceCheck => {
      if (userAgent === null || userAgent === undefined || userAgent.trim() === '') return NO_USER_AGENT;
      const cached = cache.get(userAgent);
      if (cached !== undefined) return cached;
      const result = check(userAgent);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(userAgent, result);
      return result;
    },
  });
}
