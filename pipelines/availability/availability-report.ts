import { Decimal } from 'decimal.js';
import type { ReportFormat } from '../reports/report-formats.ts';
import { csvField } from '../reports/format-csv.ts';
import { padDecimals } from '../reports/report-decimal.ts';
import { renderTextTable, type TextColumn } from '../reports/text-table.ts';
import { PERCENT_DECIMALS } from './credit-tiers.ts';
import type { ServiceAvailability } from './service-availability.ts';
import type { TimeToRepair } from './time-to-repair.ts';

/** What `availability run` and `availability report` print: the month's rows and, when known, repair times. */
export interface AvailabilityReport {
  readonly month: string;
  readonly customerId: string | null;
  readonly rows: readonly ServiceAvailability[];
  /** Null when the report is read from stored rows only. */
  readonly repairs: readonly TimeToRepair[] | null;
}

/** The whole document, ending with a newline (CSV: CRLF after every record). */
export function formatAvailabilityReport(report: AvailabilityReport, format: ReportFormat): string {
  switch (format) {
    case 'table':
      return formatTable(report);
    case 'json':
      return formatJson(report);
    case 'csv':
      return formatCsv(report);
  }
}

function percent(value: Decimal): string {
  return value.toFixed(PERCENT_DECIMALS, Decimal.ROUND_DOWN);
}

function ratePercent(rate: Decimal): string {
  return `${rate.times(100).toFixed(0)} %`;
}

function hours(ms: number | null): string {
  return ms === null ? '-' : new Decimal(ms).div(3_600_000).toFixed(2);
}

const ROW_COLUMNS: readonly TextColumn[] = [
  { header: 'CUSTOMER', align: 'left' },
  { header: 'SERVICE', align: 'left' },
  { header: 'MINUTES', align: 'right' },
  { header: 'UNAVAILABLE', align: 'right' },
  { header: 'EXCUSED', align: 'right' },
  { header: 'AVAILABILITY %', align: 'right' },
  { header: 'SLA', align: 'left' },
  { header: 'CREDIT', align: 'right' },
  { header: 'TICKETS', align: 'left' },
];

const REPAIR_COLUMNS: readonly TextColumn[] = [
  { header: 'TICKET', align: 'left' },
  { header: 'CUSTOMER', align: 'left' },
  { header: 'SERVICE', align: 'left' },
  { header: 'ACKNOWLEDGED', align: 'left' },
  { header: 'RESOLVED', align: 'left' },
  { header: 'HOURS', align: 'right' },
  { header: 'TARGET 4 H', align: 'left' },
];

function formatTable(report: AvailabilityReport): string {
  const lines = [
    `Availability: ${report.month} (Europe/Paris calendar month), objective 99.85 %`,
    ...(report.customerId === null ? [] : [`Customer: ${report.customerId}`]),
    '',
  ];
  if (report.rows.length === 0) {
    lines.push('No availability computed for this month: run `cdr-pipeline availability run --month` first.');
  } else {
    const percents = padDecimals(report.rows.map((r) => percent(r.availabilityPercent)));
    lines.push(
      ...renderTextTable(
        ROW_COLUMNS,
        report.rows.map((r, i) => [
          r.customerId,
          r.service,
          String(r.minutesInMonth),
          String(r.unavailableMinutes),
          String(r.excusedMinutes),
          percents[i] ?? '',
          r.slaEligible ? 'yes' : 'not eligible',
          ratePercent(r.creditRate),
          r.tickets.join(' '),
        ]),
      ),
    );
  }
  if (report.repairs !== null) {
    lines.push('');
    if (report.repairs.length === 0) lines.push('Time to repair: no ticket this month');
    else {
      lines.push(
        'Time to repair (from acknowledgement; reported, no penalty)',
        ...renderTextTable(
          REPAIR_COLUMNS,
          report.repairs.map((r) => [
            r.ticketNumber,
            r.customerId,
            r.service,
            r.acknowledgedAt?.toISOString() ?? '-',
            r.resolvedAt?.toISOString() ?? 'open',
            hours(r.repairMs),
            r.status,
          ]),
        ),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatJson(report: AvailabilityReport): string {
  const document = {
    report: 'availability',
    month: report.month,
    timeZone: 'Europe/Paris',
    filter: { customerId: report.customerId },
    rows: report.rows.map((r) => ({
      customerId: r.customerId,
      service: r.service,
      minutesInMonth: r.minutesInMonth,
      unavailableMinutes: r.unavailableMinutes,
      excusedMinutes: r.excusedMinutes,
      availabilityPercent: percent(r.availabilityPercent),
      slaEligible: r.slaEligible,
      creditRate: r.creditRate.toFixed(2),
      tickets: r.tickets,
    })),
    repairs:
      report.repairs === null
        ? null
        : report.repairs.map((r) => ({
            ticketNumber: r.ticketNumber,
            customerId: r.customerId,
            service: r.service,
            acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
            resolvedAt: r.resolvedAt?.toISOString() ?? null,
            repairMs: r.repairMs,
            status: r.status,
          })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const CSV_HEADER = [
  'month',
  'customer_id',
  'service',
  'minutes_in_month',
  'unavailable_minutes',
  'excused_minutes',
  'availability_percent',
  'sla_eligible',
  'credit_rate',
  'tickets',
];

/** One record per row (repair times are in the table and JSON forms). */
function formatCsv(report: AvailabilityReport): string {
  const records = report.rows.map((r) => [
    report.month,
    r.customerId,
    r.service,
    String(r.minutesInMonth),
    String(r.unavailableMinutes),
    String(r.excusedMinutes),
    percent(r.availabilityPercent),
    String(r.slaEligible),
    r.creditRate.toFixed(2),
    r.tickets.join(' '),
  ]);
  return [CSV_HEADER, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('');
}
