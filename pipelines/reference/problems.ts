import { PipelineError } from '../core/errors.ts';

/** One thing wrong in the reference data: where (file relative to the directory, line, field) and what. */
export interface ReferenceProblem {
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
}

/** `customers.yaml:12: customers[2].planId: unknown plan "gold"` */
export function formatProblem(problem: ReferenceProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.field === undefined
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.field}: ${problem.message}`;
}

/** Reports problems found in one file. */
export interface FileProblems {
  readonly file: string;
  report(line: number | undefined, field: string | undefined, message: string): void;
}

/** Collects every problem of a load, so that one error lists them all. */
export class ProblemList {
  readonly #problems: ReferenceProblem[] = [];
  readonly #seen = new Set<string>();

  /** Reports for one file; a problem reported twice (same file, line, field and message) is kept once. */
  inFile(file: string): FileProblems {
    return {
      file,
      report: (line, field, message) => {
        const key = `${file}\u0000${line ?? ''}\u0000${field ?? ''}\u0000${message}`;
        if (this.#seen.has(key)) return;
        this.#seen.add(key);
        this.#problems.push({
          file,
          ...(line === undefined ? {} : { line }),
          ...(field === undefined ? {} : { field }),
          message,
        });
      },
    };
  }

  get count(): number {
    return this.#problems.length;
  }

  all(): readonly ReferenceProblem[] {
    return [...this.#problems];
  }
}

const LISTED_IN_MESSAGE = 50;

export function referenceDataInvalid(
  directory: string,
  problems: readonly ReferenceProblem[],
): PipelineError {
  const shown = problems.slice(0, LISTED_IN_MESSAGE).map(formatProblem);
  const more =
    problems.length > LISTED_IN_MESSAGE ? [`... and ${problems.length - LISTED_IN_MESSAGE} more`] : [];
  return new PipelineError(
    'REFERENCE_DATA_INVALID',
    `invalid reference data in ${directory} (${problems.length} problem(s)):\n  - ${[...shown, ...more].join('\n  - ')}`,
    { details: { directory, problems } },
  );
}
