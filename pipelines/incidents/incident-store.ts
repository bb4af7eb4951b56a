import type { ClickHouseClient } from '@clickhouse/client';
import { toClickHouseError } from '../clickhouse/errors.ts';
import { INCIDENTS_TABLE, incidentRow } from './incident-row.ts';
import type { IncidentTicket } from './incident-ticket.ts';

/**
 * Inserts ticket events read from a file (`incidents import`). Idempotent: the same events again write the
 * same rows, which the table's ReplacingMergeTree collapses (read with FINAL).
 */
export async function insertIncidentTickets(
  client: ClickHouseClient,
  tickets: readonly IncidentTicket[],
  fileName: string,
): Promise<void> {
  if (tickets.length === 0) return;
  try {
    await client.insert({
      table: INCIDENTS_TABLE,
      values: tickets.map((ticket) => incidentRow(ticket, { kind: 'file', name: fileName })),
      format: 'JSONEachRow',
    });
  } catch (error) {
    throw toClickHouseError(error);
  }
}
