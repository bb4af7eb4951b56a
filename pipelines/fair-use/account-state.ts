import { parseOptions } from '../config/options.ts';
import { PipelineError } from '../core/errors.ts';
import { maskNumber } from '../core/logger.ts';
import { parisMonthOfMs } from '../time/paris-calendar.ts';
import { ActiveCalls } from './active-calls.ts';
import { createBreach, type BreachEvent, type BreachEvidence, type FairUseRule } from './breach.ts';
import type { DeviceCheckOutcome, FairUseDecision } from './decision.ts';
import { fairUseOptionsSpec, type FairUseOptions } from './fair-use-options.ts';
import type { FairUseCall, FairUseDestination, FairUseRegistration, FairUseTerms } from './fair-use-terms.ts';
import { maskDigitRuns } from './mask.ts';
import { MonthUsage } from './month-usage.ts';
import { reasonFlag, resolveReasons } from './reason-flags.ts';
import { RegisteredDevices } from './registered-devices.ts';
import { parseFairUseSnapshot, FAIR_USE_SNAPSHOT_VERSION, type FairUseSnapshot } from './snapshot.ts';

const EMERGENCY = reasonFlag('emergency');
const NOT_ANSWERED = reasonFlag('not-answered');
const TELECOM_PROFESSIONAL = reasonFlag('telecom-professional');
const DESTINATION_NOT_IN_PLAN = reasonFlag('destination-not-in-plan');
const THIRD_PARTY_DEVICE = reasonFlag('third-party-device');
const REGISTERED_DEVICES = reasonFlag('registered-devices-exceeded');
const CONCURRENT_CALLS = reasonFlag('concurrent-calls-exceeded');
const DISTINCT_NUMBERS = reasonFlag('distinct-numbers-exceeded');

const NO_BREACHES: readonly BreachEvent[] = Object.freeze([]);

interface DeviceJudgement {
  readonly outcome: DeviceCheckOutcome;
  readonly deviceId: string | undefined;
  /** Set when the device is third-party: what identifies it for the once-per-device breach. */
  readonly thirdPartyKey: string | undefined;
}

const DEVICE_NOT_EVALUATED: DeviceJudgement = {
  outcome: 'not-evaluated',
  deviceId: undefined,
  thirdPartyKey: undefined,
};
const DEVICE_NOT_REQUIRED: DeviceJudgement = {
  outcome: 'not-required',
  deviceId: undefined,
  thirdPartyKey: undefined,
};
const DEVICE_UNKNOWN: DeviceJudgement = {
  outcome: 'no-user-agent',
  deviceId: undefined,
  thirdPartyKey: undefined,
};
const DEVICE_UNKNOWN_THIRD_PARTY: DeviceJudgement = {
  outcome: 'no-user-agent',
  deviceId: undefined,
  thirdPartyKey: '\u0000no-user-agent',
};

/**
 * The fair-use state of one SIP account (DOMAIN.md 1, CP "Utilisation du Service : FORFAITS") and the
 * decisions it yields, fed in event order: calls by start time, registration events by timestamp,
 * interleaved by time. Pure: no I/O, no clock; event time only.
 *
 * Month-scoped (reset when an event falls in a later Europe/Paris month, the month of a call's start):
 * the distinct numbers, whether their limit is exceeded, and the breaches already emitted. Continuous
 * (they do not stop at midnight on the 1st): calls in progress and registered devices.
 *
 * Rules, evaluated for answered calls (billableSeconds > 0) that are not emergency calls, of customers
 * that are not telecom professionals:
 * - simultaneous calls: the call that makes more than `maxConcurrentCalls` calls in progress at its start
 *   (itself included) is off-plan, and so is every further one while that holds; calls in progress are
 *   counted whatever their destination (see ActiveCalls for the half-open intervals);
 * - registered devices: a call starting while more than `maxRegisteredDevices` bindings are active is
 *   off-plan (see RegisteredDevices); the breach is emitted by the REGISTERED event that first takes the
 *   count over the limit in the month, or by the first call that finds it over (e.g. in a new month);
 * - third-party device: with `requireCatalogueDevice`, a User-Agent the matcher does not approve puts the
 *   call off-plan; a missing User-Agent follows the `nullUserAgent` option (default: not evaluated);
 * - distinct numbers: answered calls to the plan's classes count their number (whatever else applies to
 *   the call); the call whose new number takes the set past `maxDistinctNumbers` breaches, and from then
 *   on every in-plan-class call of the month is off-plan. Under `whole-month` the breaching call's
 *   decision carries `rerateMonth` so that the job re-rates the month's earlier calls
 *   (`rerateForWholeMonth`). The other rules act call by call under both policies.
 *
 * Calls of one start instant are taken in delivery order: the job sorts by (start, call id) so that a
 * replay picks the same call as the 4th. Registration events at the same instant as a call should be
 * delivered first (a device registered at t is registered when a call starts at t).
 */
