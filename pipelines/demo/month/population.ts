import { overseasCallingCode } from '../../numbering/french-plan.ts';
import { civilFromDays } from '../../time/civil-days.ts';
import { demoCalendar } from './demo-calendar.ts';
import type { DemoPopulationOptions } from './demo-month-options.ts';
import { DemoRandom } from './demo-random.ts';
import { ACCOUNT_LABELS, customerName } from './customer-names.ts';
import {
  DEMO_PLAN_REST_OF_MONTH,
  type DemoAccount,
  type DemoCustomer,
  type DemoDevice,
  type DemoPopulation,
  type PowerMode,
} from './population-types.ts';
import {
  scenarioCustomerSpecs,
  type AccountSpec,
  type CustomerSpec,
  type DeviceSpec,
} from './scenario-customers.ts';
import { CATALOGUE_DECT_BASES, CATALOGUE_DESK_PHONES } from './user-agents.ts';

/** The population's own random stream: who the customers are does not depend on the traffic seed. */
const POPULATION_SEED = 0x5eed_2026;

/**
 * The demo's customers, SIP accounts and devices for `accounts` accounts in `month`: the scenario customers
 * first (scenario-customers.ts), then ordinary small businesses of 1 to 6 accounts until the count is
 * reached. Deterministic in (month, accounts); a larger population starts with the same customers.
 */
export function buildDemoPopulation(options: DemoPopulationOptions): DemoPopulation {
  const builder = new PopulationBuilder(options.month);
  const agents = Math.max(3, Math.round(options.accounts * 0.02));
  for (const spec of scenarioCustomerSpecs(agents)) builder.add(spec);
  if (builder.accountCount > options.accounts) {
    throw new RangeError(`the demo scenario needs at least ${builder.accountCount} accounts`);
  }
  while (builder.accountCount < options.accounts) {
    builder.add(ordinaryCustomerSpec(builder.random, options.accounts - builder.accountCount));
  }
  return { month: options.month, customers: builder.customers, accounts: builder.accounts };
}

function ordinaryCustomerSpec(random: DemoRandom, remaining: number): CustomerSpec {
  const size = Math.min(
    remaining,
    random.weighted([
      [1, 35],
      [2, 30],
      [3, 15],
      [4, 10],
      [5, 6],
      [6, 4],
    ] as const),
  );
  const power: PowerMode = random.chance(0.25) ? 'always-on' : 'office-hours';
  const accounts: AccountSpec[] = [];
  for (let i = 0; i < size; i++) {
    const devices: DeviceSpec[] = [];
    const dectOnly = random.chance(0.1);
    if (!dectOnly) devices.push({ kind: 'desk', userAgent: random.pick(CATALOGUE_DESK_PHONES), power });
    if (dectOnly || random.chance(0.2)) {
      devices.push({ kind: 'dect', userAgent: random.pick(CATALOGUE_DECT_BASES), power: 'always-on' });
    }
    const callsPerDay = random.weighted([
      [random.integer(2, 4), 40],
      [random.integer(5, 9), 40],
      [random.integer(9, 14), 20],
    ] as const);
    accounts.push({
      label: ACCOUNT_LABELS[i] ?? `poste-${i + 1}`,
      role: 'ordinary',
      devices,
      callsPerDay,
      contactBookSize: Math.min(90, Math.max(12, callsPerDay * 6 + random.integer(5, 30))),
    });
  }
  return {
    name: customerName(random),
    category: 'business',
    slaEligible: random.chance(0.6),
    planId: DEMO_PLAN_REST_OF_MONTH,
    schedule: random.chance(0.3) ? 'weekdays-and-saturday' : 'weekdays',
    accounts,
  };
}

class PopulationBuilder {
  readonly random = DemoRandom.stream(POPULATION_SEED, 0);
  readonly customers: DemoCustomer[] = [];
  readonly accounts: DemoAccount[] = [];
  private readonly monthStartDays: number;
  private readonly month: string;

