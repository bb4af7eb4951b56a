import type { FraudAlert } from '../../pipelines/fraud/fraud-alert.ts';

export const T0 = new Date('2026-03-10T10:00:00.000Z');
export const minutes = (n: number, from: Date = T0): Date => new Date(from.getTime() + n * 60_000);

/** An alert, overridable field by field; by default a critical IRSF burst of acc-1 detected at T0. */
export function alert(overrides: Partial<FraudAlert> & Pick<FraudAlert, 'alertId'>): FraudAlert {
  const detectedAt = overrides.detectedAt ?? T0;
  return {
    rule: 'irsf-burst',
    severity: 'critical',
    accountIds: ['acc-1'],
    key: 'account:acc-1',
    windowStart: new Date(detectedAt.getTime() - 10 * 60_000),
    windowEnd: detectedAt,
    detectedAt,
    reason: '12 calls to high-risk destinations in 10 min, 41.20 EUR',
    counts: { calls: 12, minutes: 37, cost: '41.20' },
    samples: [
      {
        kind: 'call',
        id: 'call-7',
        at: new Date(detectedAt.getTime() - 60_000),
        summary: '+88216****** 42 s 3.10 EUR',
      },
      {
        kind: 'registration',
        id: 'reg-3',
        at: new Date(detectedAt.getTime() - 600_000),
        summary: 'REGISTERED from 203.0.113.7',
      },
    ],
    ...overrides,
  };
}

/** One chDB data directory per test file, a migrated database per scenario; rows of a query. */
export { chdbDatabases as auditDatabases, rows } from '../clickhouse/rating-fixtures.ts';
