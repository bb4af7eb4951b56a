import { parseOptions } from '../config/options.ts';
import { PipelineError, errorMessage } from '../core/errors.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { Debouncer, watchDirectory, type DirectoryWatcher, type Watching } from './directory-watcher.ts';
import { loadReferenceData } from './load-reference-data.ts';
import { formatProblem, type ReferenceProblem } from './problems.ts';
import type { ReferenceData } from './reference-data.ts';
import { referenceOptionsSpec, type ReferenceOptions } from './reference-options.ts';

export interface ReferenceDataChange {
  readonly previous: ReferenceData;
  readonly current: ReferenceData;
  /** When the new snapshot was swapped in (injected clock). */
  readonly at: Date;
}

export type ReloadOutcome =
  /** The files changed and were valid: `snapshot` is the new current snapshot. */
  | { readonly status: 'swapped'; readonly snapshot: ReferenceData; readonly previous: ReferenceData }
  /** Valid, with the same content hash: the current snapshot stays (no change event). */
  | { readonly status: 'unchanged'; readonly snapshot: ReferenceData }
  /** Invalid or unreadable: the current snapshot stays, the error is logged. */
  | { readonly status: 'rejected'; readonly snapshot: ReferenceData; readonly error: Error };

export interface ReferenceDataStoreDependencies {
  readonly logger?: Logger;
  readonly clock?: () => Date;
  readonly loader?: (directory: string) => Promise<ReferenceData>;
  readonly watcher?: DirectoryWatcher;
}

export type ReferenceDataListener = (change: ReferenceDataChange) => void;

/**
 * Holds the current reference snapshot. `reload()` loads the directory again and swaps atomically only
 * when the new data is valid; concurrent calls are serialised (a call made while a reload runs gets one
 * more reload after it). With `watch`, file changes trigger a reload after `debounceMs` of quiet.
 */
export class ReferenceDataStore {
  readonly options: ReferenceOptions;
  readonly #logger: Logger;
  readonly #clock: () => Date;
  readonly #loader: (directory: string) => Promise<ReferenceData>;
  readonly #listeners = new Set<ReferenceDataListener>();
  #current: ReferenceData;
  #loadedAt: Date;
  #lastError: Error | undefined;
  #tail: Promise<unknown> = Promise.resolve();
  #pending: Promise<ReloadOutcome> | undefined;
  #watching: Watching | undefined;
  #debouncer: Debouncer | undefined;

  private constructor(
    options: ReferenceOptions,
    initial: ReferenceData,
    deps: Required<Omit<ReferenceDataStoreDependencies, 'watcher'>>,
  ) {
    this.options = options;
    this.#logger = deps.logger;
    this.#clock = deps.clock;
    this.#loader = deps.loader;
    this.#current = initial;
    this.#loadedAt = deps.clock();
  }

  /** Loads the directory (throws REFERENCE_DATA_INVALID if it is invalid) and starts watching if asked. */
  static async open(
    input: Readonly<Partial<Record<keyof ReferenceOptions, unknown>>> = {},
    deps: ReferenceDataStoreDependencies = {},
  ): Promise<ReferenceDataStore> {
    const options = parseOptions('reference', referenceOptionsSpec, input);
    const loader = deps.loader ?? loadReferenceData;
    const initial = await loader(options.directory);
    const store = new ReferenceDataStore(options, initial, {
      logger: deps.logger ?? silentLogger(),
      clock: deps.clock ?? (() => new Date()),
      loader,
    });
    store.#logger.info(
      { directory: options.directory, version: initial.version, ...counts(initial) },
      'reference data loaded',
    );
    if (options.watch) store.#startWatching(deps.watcher ?? watchDirectory);
    return store;
  }

  get current(): ReferenceData {
    return this.#current;
  }

  /** When the current snapshot was loaded. */
  get loadedAt(): Date {
    return this.#loadedAt;
  }

  /** The error of the last rejected reload, cleared by the next successful one. */
  get lastError(): Error | undefined {
    return this.#lastError;
  }

  reload(): Promise<ReloadOutcome> {
    if (this.#pending !== undefined) return this.#pending;
    const pending = this.#tail.then(() => {
      this.#pending = undefined;
      return this.#reloadNow();
    });
    this.#pending = pending;
    this.#tail = pending;
    return pending;
  }

  /** Calls `listener` after each swap; returns the unsubscribe function. */
  subscribe(listener: ReferenceDataListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops watching; the current snapshot stays readable. */
  close(): void {
    this.#debouncer?.cancel();
    this.#watching?.close();
    this.#watching = undefined;
  }

  async #reloadNow(): Promise<ReloadOutcome> {
    const previous = this.#current;
    let loaded: ReferenceData;
    try {
      loaded = await this.#loader(this.options.directory);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(errorMessage(error));
      this.#lastError = failure;
      this.#logger.error(
        { directory: this.options.directory, keptVersion: previous.version, problems: problemLines(failure) },
        'reference data reload rejected; keeping the current snapshot',
      );
      return { status: 'rejected', snapshot: previous, error: failure };
    }
    this.#lastError = undefined;
    if (loaded.hash === previous.hash) return { status: 'unchanged', snapshot: previous };
    const at = this.#clock();
    this.#current = loaded;
    this.#loadedAt = at;
    this.#logger.info(
      {
        directory: this.options.directory,
        version: loaded.version,
        previousVersion: previous.version,
        ...counts(loaded),
      },
      'reference data reloaded',
    );
    const change: ReferenceDataChange = { previous, current: loaded, at };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger.error({ err: error }, 'reference data listener failed');
      }
    }
    return { status: 'swapped', snapshot: loaded, previous };
  }

  #startWatching(watcher: DirectoryWatcher): void {
    this.#debouncer = new Debouncer(this.options.debounceMs, () => {
      void this.reload();
    });
    const debouncer = this.#debouncer;
    this.#watching = watcher(
      this.options.directory,
      () => {
        debouncer.trigger();
      },
      (error) => {
        this.#logger.error(
          { err: error, directory: this.options.directory },
          'watching the reference directory failed',
        );
      },
    );
  }
}

function counts(data: ReferenceData): Record<string, number> {
  return {
    customers: data.customers.length,
    accounts: data.accounts.length,
    plans: data.plans.length,
    tariffs: data.tariffs.length,
    devices: data.deviceMatcher.entries.length,
  };
}

function problemLines(error: Error): readonly string[] {
  if (error instanceof PipelineError && Array.isArray(error.details['problems'])) {
    return (error.details['problems'] as ReferenceProblem[]).map(formatProblem);
  }
  return [error.message];
}
