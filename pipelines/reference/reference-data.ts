import { Decimal } from 'decimal.js';
import type { Tariff } from '../rating/tariff.ts';
import { contentHash } from './content-hash.ts';
import { compileDeviceMatcher } from './device-matcher.ts';
import type { FairUseLimits, Plan } from './plan.ts';
import {
  isTelecomProfessional,
  type AccountContext,
  type CatalogueDevice,
  type Customer,
  type DeviceMatcher,
  type SipAccount,
} from './reference-types.ts';

/** The validated contents of a reference directory (cross-references already checked). */
export interface ReferenceContents {
  readonly customers: readonly Customer[];
  readonly accounts: readonly SipAccount[];
  readonly plans: readonly Plan[];
  readonly devices: readonly CatalogueDevice[];
  readonly tariffs: readonly Tariff[];
}

function byId<T>(items: readonly T[], id: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [id(item), item]));
}

function sortedById<T>(items: readonly T[], id: (item: T) => string): T[] {
  return [...items].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** Freezes plain objects and arrays; Decimals (immutable by API) and Dates are left as they are. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || value instanceof Decimal) {
    return value;
  }
  if (value instanceof Date) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

function effectiveLimits(plan: Plan, customer: Customer): FairUseLimits {
  return Object.freeze({ ...plan.limits, ...customer.overrides.limits });
}

/**
 * An immutable snapshot of the reference data. `hash` is the sha256 of the normalised contents (see
 * `canonicalJson`), `version` its first 12 hex digits: store it with whatever was computed from the
 * snapshot. Lookups are map reads; account contexts are resolved once, here.
 */
export class ReferenceData {
  readonly hash: string;
  readonly version: string;
  readonly customers: readonly Customer[];
  readonly accounts: readonly SipAccount[];
  readonly plans: readonly Plan[];
  readonly tariffs: readonly Tariff[];
  readonly deviceMatcher: DeviceMatcher;
  readonly #customers: ReadonlyMap<string, Customer>;
  readonly #accounts: ReadonlyMap<string, AccountContext>;
  readonly #plans: ReadonlyMap<string, Plan>;
  readonly #tariffs: ReadonlyMap<string, Tariff>;

  /** Throws if a cross-reference is missing: use `compileReferenceData`, which reports them as problems. */
  constructor(contents: ReferenceContents) {
    this.customers = deepFreeze(sortedById(contents.customers, (c) => c.id));
    this.accounts = deepFreeze(sortedById(contents.accounts, (a) => a.accountId));
    this.plans = deepFreeze(sortedById(contents.plans, (p) => p.id));
    this.tariffs = deepFreeze(sortedById(contents.tariffs, (t) => t.id));
    const devices = deepFreeze([...contents.devices]);
    this.hash = contentHash({
      customers: this.customers,
      accounts: this.accounts,
      plans: this.plans,
      devices,
      tariffs: this.tariffs,
    });
    this.version = this.hash.slice(0, 12);
    this.#customers = byId(this.customers, (c) => c.id);
    this.#plans = byId(this.plans, (p) => p.id);
    this.#tariffs = byId(this.tariffs, (t) => t.id);
    this.#accounts = new Map(this.accounts.map((account) => [account.accountId, this.#context(account)]));
    this.deviceMatcher = compileDeviceMatcher(devices);
    Object.freeze(this);
  }

  #context(account: SipAccount): AccountContext {
    const customer = this.#customers.get(account.customerId);
    if (customer === undefined)
      throw new Error(`account ${account.accountId}: unknown customer ${account.customerId}`);
    const plan = this.#plans.get(customer.planId);
    if (plan === undefined) throw new Error(`customer ${customer.id}: unknown plan ${customer.planId}`);
    return Object.freeze({
      account,
      customer,
      plan,
      limits: effectiveLimits(plan, customer),
      planApplies: !isTelecomProfessional(customer.category),
    });
  }

  customer(id: string): Customer | undefined {
    return this.#customers.get(id);
  }

  /** The account with its customer, plan and effective limits. */
  account(accountId: string): AccountContext | undefined {
    return this.#accounts.get(accountId);
  }

  plan(id: string): Plan | undefined {
    return this.#plans.get(id);
  }

  tariff(id: string): Tariff | undefined {
    return this.#tariffs.get(id);
  }
}
