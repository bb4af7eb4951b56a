import { EntryReader, readTopLevelList } from './entry-reader.ts';
import { FIRMWARE_VERSION } from './firmware-version.ts';
import type { FileProblems } from './problems.ts';
import type { CatalogueDevice, DevicePattern } from './reference-types.ts';
import type { YamlFile } from './yaml-file.ts';

export const DEVICES_FILE = 'devices.yaml';

const DEVICE_KEYS = ['id', 'vendor', 'model', 'pattern', 'prefix', 'minFirmware', 'firmwarePattern'] as const;

/**
 * Reads `devices.yaml`: `devices: [{ id, vendor, model, pattern | prefix, minFirmware?, firmwarePattern? }]`.
 * `pattern` is a case-insensitive regular expression, `prefix` a case-insensitive prefix; exactly one.
 * An invalid regular expression is reported naming the entry.
 */
export function readDevices(file: YamlFile, problems: FileProblems): CatalogueDevice[] {
  const devices: CatalogueDevice[] = [];
  const seen = new Map<string, number | undefined>();
  for (const { item, path } of readTopLevelList(file, 'devices', problems)) {
    const reader = EntryReader.of(file, problems, path, item, DEVICE_KEYS);
    if (reader === undefined) continue;
    const id = reader.identifier('id');
    const vendor = reader.string('vendor');
    const model = reader.string('model');
    const pattern = readPattern(reader, id);
    const minFirmware = reader.optionalString('minFirmware', {
      pattern: FIRMWARE_VERSION,
      patternDoc: 'a dotted version such as 66.86.0.15',
    });
    const firmwarePattern = reader.optionalString('firmwarePattern');
    if (firmwarePattern !== undefined) {
      const problem = regexProblem(firmwarePattern);
      if (problem !== undefined) {
        reader.problem('firmwarePattern', `device "${id ?? '?'}": invalid regular expression: ${problem}`);
      } else if (new RegExp(`${firmwarePattern}|`).exec('')?.length !== 2) {
        reader.problem('firmwarePattern', `device "${id ?? '?'}": needs exactly one capture group`);
      }
    }
    if (id !== undefined) {
      if (seen.has(id))
        reader.problem('id', `duplicate device id "${id}" (first on line ${seen.get(id) ?? '?'})`);
      else seen.set(id, reader.line('id'));
    }
    if (
      !reader.valid ||
      id === undefined ||
      vendor === undefined ||
      model === undefined ||
      pattern === undefined
    ) {
      continue;
    }
    devices.push({
      id,
      vendor,
      model,
      pattern,
      ...(minFirmware === undefined ? {} : { minFirmware }),
      ...(firmwarePattern === undefined ? {} : { firmwarePattern }),
    });
  }
  return devices;
}

function readPattern(reader: EntryReader, id: string | undefined): DevicePattern | undefined {
  const hasPattern = reader.has('pattern');
  const hasPrefix = reader.has('prefix');
  if (hasPattern === hasPrefix) {
    reader.problem(
      hasPattern ? 'prefix' : undefined,
      `device "${id ?? '?'}": give exactly one of pattern (regex) or prefix`,
    );
    return undefined;
  }
  if (hasPrefix) {
    const prefix = reader.string('prefix');
    return prefix === undefined ? undefined : { kind: 'prefix', prefix };
  }
  const source = reader.string('pattern');
  if (source === undefined) return undefined;
  const problem = regexProblem(source);
  if (problem !== undefined) {
    reader.problem('pattern', `device "${id ?? '?'}": invalid regular expression: ${problem}`);
    return undefined;
  }
  return { kind: 'regex', source };
}

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'i');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
