import type { CallRecord } from '../ingest/call-record.ts';
import type { Destination } from '../numbering/destination.ts';
import { priceCall } from '../rating/price-call.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { AccountContext } from '../reference/reference-types.ts';
import { callSummary, type SampleSource, type SavedSample } from './evidence.ts';
import { formatMoneyUnits, parseMoneyUnits } from './money-units.ts';

/**
 * What the rules need to know about one outbound call, computed once per call and only when asked (the
 * price): the call, its destination, the account's context, whether it is off plan and its exact cost.
 * Event time of a call is its END: a CDR is written when the call ends, which is also when its whole cost
 * is known; business hours are judged on its start.
 */
export class CallFacts implements SampleSource {
  readonly time: number;
  private key: string | undefined = undefined;
  readonly startMs: number;
  private cost: number | undefined = undefined;
  private costCurrency = '';
  private priced = false;

  constructor(
    readonly record: CallRecord,
    readonly destination: Destination,
    readonly context: AccountContext | undefined,
    private readonly reference: ReferenceData,
  ) {
    this.time = record.endTime.getTime();
    this.startMs = record.startTime.getTime();
  }

  /** `account:<id>`: the window key of account-scoped rules, built once per input. */
  get accountKey(): string {
    return (this.key ??= `account:${this.accountId}`);
  }

  get accountId(): string {
    return this.record.accountId;
  }

  /**
   * Off plan: billed per minute. Every call of a telecom professional or of an account unknown to the
   * reference data; otherwise a call to a class the plan does not include. (A call of an included class
   * can also become off plan after a fair-use breach; that state belongs to rating: such calls are not
   * counted here, so spend is a lower bound.)
   */
  get offPlan(): boolean {
    const context = this.context;
    if (context === undefined || !context.planApplies) return true;
    return !context.plan.includedClasses.includes(this.destination.class);
  }

  /**
   * The call's price with the plan's tariff, in millionths (0 when unanswered, when the account or its
   * tariff is unknown, or when the tariff has no rate for it: see `unpriced`).
   */
  costUnits(): number {
    if (this.cost === undefined) this.cost = this.price();
    return this.cost;
  }

  get currency(): string {
    this.costUnits();
    return this.costCurrency;
  }

  /** A rule asked for the price of this answered call and it could not be priced (no tariff, no rate). */
  get pricingFailed(): boolean {
    return this.cost !== undefined && this.record.billableSeconds > 0 && !this.priced;
  }

  toSample(): SavedSample {
    const cost = this.costUnits();
    return {
      kind: 'call',
      id: this.record.callId,
      at: this.startMs,
      summary: callSummary(
        this.destination.number === '' ? this.record.callee : this.destination.number,
        this.record.billableSeconds,
        this.priced ? formatMoneyUnits(cost) : undefined,
        this.costCurrency,
      ),
    };
  }

  private price(): number {
    const context = this.context;
    if (this.record.billableSeconds === 0 || context === undefined) return 0;
    const tariff = this.reference.tariff(context.plan.tariffId);
    if (tariff === undefined) return 0;
    const result = priceCall(
      {
        billableSeconds: this.record.billableSeconds,
        number: this.destination.number,
        startTime: this.record.startTime,
      },
      tariff,
    );
    if (!result.ok) return 0;
    const units = parseMoneyUnits(result.breakdown.roundedTotal);
    if (units === undefined) return 0;
    this.priced = true;
    this.costCurrency = result.currency;
    return units;
  }
}
