import type { ClickHouseClient } from '@clickhouse/client';

/**
 * A small BI data set written the way the pipeline writes it, replays and recomputations included, into the
 * base tables of migrations 0002-0009: what test/infra/bi-views.test.ts checks figure by figure and
 * test/infra/grafana-dashboards-sql.test.ts runs every dashboard panel against.
 *
 * The data lives in BI_MONTH, the month before the current one, so the usage is read live (detailed rows are
 * kept 12 months) whatever the day the tests run.
 */
const now = new Date();
const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
export const BI_MONTH = monthStart.toISOString().slice(0, 10);
export const BI_MONTH_LABEL = BI_MONTH.slice(0, 7);

/** An instant in BI_MONTH, as ClickHouse prints it: day of month and UTC time. */
export function at(day: number, time: string): string {
  return `${BI_MONTH_LABEL}-${String(day).padStart(2, '0')} ${time}`;
}

/** 23:30 UTC on the last day of the month before BI_MONTH: already BI_MONTH in Paris (UTC+1 or +2). */
const PARIS_FIRST_MINUTES = (() => {
  const lastDayBefore = new Date(monthStart.getTime() - 86_400_000).toISOString().slice(0, 10);
  return `${lastDayBefore} 23:30:00.000`;
})();

function ratedCall(
  callId: string,
  fields: {
    account: string;
    start: string;
    billable: number;
    reason: string;
    amount: string;
    ratingVersion?: number;
  },
): Record<string, unknown> {
  const inPlan = fields.reason === 'in-plan';
  return {
    call_id: callId,
    softswitch: 'asterisk-1',
    account_id: fields.account,
    customer_id: 'C-1',
    month: BI_MONTH,
    start_time: fields.start,
    answer_time: fields.start,
    end_time: fields.start,
    duration_s: fields.billable + 5,
    billable_s: fields.billable,
    charged_s: inPlan ? 0 : Math.ceil(fields.billable / 60) * 60,
    callee: '+33612345678',
    destination_class: inPlan ? 'national-mobile' : 'international',
    destination_country: inPlan ? 'FR' : 'GB',
    in_plan: inPlan,
    reason: fields.reason,
    amount: fields.amount,
    currency: 'EUR',
    tariff_id: inPlan ? '' : 'standard',
    tariff_version: inPlan ? '' : '2026-01',
    breakdown: '{}',
    rating_version: fields.ratingVersion ?? 1,
    rated_at: fields.start,
  };
}

function slaRow(
  customer: string,
  service: string,
  unavailable: number,
  fields: { eligible?: boolean; creditRate: string; percent: string; computedAt: string },
): Record<string, unknown> {
  return {
    month: BI_MONTH,
    customer_id: customer,
    service,
    minutes_in_month: 43_200,
    unavailable_minutes: unavailable,
    excused_minutes: 0,
    availability_percent: fields.percent,
    sla_eligible: fields.eligible ?? true,
    credit_rate: fields.creditRate,
    tickets: unavailable > 0 ? ['T-1'] : [],
    computed_at: fields.computedAt,
  };
}

function ticket(
  ticketNumber: string,
  status: string,
  fields: {
    cause?: string;
    planned?: boolean;
    startedAt: string;
    acknowledgedAt?: string;
    resolvedAt?: string;
    updatedAt: string;
    version: number;
  },
): Record<string, unknown> {
  return {
    ticket_number: ticketNumber,
    event_id: `${ticketNumber}-${status}`,
    status,
    customer_id: 'C-1',
    service: 'hosted-telephony',
    cause: fields.cause ?? 'OPERATOR_FAULT',
    planned_maintenance: fields.planned ?? false,
    started_at: fields.startedAt,
    acknowledged_at: fields.acknowledgedAt ?? null,
    resolved_at: fields.resolvedAt ?? null,
    updated_at: fields.updatedAt,
    description: 'SIP trunk down',
    version: fields.version,
    source: 'kafka',
    kafka_topic: 'cdr.incidents',
    kafka_partition: 0,
    kafka_offset: fields.version,
  };
}

