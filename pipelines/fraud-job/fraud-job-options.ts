import { field, type OptionsOf } from '../config/options.ts';

const topicName = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * The fraud detection job (`cdr-pipeline detect`): its input topics, group and checkpoints. Where commands
 * and alerts go, and the action policy, are the `fraudActions` options.
 */
export const fraudJobOptionsSpec = {
  rulesFile: field.string({
    env: 'FRAUD_RULES_FILE',
    default: 'infra/fraud/rules.yaml',
    doc: 'the fraud rules (thresholds, windows, scanner User-Agents), validated at load',
  }),
  callsTopic: field.string({
    env: 'FRAUD_CALLS_TOPIC',
    default: 'cdr.call-records',
    pattern: topicName,
    doc: 'Avro call records keyed by SIP account; co-partitioned with registrationsTopic',
  }),
  registrationsTopic: field.string({
    env: 'FRAUD_REGISTRATIONS_TOPIC',
    default: 'sip.registration-events',
    pattern: topicName,
    doc: 'Avro SIP registration events keyed by SIP account; same partition count as callsTopic',
  }),
  followOperatorCommands: field.boolean({
    env: 'FRAUD_FOLLOW_OPERATOR_COMMANDS',
    default: true,
    doc:
      'also read the command topic (fraudActions.commandTopic, same partition count) so that operator ' +
      'reinstatements reach the policy: cool-downs start and a reinstated account can be suspended again',
  }),
  deadLetterTopic: field.string({
    env: 'FRAUD_DEAD_LETTER_TOPIC',
    default: 'fraud.dlq',
    pattern: topicName,
    doc: 'undecodable or invalid inputs (original bytes) and inputs too late to evaluate (JSON)',
  }),
  groupId: field.string({
    env: 'FRAUD_GROUP_ID',
    default: 'cdr-pipeline-fraud',
    doc: 'consumer group of the fraud job (also the key of its checkpoints)',
  }),
  checkpointIntervalMs: field.integer({
    env: 'FRAUD_CHECKPOINT_INTERVAL_MS',
    default: 30_000,
    min: 0,
    doc:
      'least processing time between two checkpoints of a partition (its whole state and the offsets it covers, ' +
      'in ClickHouse); offsets are committed at checkpoints only, and a restart re-reads what came after the last one',
  }),
  retryInitialDelayMs: field.integer({ default: 200, min: 1, doc: 'first backoff delay while a sink fails' }),
  retryMaxDelayMs: field.integer({
    default: 10_000,
    min: 1,
    doc: 'longest backoff delay while a sink fails',
  }),
};
export type FraudJobOptions = OptionsOf<typeof fraudJobOptionsSpec>;
