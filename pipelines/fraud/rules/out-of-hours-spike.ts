import { isBusinessTime } from '../business-hours.ts';
import type { CallFacts } from '../call-facts.ts';
import type { OutOfHoursRule } from '../fraud-rules.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

/**
 * Outbound calls started outside business hours (Paris local time, French public holidays closed; see
 * business-hours.ts), counted with their off-plan cost.
 */
export class OutOfHoursSpikeRule extends WindowedRule {
  readonly name = 'out-of-hours-spike';

  constructor(
    private readonly rule: OutOfHoursRule,
    private readonly deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['sum', 'sum'], title: 'calls started outside business hours' }, deps);
  }

  onCall(call: CallFacts): void {
    if (isBusinessTime(call.startMs, this.rule.businessHours)) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = 1;
    const cost = call.offPlan ? call.costUnits() : 0;
    input.values[1] = cost;
    input.currency = cost === 0 ? '' : call.currency;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }
}
