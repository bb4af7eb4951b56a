import type { ClickHouseClient } from '@clickhouse/client';
import { Decimal } from 'decimal.js';
import { toClickHouseError } from '../clickhouse/errors.ts';
import { monthOfStartDate, monthStartDate } from '../clickhouse/rating-rows.ts';
import {
  INCIDENT_SELECT,
  INCIDENTS_TABLE,
  ticketFromRow,
  type IncidentReadRow,
} from '../incidents/incident-row.ts';
import type { IncidentTicket } from '../incidents/incident-ticket.ts';
import { clickHouseDateTime64 } from '../ingest/call-record.ts';
import { parisMonthBoundsMs } from '../time/paris-calendar.ts';
import { PERCENT_DECIMALS } from './credit-tiers.ts';
import type { ServiceAvailability } from './service-availability.ts';

export const SLA_AVAILABILITY_TABLE = 'sla_availability';

/**
 * The latest state of every ticket whose failure touches the Paris months `fromMonth` to `month` (both
 * included): started before the end of `month`, and not resolved before the start of `fromMonth`.
 */
export async function loadIncidents(
  client: ClickHouseClient,
  month: string,
  fromMonth: string = month,
): Promise<IncidentTicket[]> {
  const { endMs } = parisMonthBoundsMs(month);
  const { startMs } = parisMonthBoundsMs(fromMonth);
  try {
    const result = await client.query({
      query: `SELECT ${INCIDENT_SELECT}
              FROM ${INCIDENTS_TABLE} FINAL
              WHERE started_at < fromUnixTimestamp64Milli({endMs:Int64}, 'UTC')
                AND (resolved_at IS NULL OR resolved_at > fromUnixTimestamp64Milli({startMs:Int64}, 'UTC'))
              ORDER BY ticket_number`,
      query_params: { startMs, endMs },
      format: 'JSONEachRow',
    });
    return (await result.json<IncidentReadRow>()).map(ticketFromRow);
  } catch (error) {
    throw toClickHouseError(error);
  }
}

/** One `sla_availability` row (migration 0006). */
export function serviceAvailabilityRow(row: ServiceAvailability, computedAt: Date): Record<string, unknown> {
  return {
    month: monthStartDate(row.month),
    customer_id: row.customerId,
    service: row.service,
    minutes_in_month: row.minutesInMonth,
    unavailable_minutes: row.unavailableMinutes,
    excused_minutes: row.excusedMinutes,
    availability_percent: row.availabilityPercent.toFixed(PERCENT_DECIMALS, Decimal.ROUND_DOWN),
    sla_eligible: row.slaEligible,
    credit_rate: row.creditRate.toFixed(4),
    tickets: [...row.tickets],
    computed_at: clickHouseDateTime64(computedAt),
  };
}

/**
 * Stores a month's computation: inserts the rows with `computedAt` (the ReplacingMergeTree version), then
 * deletes the month's rows of earlier computations, so that a (customer, service) the new computation no
 * longer has does not linger. Re-running a month therefore replaces it and never duplicates it.
 * Every row must be of `month`.
 */
export async function storeServiceAvailability(
  client: ClickHouseClient,
  month: string,
  rows: readonly ServiceAvailability[],
  computedAt: Date,
): Promise<void> {
  try {
    if (rows.length > 0) {
      await client.insert({
        table: SLA_AVAILABILITY_TABLE,
        values: rows.map((row) => serviceAvailabilityRow(row, computedAt)),
        format: 'JSONEachRow',
      });
    }
    await client.command({
      query: `DELETE FROM ${SLA_AVAILABILITY_TABLE}
              WHERE month = {month:Date} AND computed_at < fromUnixTimestamp64Milli({computedAtMs:Int64}, 'UTC')`,
      query_params: { month: monthStartDate(month), computedAtMs: computedAt.getTime() },
    });
  } catch (error) {
    throw toClickHouseError(error);
  }
}

interface StoredRow {
  readonly month: string;
  readonly customer_id: string;
  readonly service: string;
  readonly minutes_in_month: number | string;
  readonly unavailable_minutes: number | string;
  readonly excused_minutes: number | string;
  readonly availability_percent: string | number;
  readonly sla_eligible: boolean | number;
  readonly credit_rate: string | number;
  readonly tickets: readonly string[];
}

/** A month's stored rows (FINAL), optionally of one customer, sorted by customer and service. */
export async function readServiceAvailability(
  client: ClickHouseClient,
  month: string,
  customerId?: string,
): Promise<ServiceAvailability[]> {
  try {
    const result = await client.query({
      query: `SELECT month, customer_id, service, minutes_in_month, unavailable_minutes, excused_minutes,
                     toString(availability_percent) AS availability_percent, sla_eligible,
                     toString(credit_rate) AS credit_rate, tickets
              FROM ${SLA_AVAILABILITY_TABLE} FINAL
              WHERE month = {month:Date} ${customerId === undefined ? '' : 'AND customer_id = {customerId:String}'}
              ORDER BY customer_id, service`,
      query_params: { month: monthStartDate(month), ...(customerId === undefined ? {} : { customerId }) },
      format: 'JSONEachRow',
    });
    return (await result.json<StoredRow>()).map((row) => ({
      month: monthOfStartDate(row.month),
      customerId: row.customer_id,
      service: row.service,
      minutesInMonth: Number(row.minutes_in_month),
      unavailableMinutes: Number(row.unavailable_minutes),
      excusedMinutes: Number(row.excused_minutes),
      availabilityPercent: new Decimal(row.availability_percent),
      slaEligible: row.sla_eligible === true || row.sla_eligible === 1,
      creditRate: new Decimal(row.credit_rate),
      tickets: [...row.tickets],
    }));
  } catch (error) {
    throw toClickHouseError(error);
  }
}
