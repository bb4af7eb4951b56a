import { REASON_PRECEDENCE, isNotBilledReason, type FairUseReason } from './decision.ts';

/** Bit of each reason in a reason mask: `1 << its index in REASON_PRECEDENCE`. */
export function reasonFlag(reason: FairUseReason): number {
  return 1 << REASON_PRECEDENCE.indexOf(reason);
}

export interface ResolvedReasons {
  readonly inPlan: boolean;
  readonly reason: FairUseReason;
  readonly alsoApplies: readonly FairUseReason[];
}

const RESOLVED: readonly ResolvedReasons[] = Array.from(
  { length: 1 << REASON_PRECEDENCE.length },
  (_, mask) => {
    const applicable = REASON_PRECEDENCE.filter((_reason, i) => (mask & (1 << i)) !== 0);
    const reason = applicable[0] ?? 'in-plan';
    return Object.freeze({
      inPlan: isNotBilledReason(reason),
      reason,
      alsoApplies: Object.freeze(applicable.slice(1)),
    });
  },
);

/** The decision's reason and alsoApplies for a mask of applicable reasons (shared frozen objects). */
export function resolveReasons(mask: number): ResolvedReasons {
  const resolved = RESOLVED[mask];
  if (resolved === undefined) throw new RangeError(`reason mask out of range: ${mask}`);
  return resolved;
}