function alert(
  alertId: string,
  fields: {
    rule: string;
    severity: string;
    accounts: string[];
    outcomes: Record<string, string>;
    detectedAt: string;
    recordedAt: string;
  },
): Record<string, unknown> {
  return {
    alert_id: alertId,
    rule: fields.rule,
    severity: fields.severity,
    account_ids: fields.accounts,
    window_key: `account:${fields.accounts[0] ?? ''}`,
    window_start: fields.detectedAt,
    window_end: fields.detectedAt,
    detected_at: fields.detectedAt,
    reason: `${fields.rule} fired`,
    counts: '{"calls":"12"}',
    samples: '[]',
    rules_version: 'v1',
    outcomes: JSON.stringify(fields.outcomes),
    recorded_at: fields.recordedAt,
  };
}

function command(
  commandId: string,
  fields: {
    kind: string;
    account: string;
    effectiveAt: string;
    status: 'issued' | 'published';
    alertId?: string;
  },
): Record<string, unknown> {
  return {
    command_id: commandId,
    kind: fields.kind,
    account_id: fields.account,
    rule: fields.alertId === undefined ? 'operator' : 'irsf-burst',
    severity: 'critical',
    reason: `${fields.kind} ${fields.account}`,
    alert_id: fields.alertId ?? null,
    counts: '{}',
    samples: '[]',
    effective_at: fields.effectiveAt,
    requested_by: fields.alertId === undefined ? 'alice' : 'fraud-detector',
    keep_emergency_calls: true,
    status: fields.status,
    status_rank: fields.status === 'issued' ? 1 : 2,
    recorded_at: fields.effectiveAt,
  };
}

function invoice(
  invoiceId: string,
  fields: {
    kind: string;
    customer: string;
    runVersion: number;
    excl: string;
    vat: string;
    incl: string;
    lines: number;
  },
): Record<string, unknown> {
  return {
    invoice_id: invoiceId,
    kind: fields.kind,
    month: BI_MONTH,
    customer_id: fields.customer,
    customer_name: `Customer ${fields.customer}`,
    status: 'draft',
    invoice_date: BI_MONTH,
    due_date: `${BI_MONTH_LABEL}-11`,
    currency: 'EUR',
    total_excl_vat: fields.excl,
    vat_amount: fields.vat,
    total_incl_vat: fields.incl,
    vat_breakdown: '[]',
    line_count: fields.lines,
    reference_version: 'ref-1',
    run_version: fields.runVersion,
    computed_at: at(1, `0${fields.runVersion}:00:00.000`),
  };
}

function line(
  invoiceId: string,
  lineNo: number,
  fields: { runVersion: number; kind: string; amount: string; quantity?: string; unitPrice?: string },
): Record<string, unknown> {
  return {
    invoice_id: invoiceId,
    month: BI_MONTH,
    customer_id: 'C-1',
    run_version: fields.runVersion,
    line_no: lineNo,
    kind: fields.kind,
    service: 'hosted-telephony',
    label: fields.kind,
    account_id: fields.kind === 'sla-credit' ? '' : 'acc-1',
    period_start: BI_MONTH,
    period_end: BI_MONTH,
    quantity: fields.quantity ?? '1',
    unit: 'month',
    unit_price: fields.unitPrice ?? null,
    amount: fields.amount,
    vat_rate: '0.2',
    evidence: [],
    calls: '[]',
    computed_at: at(1, `0${fields.runVersion}:00:00.000`),
  };
}

