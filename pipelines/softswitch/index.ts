/** Softswitch CDR exports (Asterisk cdr_csv, FreeSWITCH cdr_csv, generic CSV) read into CallRecords. */
export { openCdrFile, CdrFile, type CdrFileCounters } from './cdr-file.ts';
export {
  CdrRowPipeline,
  parseCdrText,
  CDR_FORMATS,
  type CdrFormat,
  type CdrFormatOptions,
} from './cdr-row-pipeline.ts';
export type { ParsedRow, AcceptedRow, RejectedRow } from './parsed-row.ts';
export { asteriskCdrOptionsSpec, AsteriskCdrMapper, type AsteriskCdrOptions } from './asterisk-cdr.ts';
export {
  freeswitchCdrOptionsSpec,
  FreeswitchCdrMapper,
  type FreeswitchCdrOptions,
} from './freeswitch-cdr.ts';
export { genericCsvOptionsSpec, GenericCsvMapper, type GenericCsvOptions } from './generic-csv.ts';
export {
  parseCsvMapping,
  parseColumnAssignments,
  MAPPABLE_FIELDS,
  TIME_FORMATS,
  type CsvMapping,
  type MappableField,
} from './csv-mapping.ts';
export { loadCsvMappingFile } from './csv-mapping-file.ts';
export { RejectsWriter, REJECTS_HEADER } from './rejects-writer.ts';
export {
  ImportProgress,
  formatProgress,
  reportProgressEvery,
  type ProgressSnapshot,
} from './import-progress.ts';
