import type { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { CallFacts } from '../call-facts.ts';
import type { RuleScope } from '../fraud-rules.ts';
import type { RuleDeps } from './fraud-rule.ts';
import { WindowedRuleWithRecent } from './windowed-rule-with-recent.ts';

/** Numbers remembered per account (beyond, the least recently called are forgotten). */
const MAX_NUMBERS = 1000;

/**
 * Distinct numbers on the high-risk list (Destination.highRisk) called per account. A number counts
 * when it was not already called within the window size (before or after, in event time): within one
 * window each number counts at most once (a number called again in a later, overlapping window may not
 * count there: the count is a lower bound of the distinct numbers).
 */
export class HighRiskDestinationRule extends WindowedRuleWithRecent<string> {
  readonly name = 'high-risk-destination';

  constructor(
    private readonly rule: RuleScope,
    deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['sum'], title: 'distinct high-risk numbers called' }, deps, MAX_NUMBERS);
  }

  onCall(call: CallFacts): void {
    if (!call.destination.highRisk) return;
    const number = call.destination.number;
    const last = this.recent.items(call.accountId)?.get(number);
    this.recent.touch(call.accountId, number, call.time);
    if (last !== undefined && Math.abs(call.time - last) < this.rule.window.sizeMs) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = 1;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }

  protected readItem(read: SnapshotReader, value: unknown, path: string): string {
    return read.string(value, path);
  }
}