  constructor(month: string) {
    this.month = month;
    const first = demoCalendar(month).days[0];
    if (first === undefined) throw new RangeError(`month ${month} has no days`);
    this.monthStartDays = first.localDays;
  }

  get accountCount(): number {
    return this.accounts.length;
  }

  add(spec: CustomerSpec): void {
    const random = this.random;
    const number = this.customers.length + 1;
    const orderDays = this.monthStartDays - random.integer(40, 1500);
    const customer: DemoCustomer = {
      id: `C-${String(number).padStart(4, '0')}`,
      name: spec.name,
      category: spec.category,
      slaEligible: spec.slaEligible,
      planId: spec.planId,
      orderDate: dateOf(orderDays),
      ...(spec.limitOverrides === undefined ? {} : { limitOverrides: spec.limitOverrides }),
      publicIp: publicIpOf(number),
      schedule: spec.schedule,
    };
    this.customers.push(customer);
    const didBase = didBaseOf(random);
    spec.accounts.forEach((accountSpec, i) => {
      const accountId = `c${String(number).padStart(4, '0')}-${accountSpec.label}`;
      const activeFrom =
        accountSpec.role === 'joined-mid-month'
          ? `${this.month}-10`
          : dateOf(orderDays + random.integer(5, 25));
      this.accounts.push({
        index: this.accounts.length,
        accountId,
        label: accountSpec.label,
        customer,
        role: accountSpec.role,
        activeFrom,
        ...(accountSpec.role === 'left-mid-month' ? { activeTo: `${this.month}-20` } : {}),
        did: `${didBase}${String(10 + i).padStart(2, '0')}`,
        devices: accountSpec.devices.map((device, d) => this.device(accountId, number, d, device)),
        callsPerDay: accountSpec.callsPerDay,
        contactBookSize: accountSpec.contactBookSize,
      });
    });
  }

  private device(accountId: string, customerNumber: number, index: number, spec: DeviceSpec): DemoDevice {
    const random = this.random;
    const lan = `192.168.${1 + (customerNumber % 250)}.${20 + (this.accounts.length % 40) * 5 + index}`;
    const localPort = spec.kind === 'softphone' ? random.integer(50_000, 59_999) : 5060;
    const sendsInstance = spec.kind === 'softphone' || (spec.kind === 'desk' && random.chance(0.5));
    return {
      index,
      kind: spec.kind,
      userAgent: spec.userAgent,
      contact: `sip:${accountId}@${lan}:${localPort}${spec.kind === 'softphone' ? ';transport=tcp' : ''}`,
      instanceId: sendsInstance ? `<urn:uuid:${uuid(random)}>` : null,
      sourcePort: random.integer(1024, 65_535),
      power: spec.power,
    };
  }
}

/** `+33` + a metropolitan fixed number without its last two digits (the accounts number from 10). */
function didBaseOf(random: DemoRandom): string {
  for (;;) {
    const nsn = `${random.pick(['1', '2', '3', '4', '5'])}${random.digits(6)}`;
    if (overseasCallingCode(nsn, 0) === undefined) return `+33${nsn}`;
  }
}

/**
 * The customer's public address, from the documentation ranges (RFC 5737, RFC 3849): 198.51.100.0/24, then
 * 192.0.2.0/24, then IPv6. 203.0.113.0/24 is left to the attacker of the credential-theft scenario.
 */
function publicIpOf(customerNumber: number): string {
  if (customerNumber <= 254) return `198.51.100.${customerNumber}`;
  if (customerNumber <= 508) return `192.0.2.${customerNumber - 254}`;
  return `2001:db8:${(customerNumber >> 16).toString(16)}:${(customerNumber & 0xffff).toString(16)}::10`;
}

function uuid(random: DemoRandom): string {
  const variant = random.pick(['8', '9', 'a', 'b']);
  return `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${variant}${random.hex(3)}-${random.hex(12)}`;
}

function dateOf(localDays: number): string {
  const { year, month, day } = civilFromDays(localDays);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
