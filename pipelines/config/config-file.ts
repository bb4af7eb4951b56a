import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { PipelineError, errorMessage } from '../core/errors.ts';

export type ConfigSections = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a YAML or JSON config file shaped `{ section: { option: value } }`. */
export async function readConfigFile(path: string): Promise<ConfigSections> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PipelineError(
      'CONFIG_FILE_UNREADABLE',
      `cannot read config file ${path}: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new PipelineError(
      'CONFIG_INVALID',
      `config file ${path} is not valid YAML/JSON: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed))
    throw new PipelineError('CONFIG_INVALID', `config file ${path}: expected a mapping of sections`);
  const sections: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [name, section] of Object.entries(parsed)) {
    if (!isPlainObject(section)) {
      throw new PipelineError(
        'CONFIG_INVALID',
        `config file ${path}: section "${name}" must be a mapping of options`,
      );
    }
    sections[name] = section;
  }
  return sections;
}
