import type { CallRecord } from '../../ingest/call-record.ts';
import type { FairUseRule } from '../../fair-use/breach.ts';
import type { AccountCommandKind } from '../../fraud/fraud-alert.ts';
import type { RegistrationEvent, RegistrationEventType } from '../../registration/registration-event.ts';
import type { AccountFacts } from './account-traffic.ts';
import type { CredentialTheft } from './credential-theft.ts';
import type { DemoCalendar, DstChange } from './demo-calendar.ts';
import type { DemoMonthOptions } from './demo-month-options.ts';
import type { DemoTariffVersions } from './demo-tariff.ts';
import type { EdgeCall } from './night-reception.ts';
import type { AccountRole, DemoAccount, DemoPopulation } from './population-types.ts';
import { FRAUD_DIALLER_USER_AGENT, OUTDATED_DESK_PHONE, THIRD_PARTY_SOFTPHONE } from './user-agents.ts';

/** What one scenario account shows, and what the pipeline must conclude from its month. */
export interface DemoAccountExpectation {
  readonly accountId: string;
  readonly customerId: string;
  readonly role: AccountRole;
  readonly description: string;
  /**
   * The fair-use rules this account breaches in the month under the default fair-use options
   * (nullUserAgent not-evaluated, concurrencyCounts answered): exactly these, each once (third-party-device
   * once per device). Empty: no breach.
   */
  readonly expectedBreaches: readonly FairUseRule[];
  /**
   * The commands the fraud detection and action policy (default rules and options) must issue for this
   * account in the month: exactly these. Empty: none (every account without a fraud scenario).
   */
  readonly expectedFraudCommands: readonly AccountCommandKind[];
  /** The numbers behind the expectation (those that apply to the role). */
  readonly facts: {
    /** Distinct national numbers reached by answered calls (billable > 0) in the month. */
    readonly distinctAnsweredNumbers?: number;
    /** Most answered calls in progress at once. */
    readonly maxConcurrentAnsweredCalls?: number;
    /** Most bindings registered at once. */
    readonly maxRegisteredDevices?: number;
    /** The limit that applies to the account for the rule shown. */
    readonly limit?: number;
    /** The non-catalogue User-Agent the account calls from. */
    readonly userAgent?: string;
    /** The call that breaches (distinct numbers: the one that dials the 151st number). */
    readonly breachingCallId?: string;
    /** Prospecting at the limit: the answered call that dialled the 150th number. */
    readonly lastNewNumberCallId?: string;
    readonly episodes?: AccountFacts['episodes'];
    readonly emergencyCallIds?: readonly string[];
  };
}

/** The demo month's story: what was generated, and what the pipeline must find in it. */
export interface DemoMonthScenario {
  readonly month: string;
  readonly seed: number;
  /** The Paris month: [start, end). Every call starts in it; a few end after it. */
  readonly monthStart: Date;
  readonly monthEnd: Date;
  readonly customers: number;
  readonly accounts: number;
  readonly counts: {
    readonly calls: number;
    readonly answeredCalls: number;
    readonly unansweredCalls: number;
    readonly emergencyCalls: number;
    readonly registrationEvents: number;
    readonly registrationEventsByType: Readonly<Record<RegistrationEventType, number>>;
  };
  readonly tariffChange: {
    readonly tariffId: string;
    readonly firstVersion: string;
    readonly secondVersion: string;
    /** 00:00 Paris on the 15th. */
    readonly effectiveFrom: Date;
    readonly callBefore: EdgeCall;
    readonly callAfter: EdgeCall;
  };
  readonly monthBoundary: {
    readonly firstInstantCall: EdgeCall;
    readonly acrossMonthEnd: readonly EdgeCall[];
  };
  readonly dstChange:
    (DstChange & { readonly instant: Date; readonly calls: readonly EdgeCall[] }) | undefined;
  /** The scenario accounts. Every other account is ordinary traffic and expects no breach. */
  readonly expectations: readonly DemoAccountExpectation[];
  readonly credentialTheft: CredentialTheft;
  /** When the credential theft must be stopped (issue 4), in event time. */
  readonly fraudDeadlines: FraudDeadlines;
  readonly notes: readonly string[];
}

