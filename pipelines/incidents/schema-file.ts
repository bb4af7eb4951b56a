import { fileURLToPath } from 'node:url';

/** The Avro schema of failure ticket events (subject `net.cdrpipeline.incident.IncidentTicket`). */
export const INCIDENT_TICKET_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/incident/IncidentTicket.avsc', import.meta.url),
);
