import { field, type OptionsOf } from '../config/options.ts';

/**
 * The action side of fraud detection: where commands and alerts are published, and the policy that turns
 * alerts into account commands (see README.md). Config-file section `fraudActions`.
 */
export const fraudActionsOptionsSpec = {
  commandTopic: field.string({
    env: 'FRAUD_COMMAND_TOPIC',
    default: 'fraud.account-commands',
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    doc: 'topic of account commands (suspend, reinstate, restrict-unlimited), keyed by SIP account',
  }),
  alertTopic: field.string({
    env: 'FRAUD_ALERT_TOPIC',
    default: 'fraud.alerts',
    pattern: /^[A-Za-z0-9._-]{1,249}$/,
    doc: 'topic of fraud alerts (every alert, for notification and dashboards), keyed by the first account concerned',
  }),
  publishAlerts: field.boolean({
    env: 'FRAUD_PUBLISH_ALERTS',
    default: true,
    doc: 'publish every alert to alertTopic as well as storing it in ClickHouse',
  }),
  restrictOnWarningRules: field.list({
    env: 'FRAUD_RESTRICT_ON_WARNING_RULES',
    default: ['spend-velocity'],
    doc: 'rules whose warning alerts restrict the account (restrict-unlimited); other warnings are recorded only. Critical alerts always suspend',
  }),
  alertOnlyRules: field.list({
    env: 'FRAUD_ALERT_ONLY_RULES',
    default: ['credential-brute-force'],
    doc:
      'rules whose alerts, even critical, are recorded and published but never act on the account: failed ' +
      'REGISTERs alone prove no theft (a scanner guessing, or a phone with an old password), and suspending on ' +
      'them would let anyone have any account suspended; a success after them is brute-force-then-success',
  }),
  allowlistAccounts: field.list({
    env: 'FRAUD_ALLOWLIST_ACCOUNTS',
    default: [],
    doc: 'SIP accounts never suspended or restricted automatically (their alerts are still recorded)',
  }),
  allowlistCustomers: field.list({
    env: 'FRAUD_ALLOWLIST_CUSTOMERS',
    default: [],
    doc: 'customers whose SIP accounts are never suspended or restricted automatically (alerts still recorded)',
  }),
  reinstatementCooldownMinutes: field.integer({
    env: 'FRAUD_REINSTATEMENT_COOLDOWN_MINUTES',
    default: 1440,
    min: 0,
    max: 525_600,
    doc: 'after an operator reinstatement, event-time minutes during which the rules that caused the suspension do not act again on the account, and only a critical alert of another rule does',
  }),
  requestedBy: field.string({
    default: 'fraud-detector',
    doc: 'name written in the requestedBy field of automatic commands',
  }),
};
export type FraudActionsOptions = OptionsOf<typeof fraudActionsOptionsSpec>;
