import type { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { CallFacts } from '../call-facts.ts';
import type { RuleScope } from '../fraud-rules.ts';
import type { RuleDeps } from './fraud-rule.ts';
import { WindowedRuleWithRecent } from './windowed-rule-with-recent.ts';

const MAX_NUMBERS = 2000;
/** E.164 numbers have at most 15 digits: exact as JS numbers. */
const MAX_DIGITS = 15;

/**
 * Runs of consecutive callee numbers (+33123456701, ...02, ...03) per account: on each call, the length
 * of the run of consecutive numbers through its callee, among the numbers the account called within the
 * window size before or after it (event time). The window keeps the longest run (`run`); only calls that
 * extend a run (length >= 2) enter the windows, so the samples are the run's calls. Numbers are E.164
 * (short codes and invalid numbers are ignored).
 */
export class SequentialDiallingRule extends WindowedRuleWithRecent<number> {
  readonly name = 'sequential-dialling';

  constructor(
    private readonly rule: RuleScope,
    deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['max'], title: 'consecutive numbers dialled' }, deps, MAX_NUMBERS);
  }

  onCall(call: CallFacts): void {
    const e164 = call.destination.number;
    if (e164.charCodeAt(0) !== 43 /* + */ || e164.length > MAX_DIGITS + 1) return;
    const number = Number(e164.slice(1));
    if (!Number.isSafeInteger(number)) return;
    this.recent.touch(call.accountId, number, call.time);
    const called = this.recent.items(call.accountId);
    if (called === undefined) return;
    const run =
      1 +
      runFrom(called, number, -1, call.time, this.rule.window.sizeMs) +
      runFrom(called, number, 1, call.time, this.rule.window.sizeMs);
    if (run < 2) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = run;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }

  protected readItem(read: SnapshotReader, value: unknown, path: string): number {
    return read.number(value, path);
  }
}

/** How many numbers after `number` in direction `step` (+1 or -1) were called within `spanMs` of `time`. */
function runFrom(
  called: ReadonlyMap<number, number>,
  number: number,
  step: number,
  time: number,
  spanMs: number,
): number {
  let count = 0;
  for (let n = number + step; count < MAX_NUMBERS; n += step) {
    const at = called.get(n);
    if (at === undefined || Math.abs(at - time) >= spanMs) break;
    count++;
  }
  return count;
}
