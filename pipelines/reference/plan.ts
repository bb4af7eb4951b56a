import type { DestinationClass } from '../numbering/destination.ts';

/** How a breach of the fair-use limits changes the billing of the month (DOMAIN.md section 1). */
export type BreachPolicy =
  /** The breaching call and every later national call of the same month are billed per minute. */
  | 'rest-of-month'
  /** Every call of the month is re-rated per minute (the complementary invoice carries the difference). */
  | 'whole-month';

export interface FairUseLimits {
  /** Distinct numbers per calendar month; the call that exceeds it breaches (default 150). */
  readonly maxDistinctNumbers: number;
  /** Simultaneous calls; the call that exceeds it is billed per minute (default 3). */
  readonly maxConcurrentCalls: number;
  /** Devices registered at once; calls placed while above are billed per minute (default 3). */
  readonly maxRegisteredDevices: number;
}

export interface Plan {
  readonly id: string;
  readonly name: string;
  /** Destination classes the plan includes (unlimited): national fixed and mobile for "Illimité National". */
  readonly includedClasses: readonly DestinationClass[];
  readonly limits: FairUseLimits;
  readonly breachPolicy: BreachPolicy;
  /** Calls from a User-Agent outside the operator's device catalogue are billed per minute. */
  readonly requireCatalogueDevice: boolean;
  /** Tariff used for everything the plan does not include. */
  readonly tariffId: string;
  /** Monthly subscription per SIP account, excluding VAT, as a decimal string ("29.90"). */
  readonly monthlyFee: string;
}
