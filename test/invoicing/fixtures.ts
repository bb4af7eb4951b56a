import type { Decimal } from 'decimal.js';
import type { ServiceAvailability } from '../../pipelines/availability/service-availability.ts';
import { money } from '../../pipelines/invoicing/billing-decimal.ts';
import type { MonthBillingInput } from '../../pipelines/invoicing/build-month-invoices.ts';
import { EMPTY_BILLING_DATA } from '../../pipelines/invoicing/billing-data.ts';
import type { FairUseCall, UsageAmount } from '../../pipelines/invoicing/usage-inputs.ts';
import type { Plan } from '../../pipelines/reference/plan.ts';
import { nextCalendarDate, parisMidnight } from '../../pipelines/reference/paris-time.ts';
import type { Customer, SipAccount } from '../../pipelines/reference/reference-types.ts';

export const PLAN: Plan = {
  id: 'illimite',
  name: 'Illimité National',
  includedClasses: ['national-fixed', 'national-mobile'],
  limits: { maxDistinctNumbers: 150, maxConcurrentCalls: 3, maxRegisteredDevices: 3 },
  breachPolicy: 'rest-of-month',
  requireCatalogueDevice: true,
  tariffId: 'standard',
  monthlyFee: '29.90',
};

export function customer(overrides: Partial<Customer> & Pick<Customer, 'id'>): Customer {
  return {
    name: `Client ${overrides.id}`,
    category: 'business',
    slaEligible: true,
    planId: PLAN.id,
    orderDate: '2025-06-01',
    overrides: { limits: {}, thresholds: {} },
    ...overrides,
  };
}

export function account(
  accountId: string,
  customerId: string,
  activeFrom: string,
  activeTo?: string,
): SipAccount {
  return {
    accountId,
    customerId,
    activeFrom,
    activeFromInstant: parisMidnight(activeFrom),
    ...(activeTo === undefined
      ? {}
      : { activeTo, activeUntilInstant: parisMidnight(nextCalendarDate(activeTo)) }),
  };
}

export function usage(
  customerId: string,
  accountId: string,
  reason: string,
  amount: string,
  calls = 1,
): UsageAmount {
  return { customerId, accountId, reason, calls, chargedSeconds: 60 * calls, amount: money(amount) };
}

export function fairUseCall(
  callId: string,
  customerId: string,
  accountId: string,
  reason: string,
  startTime: string,
  amount: string,
): FairUseCall {
  return {
    callId,
    customerId,
    accountId,
    reason,
    startTime: new Date(startTime),
    callee: '+33612345678',
    billableSeconds: 61,
    chargedSeconds: 120,
    amount: money(amount),
  };
}

export function availability(
  customerId: string,
  month: string,
  creditRate: string,
  overrides: Partial<ServiceAvailability> = {},
): ServiceAvailability {
  return {
    month,
    customerId,
    service: 'hosted-telephony',
    minutesInMonth: 44_640,
    unavailableMinutes: 200,
    excusedMinutes: 0,
    availabilityPercent: money('99.551971'),
    slaEligible: true,
    creditRate: money(creditRate),
    tickets: ['T-1'],
    ...overrides,
  };
}

export function monthInput(
  overrides: Partial<MonthBillingInput> & Pick<MonthBillingInput, 'month'>,
): MonthBillingInput {
  return {
    customers: [],
    accounts: [],
    plans: [PLAN],
    referenceVersion: 'test',
    billing: EMPTY_BILLING_DATA,
    usage: [],
    fairUseCalls: [],
    breaches: [],
    availability: [],
    ...overrides,
  };
}

export const text = (value: Decimal): string => value.toFixed(2);
