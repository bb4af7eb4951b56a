import type { CallFacts } from '../call-facts.ts';
import type { RuleScope } from '../fraud-rules.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

/** Cost of off-plan calls (CallFacts.offPlan), priced exactly with the plan's tariff, per account. */
export class SpendVelocityRule extends WindowedRule {
  readonly name = 'spend-velocity';

  constructor(
    private readonly rule: RuleScope,
    private readonly deps: RuleDeps,
  ) {
    super({ scope: rule, combine: ['sum'], title: 'cost of off-plan calls' }, deps);
  }

  onCall(call: CallFacts): void {
    if (call.record.billableSeconds === 0 || !call.offPlan) return;
    const cost = call.costUnits();
    if (cost === 0) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = cost;
    input.currency = call.currency;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }
}
