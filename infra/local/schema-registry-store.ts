import avsc from 'avsc';

/**
 * The in-memory state and rules of the Schema Registry test double, free of HTTP: subjects, their
 * versions, global schema ids, compatibility levels, and Confluent's error codes. Avro only.
 */

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** Confluent's error codes, as the real registry answers them. */
export const REGISTRY_ERROR = {
  badRequest: { status: 400, code: 400 },
  subjectNotFound: { status: 404, code: 40401 },
  versionNotFound: { status: 404, code: 40402 },
  schemaNotFound: { status: 404, code: 40403 },
  subjectCompatibilityNotFound: { status: 404, code: 40408 },
  incompatible: { status: 409, code: 409 },
  invalidSchema: { status: 422, code: 42201 },
  invalidVersion: { status: 422, code: 42202 },
  invalidCompatibility: { status: 422, code: 42203 },
} as const;

export class RegistryError extends Error {
  readonly status: number;
  readonly errorCode: number;

  constructor(kind: { readonly status: number; readonly code: number }, message: string) {
    super(message);
    this.name = 'RegistryError';
    this.status = kind.status;
    this.errorCode = kind.code;
  }
}

export interface SubjectVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
}

interface StoredSchema {
  readonly id: number;
  /** Canonical JSON text: what identity is decided on and what the registry answers. */
  readonly text: string;
  readonly type: avsc.Type;
}

/** JSON with object keys sorted, arrays in order, no whitespace: two spellings of one schema agree. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Parses Avro schema text; a text that is not JSON or not a valid Avro schema is a 42201. */
export function parseAvroSchema(text: string): { readonly canonical: string; readonly type: avsc.Type } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(REGISTRY_ERROR.invalidSchema, `Invalid schema: not JSON: ${String(error)}`);
  }
  try {
    // Never hand avsc a string: it would take it for a type name or a file path.
    const type = avsc.Type.forSchema(json as avsc.Schema);
    return { canonical: canonicalJson(json), type };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegistryError(REGISTRY_ERROR.invalidSchema, `Invalid schema: ${reason}`);
  }
}