export class AccountFairUseState {
  private usage: MonthUsage | undefined;
  private active = new ActiveCalls();
  private devices = new RegisteredDevices();
  private lastCallStartMs: number | null = null;
  private lastRegistrationMs: number | null = null;

  constructor(
    readonly accountId: string,
    private readonly options: FairUseOptions = parseOptions('fairUse', fairUseOptionsSpec),
  ) {}

  /** The Paris month the counters are for, or undefined before the first event (or after eviction). */
  get month(): string | undefined {
    return this.usage?.month;
  }

  /** Distinct numbers counted this month (stops growing once past the limit). */
  get distinctNumberCount(): number {
    return this.usage?.numbers.size ?? 0;
  }

  /** Calls counted toward the distinct-number rule after the limit, to numbers not stored (repeats included). */
  get unstoredNumberCalls(): number {
    return this.usage?.unstoredNumberCalls ?? 0;
  }

  get activeCallCount(): number {
    return this.active.size;
  }

  /** Bindings active at `at` (bindings expired by then are not counted). */
  registeredDeviceCount(at: Date): number {
    const atMs = at.getTime();
    return this.devices.list().filter((b) => b.expiresAtMs > atMs).length;
  }

  decideCall(call: FairUseCall, destination: FairUseDestination, terms: FairUseTerms): FairUseDecision {
    this.checkAccount(call.accountId);
    const startMs = call.startTime.getTime();
    if (this.lastCallStartMs !== null && startMs < this.lastCallStartMs) {
      throw outOfOrder(
        `call starts before the previous call of the account (${call.startTime.toISOString()})`,
      );
    }
    const usage = this.usageFor(startMs, terms);
    this.lastCallStartMs = startMs;

    if (destination.class === 'emergency') {
      return this.decision(call, usage, EMERGENCY, 'not-evaluated', undefined, false, NO_BREACHES);
    }
    const answered = call.billableSeconds > 0;
    const inPlanClass = terms.includedClasses.includes(destination.class);
    let mask = (answered ? 0 : NOT_ANSWERED) | (inPlanClass ? 0 : DESTINATION_NOT_IN_PLAN);
    if (terms.telecomProfessional) {
      return this.decision(
        call,
        usage,
        mask | TELECOM_PROFESSIONAL,
        'not-evaluated',
        undefined,
        false,
        NO_BREACHES,
      );
    }

    let breaches: BreachEvent[] | undefined;
    if (answered || this.options.concurrencyCounts === 'all-attempts') {
      this.active.pruneEndedBy(startMs);
      const simultaneous = this.active.size + 1;
      if (simultaneous > terms.limits.maxConcurrentCalls) {
        mask |= CONCURRENT_CALLS;
        if (!usage.hasBreached('concurrent-calls')) {
          (breaches ??= []).push(
            this.callBreach(usage, terms, call, 'concurrent-calls', false, {
              count: simultaneous,
              limit: terms.limits.maxConcurrentCalls,
              overlappingCallIds: [...this.active.ids(), call.callId],
            }),
          );
        }
      }
      this.active.add(call.callId, startMs, call.endTime.getTime());
    }

    let device = DEVICE_NOT_EVALUATED;
    let rerateMonth = false;
    if (answered) {
      this.devices.pruneExpired(startMs);
      if (this.devices.size > terms.limits.maxRegisteredDevices) {
        mask |= REGISTERED_DEVICES;
        if (!usage.hasBreached('registered-devices')) {
          (breaches ??= []).push(
            this.callBreach(usage, terms, call, 'registered-devices', false, this.devicesEvidence(terms)),
          );
        }
      }

      device = this.judgeDevice(call.userAgent, terms);
      if (device.thirdPartyKey !== undefined) {
        mask |= THIRD_PARTY_DEVICE;
        if (usage.firstThirdPartyUse(device.thirdPartyKey)) {
          (breaches ??= []).push(
            this.callBreach(usage, terms, call, 'third-party-device', false, {
              count: 1,
              limit: 0,
              userAgent: call.userAgent === null ? '' : maskDigitRuns(call.userAgent),
              ...(device.deviceId === undefined ? {} : { deviceId: device.deviceId }),
            }),
          );
        }
      }

      if (inPlanClass) {
        if (usage.numbersExceeded) {
          mask |= DISTINCT_NUMBERS;
          if (!usage.numbers.has(destination.number)) usage.unstoredNumberCalls += 1;
        } else if (
          usage.numbers.add(destination.number) &&
          usage.numbers.size > terms.limits.maxDistinctNumbers
        ) {
          mask |= DISTINCT_NUMBERS;
          usage.numbersExceeded = true;
          rerateMonth = terms.breachPolicy === 'whole-month';
          if (!usage.hasBreached('distinct-numbers')) {
            (breaches ??= []).push(
              this.callBreach(usage, terms, call, 'distinct-numbers', rerateMonth, {
                count: usage.numbers.size,
                limit: terms.limits.maxDistinctNumbers,
                ...(this.options.breachEvidenceNumbers === 'masked'
                  ? { maskedNumbers: usage.numbers.numbers().map(maskNumber) }
                  : {}),
              }),
            );
          }
        }
      }
    }
    return this.decision(
      call,
      usage,
      mask,
      device.outcome,
      device.deviceId,
      rerateMonth,
      breaches ?? NO_BREACHES,
    );
  }

