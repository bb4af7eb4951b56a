import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PipelineError } from '../core/errors.ts';
import { formatProblem } from '../reference/problems.ts';
import type { FraudRules } from './fraud-rules.ts';
import { compileFraudRules } from './rules-file.ts';

/** The rules shipped with the project. */
export const DEFAULT_RULES_PATH = 'infra/fraud/rules.yaml';

/** Compiles rules text or throws FRAUD_RULES_INVALID listing every problem (file, line, field). */
export function parseFraudRules(text: string, file = 'rules.yaml'): FraudRules {
  const result = compileFraudRules(text, file);
  if (result.ok) return result.rules;
  throw new PipelineError(
    'FRAUD_RULES_INVALID',
    `invalid fraud rules in ${file} (${result.problems.length} problem(s)):\n  - ${result.problems.map(formatProblem).join('\n  - ')}`,
    { details: { file, problems: result.problems } },
  );
}

/** Reads and compiles a rules file (default infra/fraud/rules.yaml). */
export async function loadFraudRules(path = DEFAULT_RULES_PATH): Promise<FraudRules> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PipelineError('CONFIG_FILE_UNREADABLE', `cannot read fraud rules ${path}`, { cause: error });
  }
  return parseFraudRules(text, basename(path));
}