/** Why `reader` cannot read data written with `writer`, or undefined when it can. */
function readProblem(reader: avsc.Type, writer: avsc.Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The checks a level asks for between the new schema and the existing versions (oldest first). */
function compatibilityProblems(
  level: CompatibilityLevel,
  candidate: avsc.Type,
  existing: readonly avsc.Type[],
): string[] {
  if (level === 'NONE' || existing.length === 0) return [];
  const transitive = level.endsWith('_TRANSITIVE');
  const against = transitive ? existing : existing.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const problems: string[] = [];
  for (const old of against) {
    const newReadsOld = backward ? readProblem(candidate, old) : undefined;
    if (newReadsOld !== undefined) problems.push(`new schema cannot read old data: ${newReadsOld}`);
    const oldReadsNew = forward ? readProblem(old, candidate) : undefined;
    if (oldReadsNew !== undefined) problems.push(`old schema cannot read new data: ${oldReadsNew}`);
  }
  return problems;
}

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

export class SchemaRegistryStore {
  private readonly schemasById = new Map<number, StoredSchema>();
  private readonly idsByText = new Map<string, number>();
  /** Per subject, the schema id of each version, version 1 first. */
  private readonly subjectVersions = new Map<string, number[]>();
  private readonly subjectCompatibility = new Map<string, CompatibilityLevel>();
  private globalCompatibility: CompatibilityLevel;
  private nextId = 1;

  constructor(globalCompatibility: CompatibilityLevel = 'BACKWARD') {
    this.globalCompatibility = globalCompatibility;
  }

  getGlobalCompatibility(): CompatibilityLevel {
    return this.globalCompatibility;
  }

  setGlobalCompatibility(level: unknown): CompatibilityLevel {
    this.globalCompatibility = requireLevel(level);
    return this.globalCompatibility;
  }

  /** The subject's own level; a 404 (40408) when none was set, as the client expects on first registration. */
  getSubjectCompatibility(subject: string): CompatibilityLevel {
    const level = this.subjectCompatibility.get(subject);
    if (level === undefined) {
      throw new RegistryError(
        REGISTRY_ERROR.subjectCompatibilityNotFound,
        `Subject '${subject}' does not have subject-level compatibility configured`,
      );
    }
    return level;
  }

  setSubjectCompatibility(subject: string, level: unknown): CompatibilityLevel {
    const valid = requireLevel(level);
    this.subjectCompatibility.set(subject, valid);
    return valid;
  }

  /**
   * Registers `schemaText` under `subject`. A schema already in the subject keeps its version and id;
   * a schema known under another subject keeps its global id; a new version must pass the subject's
   * compatibility level against the existing versions (409 otherwise).
   */
  register(subject: string, schemaText: string): { readonly id: number } {
    const { canonical, type } = parseAvroSchema(schemaText);
    const versions = this.subjectVersions.get(subject) ?? [];
    const knownId = this.idsByText.get(canonical);
    if (knownId !== undefined && versions.includes(knownId)) return { id: knownId };

    const level = this.subjectCompatibility.get(subject) ?? this.globalCompatibility;
    const existing = versions.map((id) => this.stored(id).type);
    const problems = compatibilityProblems(level, type, existing);
    if (problems.length > 0) {
      throw new RegistryError(
        REGISTRY_ERROR.incompatible,
        `Schema being registered is incompatible with an earlier schema for subject "${subject}" ` +
          `(${level}), details: [${problems.join('; ')}]`,
      );
    }
    const id = knownId ?? this.storeSchema(canonical, type);
    this.subjectVersions.set(subject, [...versions, id]);
    return { id };
  }

  /** The version of `subject` holding `schemaText`: 40401 when the subject is unknown, 40403 when the schema is not in it. */
  lookup(subject: string, schemaText: string): SubjectVersion {
    const { canonical } = parseAvroSchema(schemaText);
    const versions = this.requireSubject(subject);
    const id = this.idsByText.get(canonical);
    const index = id === undefined ? -1 : versions.indexOf(id);
    if (id === undefined || index < 0) {
      throw new RegistryError(REGISTRY_ERROR.schemaNotFound, 'Schema not found');
    }
    return { subject, version: index + 1, id, schema: canonical };
  }

  schemaById(id: number): { readonly schema: string } {
    const stored = this.schemasById.get(id);
    if (stored === undefined) throw new RegistryError(REGISTRY_ERROR.schemaNotFound, 'Schema not found');
    return { schema: stored.text };
  }

  subjects(): string[] {
    return [...this.subjectVersions.keys()];
  }

  versions(subject: string): number[] {
    return this.requireSubject(subject).map((_, index) => index + 1);
  }

  /** `version` as in the URL: a positive integer, `latest` or `-1`. */
  version(subject: string, version: string): SubjectVersion {
    const versions = this.requireSubject(subject);
    const number = version === 'latest' || version === '-1' ? versions.length : parseVersion(version);
    const id = versions[number - 1];
    if (id === undefined) throw new RegistryError(REGISTRY_ERROR.versionNotFound, 'Version not found.');
    return { subject, version: number, id, schema: this.stored(id).text };
  }

  /** Whether `schemaText` could be registered under `subject` now (the subject's level, against existing versions). */
  isCompatible(subject: string, schemaText: string): boolean {
    const { type } = parseAvroSchema(schemaText);
    const versions = this.subjectVersions.get(subject) ?? [];
    const level = this.subjectCompatibility.get(subject) ?? this.globalCompatibility;
    const existing = versions.map((id) => this.stored(id).type);
    return compatibilityProblems(level, type, existing).length === 0;
  }

  private storeSchema(canonical: string, type: avsc.Type): number {
    const id = this.nextId++;
    this.schemasById.set(id, { id, text: canonical, type });
    this.idsByText.set(canonical, id);
    return id;
  }

  private stored(id: number): StoredSchema {
    const stored = this.schemasById.get(id);
    if (stored === undefined) throw new Error(`internal: schema ${id} missing`);
    return stored;
  }

  private requireSubject(subject: string): number[] {
    const versions = this.subjectVersions.get(subject);
    if (versions === undefined) {
      throw new RegistryError(REGISTRY_ERROR.subjectNotFound, `Subject '${subject}' not found.`);
    }
    return versions;
  }
}

function requireLevel(level: unknown): CompatibilityLevel {
  if (!isCompatibilityLevel(level)) {
    throw new RegistryError(
      REGISTRY_ERROR.invalidCompatibility,
      `Invalid compatibility level. Valid values are ${COMPATIBILITY_LEVELS.join(', ')}`,
    );
  }
  return level;
}

function parseVersion(version: string): number {
  const number = /^\d+$/.test(version) ? Number(version) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new RegistryError(
      REGISTRY_ERROR.invalidVersion,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    );
  }
  return number;
}
