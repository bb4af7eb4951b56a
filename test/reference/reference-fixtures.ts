import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  compileReferenceData,
  type CompileResult,
} from '../../pipelines/reference/compile-reference-data.ts';
import { readReferenceSources } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceProblem } from '../../pipelines/reference/problems.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';

export const SAMPLE_DIRECTORY = 'infra/reference/sample';

export async function sampleSources(): Promise<Map<string, string>> {
  return new Map(await readReferenceSources(SAMPLE_DIRECTORY));
}

/** The sample files with some replaced (text) or removed (undefined). */
export async function sampleWith(
  changes: Readonly<Record<string, string | undefined>>,
): Promise<Map<string, string>> {
  const sources = await sampleSources();
  for (const [path, text] of Object.entries(changes)) {
    if (text === undefined) sources.delete(path);
    else sources.set(path, text);
  }
  return sources;
}

export function compiled(result: CompileResult): ReferenceData {
  if (!result.ok) throw new Error(`unexpected problems:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.data;
}

export function problemsOf(result: CompileResult): readonly ReferenceProblem[] {
  if (result.ok) throw new Error('expected problems, the data compiled');
  return result.problems;
}

/** Asserts that compiling gives exactly one problem, matching `expected`, and returns it. */
export async function onlyProblem(
  changes: Readonly<Record<string, string | undefined>>,
  expected: { file: string; line?: number; field?: string; message: RegExp },
): Promise<ReferenceProblem> {
  const problems = problemsOf(compileReferenceData(await sampleWith(changes)));
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  const [problem] = problems;
  if (problem === undefined) throw new Error('no problem');
  expect(problem.file).toBe(expected.file);
  expect(problem.line).toBe(expected.line);
  expect(problem.field).toBe(expected.field);
  expect(problem.message).toMatch(expected.message);
  return problem;
}

/** A copy of the sample directory in a temporary directory. */
export async function copyOfSample(): Promise<{ directory: string; remove: () => Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'reference-'));
  await cp(SAMPLE_DIRECTORY, directory, { recursive: true });
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

export const NATIVE_HEADER =
  'tariff_id,version,effective_from,currency,destination_id,prefix,connect_fee,price_per_minute,increments,rounding_decimals,rounding_mode';