  /**
   * Applies a SIP registration event. Returns the registered-devices breach when this REGISTERED takes the
   * active bindings over the limit for the first time in the month (else nothing). AUTH_FAILED events
   * change nothing here (fraud detection reads them).
   */
  applyRegistration(event: FairUseRegistration, terms: FairUseTerms): readonly BreachEvent[] {
    this.checkAccount(event.accountId);
    if (event.type === 'AUTH_FAILED') return NO_BREACHES;
    const atMs = event.timestamp.getTime();
    if (
      (this.lastRegistrationMs !== null && atMs < this.lastRegistrationMs) ||
      (this.usage !== undefined && atMs < this.usage.startMs)
    ) {
      throw outOfOrder(
        `registration event is older than events already applied (${event.timestamp.toISOString()})`,
      );
    }
    this.lastRegistrationMs = atMs;
    this.devices.pruneExpired(atMs);
    const expiresSeconds = event.expiresSeconds ?? this.options.defaultRegistrationExpirySeconds;
    if (event.type !== 'REGISTERED' || expiresSeconds <= 0 || event.contact === null) {
      this.devices.remove(event.contact, event.instanceId);
      return NO_BREACHES;
    }
    this.devices.register(event.contact, event.instanceId, event.userAgent, atMs, expiresSeconds);
    if (terms.telecomProfessional || this.devices.size <= terms.limits.maxRegisteredDevices)
      return NO_BREACHES;
    const usage = this.usageFor(atMs, terms);
    if (usage.hasBreached('registered-devices')) return NO_BREACHES;
    usage.markBreached('registered-devices');
    return [
      createBreach({
        accountId: this.accountId,
        customerId: terms.customerId,
        rule: 'registered-devices',
        month: usage.month,
        at: event.timestamp,
        trigger: { eventId: event.eventId },
        policy: terms.breachPolicy,
        rerateMonth: false,
        evidence: this.devicesEvidence(terms),
      }),
    ];
  }

  /**
   * Drops what no event at or after `instant` can use: the month counters when their month ended by then,
   * calls ended and bindings expired by then. `instant` must not be later than the next events' times
   * (use a watermark such as the start of the current month). True when nothing is left, so that the
   * store can forget the account.
   */
  evictBefore(instant: Date): boolean {
    const atMs = instant.getTime();
    if (this.usage !== undefined && this.usage.endMs <= atMs) this.usage = undefined;
    this.active.pruneEndedBy(atMs);
    this.active.compact();
    this.devices.pruneExpired(atMs);
    return this.usage === undefined && this.active.size === 0 && this.devices.size === 0;
  }

  toSnapshot(): FairUseSnapshot {
    return {
      version: FAIR_USE_SNAPSHOT_VERSION,
      accountId: this.accountId,
      lastCallStartMs: this.lastCallStartMs,
      lastRegistrationMs: this.lastRegistrationMs,
      activeCalls: this.active.toJSON(),
      bindings: this.devices.toJSON(),
      usage: this.usage === undefined ? null : this.usage.toJSON(),
    };
  }

  /** Rebuilds a state from `toSnapshot()` output (or its JSON parsed back); validates it first. */
  static fromSnapshot(snapshot: unknown, options?: FairUseOptions): AccountFairUseState {
    const parsed = parseFairUseSnapshot(snapshot);
    const state = new AccountFairUseState(parsed.accountId, options);
    state.lastCallStartMs = parsed.lastCallStartMs;
    state.lastRegistrationMs = parsed.lastRegistrationMs;
    state.active = ActiveCalls.fromJSON(parsed.activeCalls);
    state.devices = RegisteredDevices.fromJSON(parsed.bindings);
    state.usage = parsed.usage === null ? undefined : MonthUsage.fromJSON(parsed.usage);
    return state;
  }

