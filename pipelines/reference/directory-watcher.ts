import { watch, type FSWatcher } from 'node:fs';

export interface Watching {
  close(): void;
}

/** Calls `onChange` when anything under `directory` changes (recursive fs.watch), or reports the error. */
export type DirectoryWatcher = (
  directory: string,
  onChange: () => void,
  onError: (error: Error) => void,
) => Watching;

export const watchDirectory: DirectoryWatcher = (directory, onChange, onError) => {
  const watcher: FSWatcher = watch(directory, { recursive: true, persistent: false }, () => {
    onChange();
  });
  watcher.on('error', onError);
  return {
    close: () => {
      watcher.close();
    },
  };
};

/** Runs `action` once `quietMs` have passed without another `trigger()`. */
export class Debouncer {
  readonly #quietMs: number;
  readonly #action: () => void;
  #timer: NodeJS.Timeout | undefined;

  constructor(quietMs: number, action: () => void) {
    this.#quietMs = quietMs;
    this.#action = action;
  }

  trigger(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#action();
    }, this.#quietMs);
    this.#timer.unref();
  }

  cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
