import { parseOptions } from '../config/options.ts';
import { PipelineError } from '../core/errors.ts';
import type { CallRecord } from '../ingest/call-record.ts';
import type { NumberClassifier } from '../numbering/classify.ts';
import type { ReferenceData } from '../reference/reference-data.ts';
import type { RegistrationEvent } from '../registration/registration-event.ts';
import { decodeInstant, encodeInstant } from '../windowing/instant.ts';
import { SnapshotReader } from '../windowing/snapshot-reader.ts';
import { WatermarkTracker } from '../windowing/watermark-tracker.ts';
import { AlertEmitter } from './alert-emitter.ts';
import { buildRules } from './build-rules.ts';
import { CallFacts } from './call-facts.ts';
import { CustomerThresholds } from './customer-thresholds.ts';
import type { FraudAlert } from './fraud-alert.ts';
import { fraudDetectorOptionsSpec, type FraudDetectorOptions } from './fraud-detector-options.ts';
import { fraudEventTime, type FraudInput } from './fraud-input.ts';
import type { FraudRules } from './fraud-rules.ts';
import { RegistrationFacts } from './registration-facts.ts';
import type { FraudRule } from './rules/fraud-rule.ts';

export interface FraudDetectorSettings {
  /** Compiled rules (loadFraudRules / parseFraudRules); their version goes on every alert. */
  readonly rules: FraudRules;
  /** The reference data in force; read at each input, so a reload applies from the next one. */
  readonly reference: () => ReferenceData;
  readonly classify: NumberClassifier;
  readonly options?: Partial<FraudDetectorOptions>;
  /** Processing-time clock (ms), used only when `idleTimeoutSeconds` > 0. */
  readonly now?: () => number;
}

export interface FraudOutputs {
  /** New alerts, in the order they fired. */
  readonly alerts: FraudAlert[];
  /** Inputs older than the watermark minus the allowed lateness: not evaluated, kept for review. */
  readonly late: FraudInput[];
}

export interface FraudDetectorStats {
  readonly calls: number;
  readonly registrations: number;
  /** Inbound and internal calls: not evaluated (toll fraud is outbound). */
  readonly notOutbound: number;
  /** Calls to emergency numbers: never counted, never alerted on. */
  readonly emergencyCalls: number;
  /** Inputs of accounts missing from the reference data (evaluated with the default thresholds). */
  readonly unknownAccountInputs: number;
  /** Answered calls the plan's tariff could not price (counted with cost 0). */
  readonly unpricedCalls: number;
  readonly lateInputs: number;
  readonly alerts: number;
  /** Levels reached again in windows overlapping one already reported (not re-alerted). */
  readonly suppressedAlerts: number;
  /** Live windows over all rules (memory). */
  readonly windows: number;
  readonly watermark: number;
}

const FORMAT = 'fraud-detector';
/** Reported alerts older than the rules' windows are forgotten once per minute of event time. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The fraud rules over the inputs of one partition number (calls and registration events of the same
 * accounts), in event time. Pure: no I/O and no clock (unless idleness by processing time is asked for);
 * the same inputs in the same order give the same alerts, with the same ids.
 *
 * - Each input is evaluated when it arrives (`add`): a rule whose level is reached fires at once, it does
 *   not wait for its window to end. `poll()` returns the alerts and advances event time.
 * - Event time: a call's end, a registration's timestamp. The watermark is the minimum over the declared
 *   inputs (not idle) of their latest event time minus `maxOutOfOrdernessSeconds`; it moves on `poll()`.
 * - An input older than watermark - `allowedLatenessSeconds` is late: not evaluated, counted and returned.
 * - Emergency calls are never evaluated; inbound and internal calls neither.
 * - `snapshot()` after `poll()`, `restore()` into a fresh detector: it continues with the same decisions.
 */
export class FraudDetector {
  readonly options: FraudDetectorOptions;
  readonly rulesVersion: string;
  private readonly tracker: WatermarkTracker;
  private readonly alerts: AlertEmitter;
  private readonly rules: readonly FraudRule[];
  private readonly callRules: readonly FraudRule[];
  private readonly registrationRules: readonly FraudRule[];
  private readonly allowedLatenessMs: number;
  private readonly horizonMs: number;
  private currentWatermark = Number.NEGATIVE_INFINITY;
  private late: FraudInput[] = [];
  private readonly counters = {
    calls: 0,
    registrations: 0,
    notOutbound: 0,
    emergencyCalls: 0,
    unknownAccountInputs: 0,
    unpricedCalls: 0,
    lateInputs: 0,
  };

  constructor(private readonly settings: FraudDetectorSettings) {
    this.options = parseOptions('fraudDetector', fraudDetectorOptionsSpec, settings.options ?? {});
    this.rulesVersion = settings.rules.version;
    this.allowedLatenessMs = this.options.allowedLatenessSeconds * 1000;
    this.tracker = new WatermarkTracker(
      {
        maxOutOfOrdernessMs: this.options.maxOutOfOrdernessSeconds * 1000,
        idleTimeoutMs: this.options.idleTimeoutSeconds * 1000,
      },
      settings.now ?? (() => 0),
    );
    this.alerts = new AlertEmitter(settings.rules.version);
    this.rules = buildRules(settings.rules, {
      alerts: this.alerts,
      thresholds: new CustomerThresholds(),
      allowedLatenessMs: this.allowedLatenessMs,
    });
    this.callRules = this.rules.filter((rule) => rule.onCall !== undefined);
    this.registrationRules = this.rules.filter((rule) => rule.onRegistration !== undefined);
    this.horizonMs = Math.max(0, ...this.rules.map((rule) => rule.horizonMs));
  }

