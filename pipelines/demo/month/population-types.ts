import type { CustomerCategory } from '../../reference/reference-types.ts';
import type { FairUseLimits } from '../../reference/plan.ts';
import type { DeviceKind } from './user-agents.ts';

/** What an account's traffic is there to show. Every role but `ordinary` belongs to the scenario. */
export type AccountRole =
  | 'ordinary'
  | 'distinct-numbers-at-limit'
  | 'distinct-numbers-over-limit'
  | 'distinct-numbers-over-limit-whole-month'
  | 'concurrent-calls-at-limit'
  | 'concurrent-calls-over-limit'
  | 'registered-devices-at-limit'
  | 'registered-devices-over-limit'
  | 'registered-devices-raised-limit'
  | 'third-party-softphone'
  | 'outdated-firmware'
  | 'call-centre-agent'
  | 'call-centre-trunk'
  | 'night-reception'
  | 'credential-theft'
  | 'joined-mid-month'
  | 'left-mid-month';

/**
 * When a device is registered: `always-on` (PoE desk phones, DECT bases: refreshed day and night),
 * `office-hours` (switched on in the morning, off in the evening: the binding then expires), `sessions`
 * (a softphone opened and closed: REGISTER, refreshes, then an un-REGISTER), `borrowed` (office hours on a
 * few days in the middle of the month only).
 */
export type PowerMode = 'always-on' | 'office-hours' | 'sessions' | 'borrowed';

export interface DemoDevice {
  /** Index within the account, 0 first. */
  readonly index: number;
  readonly kind: DeviceKind;
  readonly userAgent: string;
  /** Contact URI of its binding (stable: a LAN address and port). */
  readonly contact: string;
  /** `+sip.instance`, for devices that send one. */
  readonly instanceId: string | null;
  /** Public (NAT) port its REGISTERs come from. */
  readonly sourcePort: number;
  readonly power: PowerMode;
}

/** Days the customer works: `every-day` is 24/7 (a hotel reception). */
export type WorkSchedule = 'weekdays' | 'weekdays-and-saturday' | 'every-day';

export interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly category: CustomerCategory;
  readonly slaEligible: boolean;
  readonly planId: string;
  /** Europe/Paris date `YYYY-MM-DD`. */
  readonly orderDate: string;
  readonly limitOverrides?: Partial<FairUseLimits>;
  /** The public address its phones register and call from. */
  readonly publicIp: string;
  readonly schedule: WorkSchedule;
}

export interface DemoAccount {
  /** Position in the population: the traffic of account i comes from random stream i. */
  readonly index: number;
  readonly accountId: string;
  readonly label: string;
  readonly customer: DemoCustomer;
  readonly role: AccountRole;
  /** Europe/Paris dates: first and (optional) last day of service. */
  readonly activeFrom: string;
  readonly activeTo?: string;
  /** The account's own number (E.164), the caller of its calls. */
  readonly did: string;
  readonly devices: readonly DemoDevice[];
  /** Mean calls on a working day (ordinary traffic). */
  readonly callsPerDay: number;
  /** Numbers the account calls again and again (its in-plan destinations). */
  readonly contactBookSize: number;
}

export interface DemoPopulation {
  readonly month: string;
  readonly customers: readonly DemoCustomer[];
  readonly accounts: readonly DemoAccount[];
}

/** Plans of the demo reference data. */
export const DEMO_PLAN_REST_OF_MONTH = 'illimite-national';
export const DEMO_PLAN_WHOLE_MONTH = 'illimite-national-mensuel';
