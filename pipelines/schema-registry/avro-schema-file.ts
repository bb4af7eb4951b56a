import { readFile } from 'node:fs/promises';
import avsc from 'avsc';
import { PipelineError, errorMessage } from '../core/errors.ts';
import { avroLogicalTypes } from './timestamp-millis.ts';

export interface LoadedAvroSchema {
  readonly path: string;
  /** The schema as compact JSON text, what is sent to the registry. */
  readonly text: string;
  /** The parsed avsc type, `timestamp-millis` as `Date`. */
  readonly type: avsc.Type;
  /** The Confluent subject under which it is registered: `namespace.name` (the client's default). */
  readonly subject: string;
}

function invalid(path: string, reason: string, cause?: unknown): PipelineError {
  return new PipelineError('SCHEMA_INVALID', `Avro schema ${path}: ${reason}`, { cause, details: { path } });
}

/** Reads an `.avsc` file: a named record with a namespace (its subject is `namespace.name`). */
export async function loadAvroSchema(path: string): Promise<LoadedAvroSchema> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw invalid(path, `cannot read it as JSON: ${errorMessage(error)}`, error);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw invalid(path, 'expected a JSON object (a named record schema)');
  }
  const { type: kind, name, namespace } = json as Record<string, unknown>;
  if (kind !== 'record' || typeof name !== 'string' || name === '') {
    throw invalid(path, 'expected a named record ("type": "record" with a "name")');
  }
  if (name.includes('.')) {
    throw invalid(path, `record name ${name} must be a simple name, with the namespace in "namespace"`);
  }
  if (typeof namespace !== 'string' || namespace === '') {
    throw invalid(
      path,
      `record ${name} has no "namespace": the registry subject is namespace.name, so a namespace is required`,
    );
  }
  let type: avsc.Type;
  try {
    type = avsc.Type.forSchema(json as avsc.Schema, { logicalTypes: avroLogicalTypes });
  } catch (error) {
    throw invalid(path, `not a valid Avro schema: ${errorMessage(error)}`, error);
  }
  return { path, text: JSON.stringify(json), type, subject: `${namespace}.${name}` };
}
