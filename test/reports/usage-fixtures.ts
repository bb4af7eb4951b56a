import type {
  AccountUsage,
  CustomerUsage,
  UsageFigures,
  UsageReport,
} from '../../pipelines/clickhouse/usage-queries.ts';

/** Figures as queryUsage returns them (decimal strings as ClickHouse prints them), overridable. */
export function figures(overrides: Partial<UsageFigures> = {}): UsageFigures {
  return {
    calls: 0,
    answeredCalls: 0,
    inPlanCalls: 0,
    offPlanCalls: 0,
    inPlanSeconds: 0,
    offPlanSeconds: 0,
    offPlanChargedSeconds: 0,
    inPlanMinutes: '0',
    offPlanMinutes: '0',
    offPlanAmount: '0',
    currencies: ['EUR'],
    amountByReason: {},
    callsByReason: {},
    breaches: 0,
    breachesByRule: {},
    source: 'live',
    archivedAt: null,
    ...overrides,
  };
}

export function account(
  customerId: string,
  accountId: string,
  overrides: Partial<UsageFigures>,
): AccountUsage {
  return { month: '2026-03', customerId, accountId, ...figures(overrides) };
}

export function customer(
  customerId: string,
  accounts: number,
  overrides: Partial<UsageFigures>,
): CustomerUsage {
  return { month: '2026-03', customerId, accounts, ...figures(overrides) };
}

const acme1 = account('acme', 'acme-1', {
  calls: 4,
  answeredCalls: 3,
  inPlanCalls: 2,
  offPlanCalls: 2,
  inPlanSeconds: 91,
  offPlanSeconds: 125,
  offPlanChargedSeconds: 180,
  inPlanMinutes: '1.52',
  offPlanMinutes: '2.08',
  offPlanAmount: '12.3457',
  amountByReason: { 'in-plan': '0', 'not-answered': '0', 'destination-not-in-plan': '12.3457' },
  callsByReason: { 'in-plan': 2, 'not-answered': 1, 'destination-not-in-plan': 1 },
  breaches: 1,
  breachesByRule: { 'concurrent-calls': 1 },
});
const acme2 = account('acme', 'acme-2', {
  calls: 2,
  answeredCalls: 2,
  inPlanCalls: 1,
  offPlanCalls: 1,
  inPlanSeconds: 30,
  offPlanSeconds: 60,
  offPlanChargedSeconds: 60,
  inPlanMinutes: '0.5',
  offPlanMinutes: '1',
  offPlanAmount: '0.1543',
  amountByReason: { 'in-plan': '0', 'third-party-device': '0.1543' },
  callsByReason: { 'in-plan': 1, 'third-party-device': 1 },
  breaches: 2,
  breachesByRule: { 'third-party-device': 1, 'distinct-numbers': 1 },
});
const solo = account('bistro', 'bistro-1', {
  calls: 1,
  answeredCalls: 1,
  inPlanCalls: 1,
  inPlanSeconds: 1200,
  inPlanMinutes: '20',
  amountByReason: { 'in-plan': '0' },
  callsByReason: { 'in-plan': 1 },
});

/** Two customers: acme with two accounts (an off-plan amount of 12.3457 and 0.1543), bistro with one. */
export function sampleUsage(): UsageReport {
  return {
    month: '2026-03',
    accounts: [acme1, acme2, solo],
    customers: [
      customer('acme', 2, {
        calls: 6,
        answeredCalls: 5,
        inPlanCalls: 3,
        offPlanCalls: 3,
        inPlanSeconds: 121,
        offPlanSeconds: 185,
        offPlanChargedSeconds: 240,
        inPlanMinutes: '2.02',
        offPlanMinutes: '3.08',
        offPlanAmount: '12.5',
        amountByReason: {
          'in-plan': '0',
          'not-answered': '0',
          'destination-not-in-plan': '12.3457',
          'third-party-device': '0.1543',
        },
        callsByReason: {
          'in-plan': 3,
          'not-answered': 1,
          'destination-not-in-plan': 1,
          'third-party-device': 1,
        },
        breaches: 3,
        breachesByRule: { 'concurrent-calls': 1, 'third-party-device': 1, 'distinct-numbers': 1 },
      }),
      customer('bistro', 1, {
        calls: 1,
        answeredCalls: 1,
        inPlanCalls: 1,
        inPlanSeconds: 1200,
        inPlanMinutes: '20',
        amountByReason: { 'in-plan': '0' },
        callsByReason: { 'in-plan': 1 },
      }),
    ],
  };
}
