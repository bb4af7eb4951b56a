import { fileURLToPath } from 'node:url';

/** The Avro schema of account commands (subject `net.cdrpipeline.fraud.AccountCommand`). */
export const ACCOUNT_COMMAND_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/fraud/AccountCommand.avsc', import.meta.url),
);

/** The Avro schema of fraud alerts (subject `net.cdrpipeline.fraud.FraudAlert`). */
export const FRAUD_ALERT_SCHEMA_FILE = fileURLToPath(
  new URL('../../schemas/fraud/FraudAlert.avsc', import.meta.url),
);
