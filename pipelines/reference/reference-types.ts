import type { DestinationClass } from '../numbering/destination.ts';
import type { FairUseLimits, Plan } from './plan.ts';

/** Customer kinds. Every kind but `business` is a telecom professional: the plan does not apply (DOMAIN.md 1). */
export const CUSTOMER_CATEGORIES = [
  'business',
  'operator',
  'teleshop',
  'telemarketing',
  'call-centre',
  'prepaid-cards',
  'voice-services',
] as const;
export type CustomerCategory = (typeof CUSTOMER_CATEGORIES)[number];

export function isTelecomProfessional(category: CustomerCategory): boolean {
  return category !== 'business';
}

/** Per-customer overrides: fair-use limits replacing the plan's, and named detection thresholds. */
export interface CustomerOverrides {
  readonly limits: Partial<FairUseLimits>;
  /** Free-form numeric thresholds by name (fraud detection reads those it knows), e.g. `maxCallsPerHour`. */
  readonly thresholds: Readonly<Record<string, number>>;
}

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly category: CustomerCategory;
  /** Ordered its access links, terminals or router through the operator: the SLA applies (DOMAIN.md 3). */
  readonly slaEligible: boolean;
  readonly planId: string;
  /** Europe/Paris calendar date `YYYY-MM-DD`. */
  readonly orderDate: string;
  /** Europe/Paris calendar date `YYYY-MM-DD`, last day of service. */
  readonly terminationDate?: string;
  readonly overrides: CustomerOverrides;
}

export interface SipAccount {
  readonly accountId: string;
  readonly customerId: string;
  readonly label?: string;
  /** First day of service, Europe/Paris date `YYYY-MM-DD`. */
  readonly activeFrom: string;
  /** Last day of service (inclusive), Europe/Paris date. */
  readonly activeTo?: string;
  /** 00:00 Paris on `activeFrom`, as a UTC instant. */
  readonly activeFromInstant: Date;
  /** 00:00 Paris the day after `activeTo` (exclusive end), as a UTC instant. */
  readonly activeUntilInstant?: Date;
}

/** Whether the account is in service at `instant` (from `activeFrom` 00:00 Paris to the end of `activeTo`). */
export function isAccountActiveAt(account: SipAccount, instant: Date): boolean {
  const t = instant.getTime();
  if (t < account.activeFromInstant.getTime()) return false;
  return account.activeUntilInstant === undefined || t < account.activeUntilInstant.getTime();
}

/** How a catalogue entry recognises a User-Agent (case-insensitive). */
export type DevicePattern =
  { readonly kind: 'regex'; readonly source: string } | { readonly kind: 'prefix'; readonly prefix: string };

/** One operator-approved device family. */
export interface CatalogueDevice {
  readonly id: string;
  readonly vendor: string;
  readonly model: string;
  readonly pattern: DevicePattern;
  /** Lowest approved firmware, dotted numbers (`66.86.0.15`). */
  readonly minFirmware?: string;
  /** Regex with one capture group extracting the firmware from the User-Agent; default: the first dotted number after the match. */
  readonly firmwarePattern?: string;
}

export type DeviceRejection = 'no-user-agent' | 'not-in-catalogue' | 'firmware-unknown' | 'firmware-too-old';

export interface DeviceCheck {
  readonly approved: boolean;
  /** The catalogue entry that recognised the User-Agent (also set when its firmware is too old). */
  readonly deviceId?: string;
  /** Why it is not approved. */
  readonly reason?: DeviceRejection;
  /** The firmware read from the User-Agent, when the entry has a minimum. */
  readonly firmware?: string;
}

export interface DeviceMatcher {
  readonly entries: readonly CatalogueDevice[];
  isCatalogueDevice(userAgent: string | null | undefined): DeviceCheck;
}

/** Everything rating and fair use need about the account of a call, resolved once at load. */
export interface AccountContext {
  readonly account: SipAccount;
  readonly customer: Customer;
  readonly plan: Plan;
  /** The plan's limits with the customer's overrides applied. */
  readonly limits: FairUseLimits;
  /** False for telecom professionals: every call is billed per minute with the plan's tariff. */
  readonly planApplies: boolean;
}

/** Destination classes a plan may include (emergency is never rated; invalid is never billable). */
export const INCLUDABLE_CLASSES = [
  'national-fixed',
  'national-mobile',
  'special-free',
  'special-shared',
  'special-premium',
  'short-code',
  'international',
  'satellite',
] as const satisfies readonly DestinationClass[];

type MissingClass = Exclude<DestinationClass, (typeof INCLUDABLE_CLASSES)[number] | 'emergency' | 'invalid'>;
/** Fails to compile when destination.ts gains a class this list does not mention. */
export const everyDestinationClassListed: [MissingClass] extends [never] ? true : never = true;