  /** Approximate heap bytes held by this state (V8 object layouts; strings shared with events counted). */
  estimatedBytes(): number {
    // The object, its boxed number fields and the store's map entry: 160 bytes measured.
    return (
      160 + (this.usage?.estimatedBytes() ?? 0) + this.active.estimatedBytes() + this.devices.estimatedBytes()
    );
  }

  private usageFor(atMs: number, terms: FairUseTerms): MonthUsage {
    const usage = this.usage;
    if (usage !== undefined) {
      if (atMs >= usage.startMs && atMs < usage.endMs) return usage;
      if (atMs < usage.startMs) throw outOfOrder(`event of a month before ${usage.month}`);
    }
    const started = MonthUsage.start(parisMonthOfMs(atMs), terms.limits.maxDistinctNumbers);
    this.usage = started;
    return started;
  }

  private judgeDevice(userAgent: string | null, terms: FairUseTerms): DeviceJudgement {
    if (!terms.requireCatalogueDevice) return DEVICE_NOT_REQUIRED;
    if (userAgent === null || userAgent.trim() === '') {
      return this.options.nullUserAgent === 'third-party' ? DEVICE_UNKNOWN_THIRD_PARTY : DEVICE_UNKNOWN;
    }
    const check = terms.matchDevice(userAgent);
    if (check.approved) return approvedJudgement(check.deviceId);
    return {
      outcome: 'third-party',
      deviceId: check.deviceId,
      // A User-Agent never holds a NUL: the prefix keeps catalogue ids and User-Agents apart, and the
      // common case (no catalogue id) allocates no key.
      thirdPartyKey: check.deviceId === undefined ? userAgent : `\u0000${check.deviceId}`,
    };
  }

  private devicesEvidence(terms: FairUseTerms): BreachEvidence {
    return {
      count: this.devices.size,
      limit: terms.limits.maxRegisteredDevices,
      contacts: this.devices.list().map((b) => ({
        contact: maskDigitRuns(b.contact),
        instanceId: b.instanceId === null ? null : maskDigitRuns(b.instanceId),
        userAgent: b.userAgent === null ? null : maskDigitRuns(b.userAgent),
        registeredAt: new Date(b.registeredAtMs),
        expiresAt: new Date(b.expiresAtMs),
      })),
    };
  }

  private callBreach(
    usage: MonthUsage,
    terms: FairUseTerms,
    call: FairUseCall,
    rule: FairUseRule,
    rerateMonth: boolean,
    evidence: BreachEvidence,
  ): BreachEvent {
    if (rule !== 'third-party-device') usage.markBreached(rule);
    return createBreach({
      accountId: this.accountId,
      customerId: terms.customerId,
      rule,
      month: usage.month,
      at: call.startTime,
      trigger: { callId: call.callId },
      policy: terms.breachPolicy,
      rerateMonth,
      evidence,
    });
  }

  private decision(
    call: FairUseCall,
    usage: MonthUsage,
    mask: number,
    deviceCheck: DeviceCheckOutcome,
    deviceId: string | undefined,
    rerateMonth: boolean,
    breaches: readonly BreachEvent[],
  ): FairUseDecision {
    const { inPlan, reason, alsoApplies } = resolveReasons(mask);
    return {
      callId: call.callId,
      month: usage.month,
      inPlan,
      reason,
      alsoApplies,
      deviceCheck,
      deviceId,
      rerateMonth,
      breaches,
    };
  }

  private checkAccount(accountId: string): void {
    if (accountId !== this.accountId) {
      throw new PipelineError(
        'INVALID_ARGUMENT',
        `event of account ${accountId} given to the state of ${this.accountId}`,
      );
    }
  }
}

const approvedJudgements = new Map<string | undefined, DeviceJudgement>();

/** One shared judgement per approved catalogue device: nothing allocated per call. */
function approvedJudgement(deviceId: string | undefined): DeviceJudgement {
  let judgement = approvedJudgements.get(deviceId);
  if (judgement === undefined) {
    judgement = Object.freeze({ outcome: 'approved', deviceId, thirdPartyKey: undefined });
    if (approvedJudgements.size < 10_000) approvedJudgements.set(deviceId, judgement);
  }
  return judgement;
}

function outOfOrder(message: string): PipelineError {
  return new PipelineError('EVENT_OUT_OF_ORDER', `fair use: ${message}`);
}
