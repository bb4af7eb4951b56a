import type { CallFacts } from '../call-facts.ts';
import type { ShortCallRule } from '../fraud-rules.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

/** Answered calls of at most `maxSeconds` billable seconds, per account. */
export class ShortCallBurstRule extends WindowedRule {
  readonly name = 'short-call-burst';

  constructor(
    private readonly rule: ShortCallRule,
    private readonly deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['sum'], title: `answered calls of at most ${rule.maxSeconds} s` }, deps);
  }

  onCall(call: CallFacts): void {
    const seconds = call.record.billableSeconds;
    if (call.record.disposition !== 'ANSWERED' || seconds > this.rule.maxSeconds) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = 1;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }
}