/**
 * The detection deadlines of the credential theft under the default rules (infra/fraud/rules.yaml):
 * - the first fraudulent event is the attacker's first successful REGISTER (`compromisedAt`): it comes 4 s
 *   after the 60th failure of the second brute-force burst, from the same IP, and brute-force-then-success
 *   (critical from 10 failures within 30 min) fires on that very REGISTER (rules fire on the record that
 *   reaches a level). So the suspension is effective at the latest at the compromise: 0 minutes. With the
 *   default thresholds it comes even earlier: 30 failures of one account in 10 min are critical on their
 *   own, about 50 s into the first burst. It may not come before the attack's first event.
 * - IRSF alone (had the theft gone unnoticed) must be caught too: a critical alert of an IRSF rule
 *   (high-risk-destination at 10 distinct numbers, irsf-burst at 30 calls, spend-velocity at 150.00 per
 *   hour) within 20 minutes of the first IRSF call: about 6 minutes for the 10 numbers, 10-16 for the 30
 *   calls (2 channels for 10 minutes, then 6), each counted at the call's end.
 */
export interface FraudDeadlines {
  readonly accountId: string;
  /** The first event of the attack (first auth failure): no suspension before it. */
  readonly attackStartedAt: Date;
  /** The attacker's first successful REGISTER. */
  readonly firstFraudulentEventAt: Date;
  /** The suspension is effective at most this long after the first fraudulent event. */
  readonly maxSuspensionDelayMinutes: number;
  readonly firstIrsfCallAt: Date;
  /** A critical alert of an IRSF rule comes at most this long after the first IRSF call. */
  readonly maxIrsfDetectionMinutes: number;
  /** The rules whose critical alert catches IRSF on its own. */
  readonly irsfRules: readonly string[];
}

export const MAX_SUSPENSION_DELAY_MINUTES = 0;
export const MAX_IRSF_DETECTION_MINUTES = 20;
const IRSF_RULES = ['irsf-burst', 'high-risk-destination', 'spend-velocity'] as const;

const DESCRIPTIONS: Record<Exclude<AccountRole, 'ordinary'>, string> = {
  'distinct-numbers-at-limit':
    'prospecting: answered calls reach exactly 150 distinct national numbers (plus unanswered prospects and a 0-second answered call to a 151st)',
  'distinct-numbers-over-limit':
    'prospecting: answered calls reach 151 distinct national numbers mid-month; later national calls are off-plan (rest-of-month); an emergency call (112) after the breach stays free',
  'distinct-numbers-over-limit-whole-month':
    'prospecting on the whole-month plan: 151 distinct numbers, the month is re-rated (rerateMonth)',
  'concurrent-calls-at-limit':
    'three answered calls at once on four days (one handoff at the very second a call ends, one fourth attempt not answered): never four',
  'concurrent-calls-over-limit': 'four answered calls at once on two days: the fourth is off-plan',
  'registered-devices-at-limit': 'three catalogue devices registered at once (two desk phones, a DECT base)',
  'registered-devices-over-limit':
    'a fourth catalogue phone registered on three working days from the 12th: calls while four are registered are off-plan',
  'registered-devices-raised-limit':
    'four devices registered at once under a customer override of the limit to 4: no breach',
  'third-party-softphone':
    'a softphone the operator did not supply (MicroSIP) on Wednesday and Friday afternoons: its calls are off-plan',
  'outdated-firmware':
    'a catalogue desk phone with a firmware older than the catalogue minimum: refused as third-party',
  'call-centre-agent':
    'call-centre agent (telecom professional): hundreds of distinct numbers from a third-party softphone, no breach since the plan does not apply; every call billed',
  'call-centre-trunk':
    'call-centre IPBX trunk (telecom professional): five calls at once on campaign afternoons, no breach; every call billed',
  'night-reception':
    'hotel reception, 24/7: calls at 00:00:00 on the 1st, across 00:00 on the 15th (tariff change), across the DST change, across midnight at the end of the month, an emergency call at night',
  'credential-theft':
    'stolen credentials: REGISTER brute force from abroad, a REGISTER that succeeds, then an IRSF burst on six channels: critical alerts and one suspension, at the latest at the compromise',
  'joined-mid-month': 'SIP account in service from the 10th: no traffic before',
  'left-mid-month':
    'SIP account ending on the 20th: its bindings are removed that evening (contact *), no traffic after',
};

