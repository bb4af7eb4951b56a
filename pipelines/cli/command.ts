import type { AppConfig } from '../config/app-config.ts';
import type { Logger } from '../core/logger.ts';

export interface CommandContext {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
  /** Where command output (reports, summaries) goes; logs go to stderr. */
  readonly out: (line: string) => void;
}

export interface Command {
  /** Words that select the command, e.g. `db migrate`. */
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[], context: CommandContext): Promise<number>;
}