/** Writes the data set (into an empty database migrated to 0011 at least). */
export async function insertBiFixture(client: ClickHouseClient): Promise<void> {
  const insert = async (table: string, values: Record<string, unknown>[]): Promise<void> => {
    await client.insert({ table, format: 'JSONEachRow', values });
  };

  // Usage: c2 replayed (same row twice), c3 re-rated (version 2 wins), c4 placed in the Paris month's
  // first minutes (still the previous month in UTC).
  const offPlan = ratedCall('c2', {
    account: 'acc-1',
    start: at(10, '09:00:00.000'),
    billable: 90,
    reason: 'destination-not-in-plan',
    amount: '0.123456',
  });
  await insert('rated_calls', [
    ratedCall('c1', {
      account: 'acc-1',
      start: at(10, '08:00:00.000'),
      billable: 120,
      reason: 'in-plan',
      amount: '0',
    }),
    offPlan,
    ratedCall('c3', {
      account: 'acc-1',
      start: at(12, '10:00:00.000'),
      billable: 30,
      reason: 'in-plan',
      amount: '0',
    }),
    ratedCall('c4', {
      account: 'acc-2',
      start: PARIS_FIRST_MINUTES,
      billable: 61,
      reason: 'in-plan',
      amount: '0',
    }),
  ]);
  await insert('rated_calls', [
    offPlan,
    ratedCall('c3', {
      account: 'acc-1',
      start: at(12, '10:00:00.000'),
      billable: 30,
      reason: 'distinct-numbers-exceeded',
      amount: '0.050000',
      ratingVersion: 2,
    }),
  ]);
  const breach = (recordedAt: string): Record<string, unknown> => ({
    breach_id: 'b-1',
    account_id: 'acc-1',
    customer_id: 'C-1',
    rule: 'distinct-numbers',
    month: BI_MONTH,
    at: at(12, '09:59:00.000'),
    triggering_call_id: 'c3',
    triggering_event_id: null,
    policy: 'rest-of-month',
    rerate_month: false,
    evidence: '{}',
    recorded_at: recordedAt,
  });
  await insert('fair_use_breaches', [breach(at(12, '10:00:00.000'))]);
  await insert('fair_use_breaches', [breach(at(12, '11:00:00.000'))]); // replayed

  // Availability: the month computed twice, the second computation wins.
  await insert('sla_availability', [
    slaRow('C-1', 'hosted-telephony', 0, {
      creditRate: '0',
      percent: '100',
      computedAt: at(28, '01:00:00.000'),
    }),
  ]);
  await insert('sla_availability', [
    slaRow('C-1', 'hosted-telephony', 216, {
      creditRate: '0.05',
      percent: '99.5',
      computedAt: at(28, '02:00:00.000'),
    }),
    slaRow('C-1', 'access-link', 1_400, {
      creditRate: '0.1',
      percent: '96.759259',
      computedAt: at(28, '02:00:00.000'),
    }),
    slaRow('C-2', 'hosted-telephony', 100, {
      eligible: false,
      creditRate: '0',
      percent: '99.768518',
      computedAt: at(28, '02:00:00.000'),
    }),
    slaRow('C-3', 'hosted-telephony', 65, {
      creditRate: '0.05',
      percent: '99.849537',
      computedAt: at(28, '02:00:00.000'),
    }),
    slaRow('C-4', 'hosted-telephony', 64, {
      creditRate: '0',
      percent: '99.851851',
      computedAt: at(28, '02:00:00.000'),
    }),
  ]);

  // Incidents: T-1 opened then closed (exactly 4 h after the acknowledgement), T-2 still open, T-3 planned
  // maintenance never acknowledged.
  const t1 = { startedAt: at(5, '10:00:00.000'), acknowledgedAt: at(5, '10:30:00.000') };
  await insert('incidents', [
    ticket('T-1', 'OPENED', { ...t1, acknowledgedAt: undefined, updatedAt: t1.startedAt, version: 1 }),
    ticket('T-2', 'ACKNOWLEDGED', {
      startedAt: at(20, '08:00:00.000'),
      acknowledgedAt: at(20, '08:05:00.000'),
      updatedAt: at(20, '08:05:00.000'),
      version: 3,
    }),
    ticket('T-3', 'CLOSED', {
      cause: 'PLANNED_MAINTENANCE',
      planned: true,
      startedAt: at(7, '02:00:00.000'),
      resolvedAt: at(7, '03:00:00.000'),
      updatedAt: at(7, '03:00:00.000'),
      version: 4,
    }),
  ]);
  await insert('incidents', [
    ticket('T-1', 'CLOSED', {
      ...t1,
      resolvedAt: at(5, '14:30:00.000'),
      updatedAt: at(5, '14:30:00.000'),
      version: 10,
    }),
  ]);

  // Fraud: an alert recorded twice, a suspension (issued, then published), its reinstatement by an
  // operator; a restriction still issued; a suspension followed by a restriction (which does not lift it).
  const irsf = {
    rule: 'irsf-burst',
    severity: 'critical',
    accounts: ['acc-1', 'acc-9'],
    outcomes: { 'acc-1': 'command', 'acc-9': 'allowlisted' },
    detectedAt: at(15, '22:10:00.000'),
  };
  await insert('fraud_alerts', [
    alert('A-1', { ...irsf, recordedAt: at(15, '22:10:01.000') }),
    alert('A-2', {
      rule: 'spend-velocity',
      severity: 'warning',
      accounts: ['acc-2'],
      outcomes: { 'acc-2': 'command' },
      detectedAt: at(16, '09:00:00.000'),
      recordedAt: at(16, '09:00:01.000'),
    }),
  ]);
  await insert('fraud_alerts', [alert('A-1', { ...irsf, recordedAt: at(15, '22:10:05.000') })]);
  const suspend = { kind: 'suspend', account: 'acc-1', effectiveAt: at(15, '22:10:00.000'), alertId: 'A-1' };
  await insert('account_commands', [
    command('K-1', { ...suspend, status: 'issued' }),
    command('K-3', {
      kind: 'restrict-unlimited',
      account: 'acc-2',
      effectiveAt: at(16, '09:00:00.000'),
      status: 'issued',
      alertId: 'A-2',
    }),
    command('K-4', {
      kind: 'suspend',
      account: 'acc-3',
      effectiveAt: at(17, '00:00:00.000'),
      status: 'published',
      alertId: 'A-3',
    }),
    command('K-5', {
      kind: 'restrict-unlimited',
      account: 'acc-3',
      effectiveAt: at(18, '00:00:00.000'),
      status: 'published',
      alertId: 'A-4',
    }),
  ]);
  await insert('account_commands', [
    command('K-1', { ...suspend, status: 'published' }),
    command('K-2', {
      kind: 'reinstate',
      account: 'acc-1',
      effectiveAt: at(16, '08:00:00.000'),
      status: 'published',
    }),
  ]);
  await insert('account_commands', [command('K-1', { ...suspend, status: 'issued' })]); // replayed, stays published

  // Invoicing: run 1 (C-1 and C-2, one document inserted twice), then run 2 (C-1 only, other amounts).
  // Lines of run 1 are left in place, as after a crash before their deletion.
  await insert('invoice_lines', [
    line('F-C-1', 1, { runVersion: 1, kind: 'subscription', amount: '29.90' }),
    line('F-C-2', 1, { runVersion: 1, kind: 'subscription', amount: '29.90' }),
  ]);
  const run1 = invoice('F-C-1', {
    kind: 'invoice',
    customer: 'C-1',
    runVersion: 1,
    excl: '29.90',
    vat: '5.98',
    incl: '35.88',
    lines: 1,
  });
  await insert('invoices', [
    run1,
    run1,
    invoice('F-C-2', {
      kind: 'invoice',
      customer: 'C-2',
      runVersion: 1,
      excl: '29.90',
      vat: '5.98',
      incl: '35.88',
      lines: 1,
    }),
  ]);
  await insert('invoice_lines', [
    line('F-C-1', 1, {
      runVersion: 2,
      kind: 'subscription',
      amount: '59.80',
      quantity: '2',
      unitPrice: '29.9',
    }),
    line('F-C-1', 2, { runVersion: 2, kind: 'usage', amount: '0.12', quantity: '2', unitPrice: '0.061728' }),
    line('F-C-1', 3, { runVersion: 2, kind: 'sla-credit', amount: '-2.99' }),
    line('FC-C-1', 1, { runVersion: 2, kind: 'fair-use', amount: '0.05' }),
  ]);
  await insert('invoices', [
    invoice('F-C-1', {
      kind: 'invoice',
      customer: 'C-1',
      runVersion: 2,
      excl: '56.93',
      vat: '11.39',
      incl: '68.32',
      lines: 3,
    }),
    invoice('FC-C-1', {
      kind: 'complementary',
      customer: 'C-1',
      runVersion: 2,
      excl: '0.05',
      vat: '0.01',
      incl: '0.06',
      lines: 1,
    }),
  ]);
}
