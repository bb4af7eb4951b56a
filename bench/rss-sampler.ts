export interface RssSampler {
  /** Stops sampling; returns the highest resident set size seen, in bytes. */
  stop(): number;
}

/** Samples `process.memoryUsage.rss()` every `intervalMs` until stopped. */
export function sampleRss(intervalMs = 20): RssSampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return peak;
    },
  };
}

export const MIB = 1024 * 1024;
