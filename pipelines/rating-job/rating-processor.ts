import { PipelineError } from '../core/errors.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import type { Destination } from '../numbering/destination.ts';
import {
  AccountStateStore,
  fairUseTermsOf,
  type BreachEvent,
  type FairUseOptions,
  type FairUseTerms,
} from '../fair-use/index.ts';
import { isNotBilledReason } from '../fair-use/decision.ts';
import { priceCall } from '../rating/price-call.ts';
import {
  inPlanRating,
  offPlanRating,
  type FreeReason,
  type OffPlanReason,
  type RatedCall,
  type RatingContext,
} from '../rating/rated-call.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { AccountContext } from '../reference/reference-types.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';
import { parisMonthBounds, parisMonthOf } from '../time/paris-calendar.ts';
import { EventTimeBuffer } from '../windowing/event-time-buffer.ts';
import { SnapshotReader } from '../windowing/snapshot-reader.ts';
import { WatermarkTracker } from '../windowing/watermark-tracker.ts';
import { effectiveTime, emittedTime, tieKey, type RatingInput } from './rating-input.ts';
import { ratingInputFromSnapshot, ratingInputToSnapshot } from './rating-input-snapshot.ts';
import type { RatingOptions } from './rating-options.ts';

/** A whole month of an account to re-rate per minute (fair-use policy 'whole-month'). */
export interface RerateRequest {
  readonly accountId: string;
  readonly month: string;
  readonly triggeringCallId: string;
}

export interface RatingOutputs {
  readonly ratedCalls: RatedCall[];
  readonly breaches: BreachEvent[];
  readonly rerates: RerateRequest[];
  /**
   * Inputs that arrived after later ones had already been processed for their account: rating them now would
   * break the event-time order fair use depends on. They are kept for review, never dropped.
   */
  readonly late: RatingInput[];
}

export interface RatingProcessorStats {
  calls: number;
  registrations: number;
  /** Registration events of accounts missing from the reference data: ignored. */
  unknownAccountRegistrations: number;
  /** Calls of accounts missing from the reference data: rated 'no-plan'. */
  unknownAccountCalls: number;
  /** Inputs that arrived after their rating time had passed. */
  lateInputs: number;
  /** Inbound and internal calls: not rated (the plan and the tariffs concern outbound calls). */
  notOutbound: number;
}

/**
 * Everything a processor holds, as JSON: the watermarks of its inputs, the inputs not yet rated, the
 * fair-use state of its accounts and its counters. Taken between batches, stored with the input offsets it
 * covers; a processor restored from it and fed from those offsets gives the same outputs as the original.
 */
export interface RatingProcessorSnapshot {
  readonly format: 'rating-processor';
  readonly version: 1;
  readonly watermarks: unknown;
  readonly held: unknown;
  readonly accounts: readonly unknown[];
  readonly stats: RatingProcessorStats;
}

const SNAPSHOT_FORMAT = 'rating-processor';

export interface RatingProcessorSettings {
  readonly options: RatingOptions;
  readonly fairUse?: Partial<FairUseOptions>;
  /** The reference data in force; read at each input, so a reload applies from the next one. */
  readonly reference: () => ReferenceData;
  readonly classify: NumberClassifier;
}

const MINUTE_MS = 60_000;

interface AccountTerms {
  readonly reference: ReferenceData;
  readonly context: AccountContext;
  readonly terms: FairUseTerms;
}

/**
 * Rates the calls of a set of SIP accounts (one input partition number) in event time. Pure: no I/O, no
 * clock; the same inputs in the same order give the same outputs.
 *
 * Inputs are held until every call that could overlap them is known, then processed in order of their
 * effective time (call start, registration time): the watermark is the minimum over the inputs of the latest
 * emission time seen (CDRs are emitted when calls end) less the allowed out-of-orderness, and an input is
 * released once the watermark passed its effective time by the maximum call duration. Each released call
 * gets its fair-use decision (account state of its Paris month) and, when off plan, its exact price with
 * the plan's tariff version in force at its start.
 */
