import { PipelineError } from '../core/errors.ts';
import type { EncodedInstant } from './instant.ts';

/**
 * Checks the shape of a snapshot read back from storage (parsed JSON, so `unknown`), failing with
 * SNAPSHOT_INVALID and the path of the first bad field. Snapshots are versioned: a reader accepts the
 * versions it knows and rejects the others instead of guessing.
 */
export class SnapshotReader {
  constructor(private readonly format: string) {}

  fail(path: string, expected: string, value: unknown): never {
    const shown = JSON.stringify(value) as string | undefined;
    throw new PipelineError(
      'SNAPSHOT_INVALID',
      `${this.format} snapshot: ${path}: expected ${expected}, got ${shown?.slice(0, 80) ?? String(value)}`,
      { details: { format: this.format, path } },
    );
  }

  object(value: unknown, path: string): Readonly<Record<string, unknown>> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'an object', value);
    return value as Readonly<Record<string, unknown>>;
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'an array', value);
    return value;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'a finite number', value);
    return value;
  }

  count(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(path, 'a non-negative integer', value);
    }
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'a boolean', value);
    return value;
  }

  instant(value: unknown, path: string): EncodedInstant {
    if (value === '-inf' || value === '+inf') return value;
    return this.number(value, path);
  }

  /** The header every snapshot carries: `{ format, version }`; returns the object. */
  header(value: unknown, version: number): Readonly<Record<string, unknown>> {
    const snapshot = this.object(value, '$');
    if (snapshot['format'] !== this.format)
      this.fail('$.format', JSON.stringify(this.format), snapshot['format']);
    if (snapshot['version'] !== version) this.fail('$.version', `version ${version}`, snapshot['version']);
    return snapshot;
  }
}
