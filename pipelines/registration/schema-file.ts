import { fileURLToPath } from 'node:url';

/** The Avro schema of registration events (subject `net.cdrpipeline.sip.RegistrationEvent`). */
export const REGISTRATION_EVENT_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/sip/RegistrationEvent.avsc', import.meta.url),
);