export interface ScenarioInputs {
  readonly options: DemoMonthOptions;
  readonly calendar: DemoCalendar;
  readonly population: DemoPopulation;
  readonly tariff: DemoTariffVersions;
  readonly facts: ReadonlyMap<string, AccountFacts>;
  readonly calls: readonly CallRecord[];
  readonly registrations: readonly RegistrationEvent[];
}

const EMERGENCY_CALLEES = new Set(['15', '17', '18', '112', '+3315', '+3317', '+3318', '+33112']);

export function describeScenario(inputs: ScenarioInputs): DemoMonthScenario {
  const { calendar, population, facts } = inputs;
  const reception = population.accounts.find((a) => a.role === 'night-reception');
  const edges = reception === undefined ? undefined : facts.get(reception.accountId)?.nightReception;
  const theftAccount = population.accounts.find((a) => a.role === 'credential-theft');
  const theft = theftAccount === undefined ? undefined : facts.get(theftAccount.accountId)?.credentialTheft;
  if (edges === undefined || theft === undefined)
    throw new RangeError('the demo population lacks its scenario accounts');
  const byType: Record<RegistrationEventType, number> = {
    REGISTERED: 0,
    AUTH_FAILED: 0,
    EXPIRED: 0,
    UNREGISTERED: 0,
  };
  for (const event of inputs.registrations) byType[event.type] += 1;
  const answeredCalls = inputs.calls.filter((c) => c.disposition === 'ANSWERED').length;
  return {
    month: calendar.month,
    seed: inputs.options.seed,
    monthStart: new Date(calendar.startMs),
    monthEnd: new Date(calendar.endMs),
    customers: population.customers.length,
    accounts: population.accounts.length,
    counts: {
      calls: inputs.calls.length,
      answeredCalls,
      unansweredCalls: inputs.calls.length - answeredCalls,
      emergencyCalls: inputs.calls.filter((c) => EMERGENCY_CALLEES.has(c.callee)).length,
      registrationEvents: inputs.registrations.length,
      registrationEventsByType: byType,
    },
    tariffChange: {
      tariffId: inputs.tariff.tariffId,
      firstVersion: inputs.tariff.first.label,
      secondVersion: inputs.tariff.second.label,
      effectiveFrom: new Date(calendar.tariffChangeMs),
      callBefore: edges.beforeTariffChange,
      callAfter: edges.afterTariffChange,
    },
    monthBoundary: { firstInstantCall: edges.monthStart, acrossMonthEnd: edges.acrossMonthEnd },
    dstChange:
      calendar.dstChange === undefined
        ? undefined
        : {
            ...calendar.dstChange,
            instant: new Date(calendar.dstChange.instantMs),
            calls: edges.aroundDstChange,
          },
    expectations: population.accounts
      .filter((account) => account.role !== 'ordinary')
      .map((account) => expectationOf(account, facts.get(account.accountId) ?? {})),
    credentialTheft: theft,
    fraudDeadlines: {
      accountId: theft.accountId,
      attackStartedAt: theft.bruteForce.firstAt,
      firstFraudulentEventAt: theft.compromisedAt,
      maxSuspensionDelayMinutes: MAX_SUSPENSION_DELAY_MINUTES,
      firstIrsfCallAt: theft.irsf.firstAt,
      maxIrsfDetectionMinutes: MAX_IRSF_DETECTION_MINUTES,
      irsfRules: IRSF_RULES,
    },
    notes: [
      'Expectations assume the default fair-use options (nullUserAgent: not-evaluated, concurrencyCounts: answered) and the default numbering options.',
      'Every account not listed in expectations is ordinary traffic: no fair-use breach.',
      'Only outbound calls are generated; every call starts in the month (a few end after it).',
      'The call centre is a telecom professional: every call is billed per minute, no fair-use rule is evaluated.',
      'Fraud expectations assume the default fraud rules (infra/fraud/rules.yaml) and action options: only the credential theft is suspended; no other account gets any command.',
    ],
  };
}

