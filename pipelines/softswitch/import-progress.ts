/** A progress report of a long import. */
export interface ProgressSnapshot {
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** 0..1; 1 for an empty file. */
  readonly fraction: number;
  readonly rows: number;
  readonly rejected: number;
  readonly elapsedSeconds: number;
  /** Average since the start. */
  readonly rowsPerSecond: number;
  /** Remaining bytes at the average byte rate so far; null until something was read. */
  readonly etaSeconds: number | null;
}

export interface ProgressSource {
  readonly progress: {
    readonly bytesRead: number;
    readonly totalBytes: number;
    readonly rowsAccepted: number;
    readonly rowsRejected: number;
  };
}

/**
 * Progress of an import from byte counts (a `CdrFile`'s counters): rate and ETA from the average
 * since `start`. The clock is injected for tests.
 */
export class ImportProgress {
  private readonly startedAt: number;

  constructor(
    private readonly source: ProgressSource,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  snapshot(): ProgressSnapshot {
    const { bytesRead, totalBytes, rowsAccepted, rowsRejected } = this.source.progress;
    const elapsedSeconds = Math.max(0, (this.now() - this.startedAt) / 1000);
    const rows = rowsAccepted + rowsRejected;
    const bytesPerSecond = elapsedSeconds > 0 ? bytesRead / elapsedSeconds : 0;
    return {
      bytesRead,
      totalBytes,
      fraction: totalBytes === 0 ? 1 : Math.min(1, bytesRead / totalBytes),
      rows,
      rejected: rowsRejected,
      elapsedSeconds,
      rowsPerSecond: elapsedSeconds > 0 ? rows / elapsedSeconds : 0,
      etaSeconds: bytesPerSecond > 0 ? Math.max(0, totalBytes - bytesRead) / bytesPerSecond : null,
    };
  }
}

/** `42.0% 11.2/26.7 MiB, 123456 rows (12 rejected), 85000 rows/s, ETA 0:12` */
export function formatProgress(snapshot: ProgressSnapshot): string {
  const mib = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
  const eta = snapshot.etaSeconds === null ? '?' : duration(snapshot.etaSeconds);
  return (
    `${(snapshot.fraction * 100).toFixed(1)}% ${mib(snapshot.bytesRead)}/${mib(snapshot.totalBytes)} MiB, ` +
    `${snapshot.rows} rows (${snapshot.rejected} rejected), ${Math.round(snapshot.rowsPerSecond)} rows/s, ETA ${eta}`
  );
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * Calls `report` with a snapshot every `everyMs` until stopped (the timer does not keep the process
 * alive). Callers print it, e.g. to stderr: `reportProgressEvery(p, 5000, (s) => console.error(formatProgress(s)))`.
 */
export function reportProgressEvery(
  progress: ImportProgress,
  everyMs: number,
  report: (snapshot: ProgressSnapshot) => void,
): { stop(): void } {
  const timer = setInterval(() => {
    report(progress.snapshot());
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
    },
  };
}
