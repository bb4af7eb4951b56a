import type { DestinationClass } from '../../numbering/destination.ts';
import type { CallFacts } from '../call-facts.ts';
import type { DestinationClassRule } from '../fraud-rules.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

/**
 * International revenue share fraud: calls (attempts, answered or not), billable minutes and cost to
 * destinations on the high-risk list (Destination.highRisk) or of the configured premium classes. The
 * cost is the price with the plan's tariff whatever the plan includes: it is the operator's exposure.
 */
export class IrsfBurstRule extends WindowedRule {
  readonly name = 'irsf-burst';
  private readonly classes: ReadonlySet<DestinationClass>;

  constructor(
    private readonly rule: DestinationClassRule,
    private readonly deps: RuleDeps,
  ) {
    super(
      { scope: rule, combine: ['sum', 'sum', 'sum'], title: 'calls to high-risk or premium destinations' },
      deps,
    );
    this.classes = new Set(rule.classes);
  }

  onCall(call: CallFacts): void {
    if (!call.destination.highRisk && !this.classes.has(call.destination.class)) return;
    const input = this.input.from(call, call.accountId);
    input.values[0] = 1;
    input.values[1] = call.record.billableSeconds;
    input.values[2] = call.costUnits();
    input.currency = call.currency;
    this.windows.add(
      call.accountKey,
      call.time,
      this.deps.thresholds.levels(this.rule, call.context?.customer),
      input,
    );
  }
}