export class RatingProcessor {
  readonly stats: RatingProcessorStats = {
    calls: 0,
    registrations: 0,
    unknownAccountRegistrations: 0,
    unknownAccountCalls: 0,
    lateInputs: 0,
    notOutbound: 0,
  };
  private readonly buffer: EventTimeBuffer<RatingInput>;
  private readonly watermarks: WatermarkTracker;
  private readonly accounts: AccountStateStore;
  private readonly accountTerms = new Map<string, AccountTerms>();

  constructor(private readonly settings: RatingProcessorSettings) {
    this.buffer = new EventTimeBuffer<RatingInput>(
      {
        timeOf: effectiveTime,
        tieKeyOf: tieKey,
        toSnapshot: ratingInputToSnapshot,
        fromSnapshot: ratingInputFromSnapshot,
      },
      { holdDelayMs: settings.options.maxCallDurationMinutes * MINUTE_MS },
    );
    // Idleness is decided by the caller (an input read to its end), never by the wall clock: replays are deterministic.
    this.watermarks = new WatermarkTracker(
      { maxOutOfOrdernessMs: settings.options.maxOutOfOrdernessSeconds * 1000, idleTimeoutMs: 0 },
      () => 0,
    );
    this.accounts = new AccountStateStore(settings.fairUse ?? {});
  }

  /** Declares an input (e.g. `cdr/3`, `registrations/3`): until it sends data or is idle, it holds time back. */
  addInput(input: string): void {
    this.watermarks.addPartition(input);
  }

  /** The input has nothing more for now (read to its end): it no longer holds time back. */
  markIdle(input: string): void {
    this.watermarks.markIdle(input);
  }

  /** Takes one input from `source`; call `poll()` to get what became ready. */
  add(item: RatingInput, source: string): void {
    this.watermarks.observe(source, emittedTime(item));
    if (!this.buffer.push(item)) this.stats.lateInputs++;
  }

  /** Rates what the watermark allows. */
  poll(): RatingOutputs {
    return this.process(this.buffer.advance(this.watermarks.current()));
  }

  /** End of input: rates everything still held. */
  flush(): RatingOutputs {
    return this.process(this.buffer.flush());
  }