function expectationOf(account: DemoAccount, facts: AccountFacts): DemoAccountExpectation {
  const role = account.role as Exclude<AccountRole, 'ordinary'>;
  const base = {
    accountId: account.accountId,
    customerId: account.customer.id,
    role,
    description: DESCRIPTIONS[role],
    expectedFraudCommands: role === 'credential-theft' ? (['suspend'] as const) : [],
  };
  const emergency = facts.emergencyCallIds === undefined ? {} : { emergencyCallIds: facts.emergencyCallIds };
  switch (role) {
    case 'distinct-numbers-at-limit':
      return {
        ...base,
        expectedBreaches: [],
        facts: {
          distinctAnsweredNumbers: 150,
          limit: 150,
          ...withId('lastNewNumberCallId', facts.lastNewNumberCallId),
        },
      };
    case 'distinct-numbers-over-limit':
    case 'distinct-numbers-over-limit-whole-month':
      return {
        ...base,
        expectedBreaches: ['distinct-numbers'],
        facts: {
          distinctAnsweredNumbers: 151,
          limit: 150,
          ...withId('breachingCallId', facts.lastNewNumberCallId),
          ...emergency,
        },
      };
    case 'concurrent-calls-at-limit':
      return {
        ...base,
        expectedBreaches: [],
        facts: { maxConcurrentAnsweredCalls: 3, limit: 3, ...episodes(facts) },
      };
    case 'concurrent-calls-over-limit': {
      const four = facts.episodes?.find((e) => e.name === 'four');
      return {
        ...base,
        expectedBreaches: ['concurrent-calls'],
        facts: {
          maxConcurrentAnsweredCalls: 4,
          limit: 3,
          ...withId('breachingCallId', four?.callIds[3]),
          ...episodes(facts),
          ...emergency,
        },
      };
    }
    case 'registered-devices-at-limit':
      return { ...base, expectedBreaches: [], facts: { maxRegisteredDevices: 3, limit: 3 } };
    case 'registered-devices-over-limit':
      return {
        ...base,
        expectedBreaches: ['registered-devices'],
        facts: { maxRegisteredDevices: 4, limit: 3 },
      };
    case 'registered-devices-raised-limit':
      return { ...base, expectedBreaches: [], facts: { maxRegisteredDevices: 4, limit: 4 } };
    case 'third-party-softphone':
      return {
        ...base,
        expectedBreaches: ['third-party-device'],
        facts: { userAgent: THIRD_PARTY_SOFTPHONE, ...emergency },
      };
    case 'outdated-firmware':
      return { ...base, expectedBreaches: ['third-party-device'], facts: { userAgent: OUTDATED_DESK_PHONE } };
    case 'credential-theft':
      return {
        ...base,
        expectedBreaches: ['concurrent-calls', 'third-party-device'],
        facts: { userAgent: FRAUD_DIALLER_USER_AGENT, limit: 3 },
      };
    case 'night-reception':
      return { ...base, expectedBreaches: [], facts: { ...emergency } };
    case 'call-centre-agent':
    case 'call-centre-trunk':
    case 'joined-mid-month':
    case 'left-mid-month':
      return { ...base, expectedBreaches: [], facts: {} };
  }
}

function withId<K extends string>(key: K, id: string | undefined): Partial<Record<K, string>> {
  return id === undefined ? {} : ({ [key]: id } as Record<K, string>);
}

function episodes(facts: AccountFacts): Pick<DemoAccountExpectation['facts'], 'episodes'> {
  return facts.episodes === undefined ? {} : { episodes: facts.episodes };
}
