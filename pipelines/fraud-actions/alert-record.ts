import { FRAUD_RULES, type FraudAlert, type FraudRuleId } from '../fraud/fraud-alert.ts';
import {
  countsOf,
  countsRecord,
  dateOf,
  recordInvalid,
  sampleRecords,
  samplesOf,
  severityOf,
  severitySymbol,
  textOf,
  type SampleRecord,
  type SeveritySymbol,
} from './evidence-record.ts';

/** A FraudAlert as the Avro record of schemas/fraud/FraudAlert.avsc. */
export interface FraudAlertRecord {
  readonly alertId: string;
  readonly rule: string;
  readonly severity: SeveritySymbol;
  readonly accountIds: string[];
  readonly key: string;
  readonly windowStart: Date;
  readonly windowEnd: Date;
  readonly detectedAt: Date;
  readonly reason: string;
  readonly counts: Record<string, string>;
  readonly samples: SampleRecord[];
  readonly rulesVersion: string | null;
}

export function fraudAlertRecord(alert: FraudAlert, rulesVersion: string | null = null): FraudAlertRecord {
  return {
    alertId: alert.alertId,
    rule: alert.rule,
    severity: severitySymbol(alert.severity),
    accountIds: [...alert.accountIds],
    key: alert.key,
    windowStart: alert.windowStart,
    windowEnd: alert.windowEnd,
    detectedAt: alert.detectedAt,
    reason: alert.reason,
    counts: countsRecord(alert.counts),
    samples: sampleRecords(alert.samples),
    rulesVersion,
  };
}

/** A decoded FraudAlert record back as a FraudAlert (counts come back as text) and its rules version. */
export function fraudAlertOf(value: unknown): { alert: FraudAlert; rulesVersion: string | null } {
  if (value === null || typeof value !== 'object') throw recordInvalid('fraud alert is not a record');
  const record = value as Partial<Record<keyof FraudAlertRecord, unknown>>;
  const alertId = textOf(record.alertId, 'fraud alert alertId');
  const what = `fraud alert ${alertId}`;
  const rule = textOf(record.rule, `${what} rule`);
  if (!(FRAUD_RULES as readonly string[]).includes(rule)) {
    throw recordInvalid(`${what}: unknown rule ${JSON.stringify(rule)}`);
  }
  if (!Array.isArray(record.accountIds)) throw recordInvalid(`${what}: accountIds is not an array`);
  return {
    alert: {
      alertId,
      rule: rule as FraudRuleId,
      severity: severityOf(record.severity, what),
      accountIds: record.accountIds.map((id: unknown) => textOf(id, `${what} accountId`)),
      key: textOf(record.key, `${what} key`),
      windowStart: dateOf(record.windowStart, `${what} windowStart`),
      windowEnd: dateOf(record.windowEnd, `${what} windowEnd`),
      detectedAt: dateOf(record.detectedAt, `${what} detectedAt`),
      reason: textOf(record.reason, `${what} reason`),
      counts: countsOf(record.counts, what),
      samples: samplesOf(record.samples, what),
    },
    rulesVersion: record.rulesVersion === null ? null : textOf(record.rulesVersion, `${what} rulesVersion`),
  };
}
