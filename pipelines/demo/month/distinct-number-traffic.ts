import { nationalAsE164 } from './dialled-numbers.ts';
import type { DemoRandom } from './demo-random.ts';
import { freshNationalNumber } from './destinations.ts';
import type { PlannedCall, PlannedUnit } from './office-traffic.ts';

/** A planned call and when it starts. */
export interface TimedCall {
  readonly startMs: number;
  readonly call: PlannedCall;
}

export interface DistinctNumberAssignment {
  /** Callee of each in-plan call, by position in the calls given. */
  readonly callees: ReadonlyMap<number, string>;
  /** Calls whose shape was changed: answered but hung up at once (0 billable seconds). */
  readonly reshaped: ReadonlyMap<number, PlannedCall>;
  /** Position of the answered call that dialled the last new number (the limit-th + 1 breaches). */
  readonly lastNewNumberAt: number;
}

export function timedCalls(units: readonly PlannedUnit[]): TimedCall[] {
  return units.flatMap((unit) =>
    unit.calls.map((call) => ({ startMs: unit.startMs + call.offsetSeconds * 1000, call })),
  );
}

const answeredWithSeconds = (call: PlannedCall): boolean =>
  call.shape.disposition === 'ANSWERED' && call.shape.talkSeconds > 0;

/**
 * Callees of a prospecting account's in-plan calls such that its answered calls (billable > 0) reach exactly
 * `distinct` national numbers in the month: the first answered call and `distinct - 1` others among the first
 * three quarters of the answered ones dial a new prospect, every other answered call dials back one already
 * reached, sometimes in E.164 form (the same number). Unanswered calls go to prospects who never answer or to
 * numbers of the list; with `zeroSecondTrap`, one answered call late in the month to a brand-new number is
 * hung up at once (0 billable seconds: it does not count).
 */
export function assignDistinctNumbers(
  random: DemoRandom,
  calls: readonly TimedCall[],
  distinct: number,
  zeroSecondTrap: boolean,
): DistinctNumberAssignment {
  const answered: number[] = [];
  calls.forEach((timed, i) => {
    if (timed.call.kind === 'in-plan' && answeredWithSeconds(timed.call)) answered.push(i);
  });
  if (answered.length < distinct + 10) {
    throw new RangeError(`${answered.length} answered calls cannot reach ${distinct} distinct numbers`);
  }
  const window = Math.max(distinct, Math.floor(answered.length * 0.75));
  const newAt = new Set<number>(
    [0, ...random.distinctIntegers(distinct - 1, 1, window - 1)].map((k) => answered[k] ?? -1),
  );
  const prospects = new Set<string>();
  while (prospects.size < distinct) prospects.add(freshNationalNumber(random, 0.6));
  const numbers = [...prospects];
  const reached: string[] = [];
  const callees = new Map<number, string>();
  const reshaped = new Map<number, PlannedCall>();
  let lastNewNumberAt = -1;
  const trapAfter = answered[Math.floor(answered.length * 0.9)] ?? Number.MAX_SAFE_INTEGER;
  let trapDone = !zeroSecondTrap;

  calls.forEach((timed, i) => {
    if (timed.call.kind !== 'in-plan') return;
    if (newAt.has(i)) {
      const number = numbers[reached.length] ?? '';
      reached.push(number);
      callees.set(i, number);
      lastNewNumberAt = i;
    } else if (answeredWithSeconds(timed.call)) {
      if (!trapDone && i > trapAfter) {
        trapDone = true;
        callees.set(i, freshNationalNumber(random));
        reshaped.set(i, { ...timed.call, shape: { ...timed.call.shape, talkSeconds: 0 } });
        return;
      }
      const again = reached[random.skewedIndex(reached.length, 1.3)] ?? '';
      callees.set(i, random.chance(0.15) ? nationalAsE164(again) : again);
    } else {
      callees.set(i, random.chance(0.5) ? freshNationalNumber(random, 0.6) : random.pick(numbers));
    }
  });
  if (reached.length !== distinct) throw new RangeError(`reached ${reached.length} numbers, not ${distinct}`);
  return { callees, reshaped, lastNewNumberAt };
}