  snapshot(): RatingProcessorSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      version: 1,
      watermarks: this.watermarks.snapshot(),
      held: this.buffer.snapshot(),
      accounts: this.accounts.snapshots(),
      stats: { ...this.stats },
    };
  }

  /** Loads a snapshot into this processor, which must not have received anything yet. */
  restore(snapshot: unknown): void {
    if (this.buffer.size > 0 || this.accounts.size > 0 || this.stats.calls + this.stats.registrations > 0) {
      throw new PipelineError(
        'SNAPSHOT_INVALID',
        'a rating snapshot can only be restored into a new processor',
      );
    }
    const read = new SnapshotReader(SNAPSHOT_FORMAT);
    const saved = read.header(snapshot, 1);
    this.watermarks.restore(saved['watermarks']);
    this.buffer.restore(saved['held']);
    for (const account of read.array(saved['accounts'], '$.accounts')) this.accounts.restore(account);
    const stats = read.object(saved['stats'], '$.stats');
    for (const name of Object.keys(this.stats) as (keyof RatingProcessorStats)[]) {
      this.stats[name] = read.count(stats[name], `$.stats.${name}`);
    }
  }

  get buffered(): number {
    return this.buffer.size;
  }

  get accountsHeld(): number {
    return this.accounts.size;
  }

  private process(items: readonly RatingInput[]): RatingOutputs {
    const outputs: RatingOutputs = { ratedCalls: [], breaches: [], rerates: [], late: [] };
    for (const item of items) {
      try {
        if (item.kind === 'call') this.rateCall(item.record, outputs);
        else this.applyRegistration(item.event, outputs);
      } catch (error) {
        if (!(error instanceof PipelineError && error.code === 'EVENT_OUT_OF_ORDER')) throw error;
        outputs.late.push(item);
      }
    }
    const last = items.at(-1);
    if (last !== undefined) this.forgetMonthsBefore(effectiveTime(last));
    return outputs;
  }

  /**
   * The account's context and fair-use terms, looked up once per account and reference data snapshot (a
   * reload gives a new snapshot object). Only accounts of the reference data are kept: at most one entry each.
   */
  private accountOf(accountId: string): AccountTerms | undefined {
    const reference = this.settings.reference();
    const cached = this.accountTerms.get(accountId);
    if (cached?.reference === reference) return cached;
    const context = reference.account(accountId);
    if (context === undefined) return undefined;
    const entry = { reference, context, terms: fairUseTermsOf(context, reference.deviceMatcher) };
    this.accountTerms.set(accountId, entry);
    return entry;
  }

  private applyRegistration(event: RegistrationEvent, outputs: RatingOutputs): void {
    this.stats.registrations++;
    const account = this.accountOf(event.accountId);
    if (account === undefined) {
      this.stats.unknownAccountRegistrations++;
      return;
    }
    const breaches = this.accounts.applyRegistration(event, account.terms);
    if (breaches.length > 0) outputs.breaches.push(...breaches);
  }

  private rateCall(call: CallRecord, outputs: RatingOutputs): void {
    if (call.direction !== 'OUTBOUND') {
      this.stats.notOutbound++;
      return;
    }
    this.stats.calls++;
    const destination = this.settings.classify(call.callee);
    const account = this.accountOf(call.accountId);
    if (account === undefined) {
      this.stats.unknownAccountCalls++;
      const reference = this.settings.reference();
      const fallback = this.settings.options.fallbackTariffId;
      const tariff = fallback === undefined ? undefined : reference.tariff(fallback);
      const rating = this.ratingContext('unknown', parisMonthOf(call.startTime));
      outputs.ratedCalls.push(
        call.billableSeconds === 0
          ? inPlanRating(call, destination, rating, 'not-answered')
          : offPlanRating(call, destination, rating, 'no-plan', this.price(call, destination, tariff)),
      );
      return;
    }
    const { reference, context } = account;
    const decision = this.accounts.decideCall(call, destination, account.terms);
    const rating = this.ratingContext(context.customer.id, decision.month);
    if (isNotBilledReason(decision.reason)) {
      outputs.ratedCalls.push(inPlanRating(call, destination, rating, decision.reason as FreeReason));
    } else {
      const tariff = reference.tariff(context.plan.tariffId);
      outputs.ratedCalls.push(
        offPlanRating(
          call,
          destination,
          rating,
          decision.reason as OffPlanReason,
          this.price(call, destination, tariff),
        ),
      );
    }
    if (decision.breaches.length > 0) outputs.breaches.push(...decision.breaches);
    if (decision.rerateMonth) {
      outputs.rerates.push({
        accountId: call.accountId,
        month: decision.month,
        triggeringCallId: call.callId,
      });
    }
  }

  private price(call: CallRecord, destination: Destination, tariff: ReturnType<ReferenceData['tariff']>) {
    if (tariff === undefined) return null;
    return priceCall(
      { billableSeconds: call.billableSeconds, number: destination.number, startTime: call.startTime },
      tariff,
    );
  }

  private ratingContext(customerId: string, month: string): RatingContext {
    return {
      customerId,
      month,
      ratingVersion: this.settings.options.ratingVersion,
      currency: this.settings.options.currency,
    };
  }

  /** Account states of months that can no longer receive calls are dropped. */
  private forgetMonthsBefore(processedUpTo: number): void {
    const month = parisMonthOf(
      new Date(processedUpTo - this.settings.options.maxCallDurationMinutes * MINUTE_MS),
    );
    this.accounts.evictBefore(parisMonthBounds(month).start);
  }
}
