import { fileURLToPath } from 'node:url';

/** The Avro schemas shipped with the pipeline (the top-level `schemas/` folder). */
export const CALL_RECORD_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/cdr/CallRecord.avsc', import.meta.url),
);
