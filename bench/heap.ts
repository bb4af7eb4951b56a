import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface HeapProbe {
  /** How garbage collection is forced: `--expose-gc` given to node, or enabled at run time. */
  readonly how: string;
  /** V8 heap in use after full collections (bytes). */
  settledHeapUsed(): number;
}

/**
 * Full garbage collections on demand. `npm run bench` runs `tsx bench/run.ts` without `--expose-gc`, so when
 * `globalThis.gc` is missing the flag is set at run time and a fresh V8 context hands out its `gc`.
 */
export function heapProbe(): HeapProbe {
  const exposed = (globalThis as { gc?: () => void }).gc;
  let gc: () => void;
  let how: string;
  if (exposed !== undefined) {
    gc = exposed;
    how = 'node --expose-gc';
  } else {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
    how = 'gc exposed at run time (v8.setFlagsFromString)';
  }
  return {
    how,
    settledHeapUsed() {
      // Twice: finalizers and weak references may free more on the second pass.
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    },
  };
}