  /** Declares an input (e.g. `cdr/3`, `registrations/3`): until it sends data or is idle, it holds time back. */
  addInput(input: string): void {
    this.tracker.addPartition(input);
  }

  /** An input no longer read by this detector (rebalance). */
  removeInput(input: string): boolean {
    return this.tracker.removePartition(input);
  }

  /** The input has nothing more for now (read to its end): it no longer holds time back. */
  markIdle(input: string): void {
    this.tracker.markIdle(input);
  }

  /** Evaluates one input read from `source`; alerts it causes are returned by the next `poll()`. */
  add(item: FraudInput, source: string): void {
    const time = fraudEventTime(item);
    this.tracker.observe(source, time);
    if (time < this.currentWatermark - this.allowedLatenessMs) {
      this.counters.lateInputs++;
      this.late.push(item);
      return;
    }
    if (item.kind === 'call') this.evaluateCall(item.record);
    else this.evaluateRegistration(item.event);
  }

  /** Advances event time (closing windows, forgetting old state) and returns what happened since the last poll. */
  poll(): FraudOutputs {
    this.advanceTo(this.tracker.current());
    return this.drain();
  }

  /** End of input: every window closes; later inputs are late. */
  flush(): FraudOutputs {
    this.advanceTo(Number.POSITIVE_INFINITY);
    return this.drain();
  }

  get watermark(): number {
    return this.currentWatermark;
  }

  stats(): FraudDetectorStats {
    return {
      ...this.counters,
      alerts: this.alerts.emitted,
      suppressedAlerts: this.alerts.suppressed,
      windows: this.rules.reduce((sum, rule) => sum + rule.windowCount, 0),
      watermark: this.currentWatermark,
    };
  }

  /**
   * JSON-able state (windows, rule state, watermarks, alerts already reported), to store with the input
   * offsets it covers. Call `poll()` first: outputs not yet returned are not part of it.
   */
  snapshot(): unknown {
    if (this.alerts.pendingCount > 0 || this.late.length > 0) {
      throw new PipelineError(
        'INVALID_ARGUMENT',
        'fraud detector: poll() before snapshot(): outputs are pending',
      );
    }
    const rules: Record<string, unknown> = {};
    for (const rule of this.rules) rules[rule.name] = rule.snapshot();
    return {
      format: FORMAT,
      version: 1,
      rulesVersion: this.rulesVersion,
      watermark: encodeInstant(this.currentWatermark),
      inputs: this.tracker.snapshot(),
      alerts: this.alerts.snapshot(),
      rules,
    };
  }

  /**
   * Loads a snapshot into a fresh detector (after a restart). Rules may have changed thresholds since
   * (the new ones apply from now); a rule whose windows changed shape refuses its state (SNAPSHOT_INVALID);
   * rules enabled since start empty, rules disabled since are ignored.
   */
  restore(snapshot: unknown): void {
    const read = new SnapshotReader(FORMAT);
    const saved = read.header(snapshot, 1);
    const watermark = decodeInstant(read.instant(saved['watermark'], '$.watermark'));
    const rules = read.object(saved['rules'], '$.rules');
    this.tracker.restore(saved['inputs']);
    this.alerts.restore(saved['alerts']);
    for (const rule of this.rules) {
      const state = rules[rule.name];
      if (state !== undefined) rule.restore(state);
    }
    if (watermark > this.currentWatermark) this.currentWatermark = watermark;
  }

  private evaluateCall(record: CallRecord): void {
    if (record.direction !== 'OUTBOUND') {
      this.counters.notOutbound++;
      return;
    }
    const destination = this.settings.classify(record.callee);
    if (destination.class === 'emergency') {
      this.counters.emergencyCalls++;
      return;
    }
    this.counters.calls++;
    const reference = this.settings.reference();
    const context = reference.account(record.accountId);
    if (context === undefined) this.counters.unknownAccountInputs++;
    const facts = new CallFacts(record, destination, context, reference);
    for (const rule of this.callRules) rule.onCall?.(facts);
    if (facts.pricingFailed) this.counters.unpricedCalls++;
  }

  private evaluateRegistration(event: RegistrationEvent): void {
    this.counters.registrations++;
    const context = this.settings.reference().account(event.accountId);
    if (context === undefined) this.counters.unknownAccountInputs++;
    const facts = new RegistrationFacts(event);
    for (const rule of this.registrationRules) rule.onRegistration?.(facts, context);
  }

  private advanceTo(watermark: number): void {
    if (!(watermark > this.currentWatermark)) return;
    this.currentWatermark = watermark;
    for (const rule of this.rules) rule.advanceWatermark(watermark);
    this.alerts.forgetBefore(watermark - this.allowedLatenessMs - this.horizonMs, SWEEP_EVERY_MS);
  }

  private drain(): FraudOutputs {
    const late = this.late;
    this.late = [];
    return { alerts: this.alerts.drain(), late };
  }
}
