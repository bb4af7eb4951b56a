import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { PipelineError } from '../core/errors.ts';
import { parseCsvMapping, type CsvMapping } from './csv-mapping.ts';

/** Reads and validates a generic-CSV mapping file, YAML or JSON (see `CsvMapping` for its shape). */
export async function loadCsvMappingFile(path: string): Promise<CsvMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PipelineError('CONFIG_FILE_UNREADABLE', `cannot read csv mapping file ${path}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new PipelineError('CONFIG_INVALID', `csv mapping file ${path} is not valid YAML/JSON`, {
      cause: error,
    });
  }
  return parseCsvMapping(data, `csv mapping file ${path}`);
}
