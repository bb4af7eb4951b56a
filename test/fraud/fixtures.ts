import { readFileSync } from 'node:fs';
import { parseOptions } from '../../pipelines/config/options.ts';
import type { FraudAlert, FraudRuleId, Severity } from '../../pipelines/fraud/fraud-alert.ts';
import { FraudDetector, type FraudDetectorSettings } from '../../pipelines/fraud/fraud-detector.ts';
import type { FraudInput } from '../../pipelines/fraud/fraud-input.ts';
import type { FraudRules, RuleScope } from '../../pipelines/fraud/fraud-rules.ts';
import { parseFraudRules, DEFAULT_RULES_PATH } from '../../pipelines/fraud/load-fraud-rules.ts';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { numberingOptionsSpec } from '../../pipelines/numbering/numbering-options.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import type {
  RegistrationEvent,
  RegistrationEventType,
} from '../../pipelines/registration/registration-event.ts';

export const RULES_TEXT = readFileSync(DEFAULT_RULES_PATH, 'utf8');
export const DEFAULT_RULES: FraudRules = parseFraudRules(RULES_TEXT);
export const classify = createNumberClassifier(parseOptions('numbering', numberingOptionsSpec, {}));

/** The rules file with text replaced (each `[from, to]` must occur exactly once). */
export function rulesWith(...replacements: readonly (readonly [string, string])[]): FraudRules {
  let text = RULES_TEXT;
  for (const [from, to] of replacements) {
    if (text.split(from).length !== 2)
      throw new Error(`expected exactly one ${JSON.stringify(from)} in rules.yaml`);
    text = text.replace(from, to);
  }
  return parseFraudRules(text);
}

/** Account of the sample reference data: C-1001, business, Illimité National, tarif-standard. */
export const ACCOUNT = 'c1001-boutique';
export const OTHER_ACCOUNT = 'c1001-fournil';
export const CUBA = '+5371234567';
export const PREMIUM = '+33899123456';
export const UK_MOBILE = '+447700900123';
export const NATIONAL = '+33123456701';
export const YEALINK = 'Yealink SIP-T46U 108.86.0.45';

let sequence = 0;

export function call(
  start: string,
  callee: string,
  billableSeconds: number,
  extra: Partial<CallRecord> = {},
): FraudInput {
  sequence++;
  const startTime = new Date(start);
  const answered = billableSeconds > 0;
  const answerTime = answered ? new Date(startTime.getTime() + 2000) : null;
  const endTime = new Date(startTime.getTime() + 2000 + billableSeconds * 1000);
  return {
    kind: 'call',
    record: {
      callId: `call-${sequence}`,
      accountId: ACCOUNT,
      caller: '+33140000000',
      callee,
      startTime,
      answerTime,
      endTime,
      durationSeconds: 2 + billableSeconds,
      billableSeconds,
      disposition: answered ? 'ANSWERED' : 'NO_ANSWER',
      direction: 'OUTBOUND',
      userAgent: YEALINK,
      sourceIp: '192.0.2.10',
      sipCallId: null,
      softswitch: 'test',
      ...extra,
    },
  };
}

export function registration(
  at: string,
  type: RegistrationEventType,
  sourceIp: string,
  extra: Partial<RegistrationEvent> = {},
): FraudInput {
  sequence++;
  return {
    kind: 'registration',
    event: {
      eventId: `reg-${sequence}`,
      accountId: ACCOUNT,
      type,
      timestamp: new Date(at),
      contact: type === 'REGISTERED' ? `sip:boutique@${sourceIp}:5060` : null,
      instanceId: null,
      sourceIp,
      sourcePort: 5060,
      userAgent: YEALINK,
      expiresSeconds: type === 'REGISTERED' ? 3600 : null,
      authFailureReason: type === 'AUTH_FAILED' ? 'bad password' : null,
      realm: 'voip.example.net',
      softswitch: 'test',
      ...extra,
    },
  };
}

/** `start` plus `seconds`, as an ISO instant. */
export function plus(start: string, seconds: number): string {
  return new Date(new Date(start).getTime() + seconds * 1000).toISOString();
}

export function detector(
  reference: ReferenceData,
  rules: FraudRules = DEFAULT_RULES,
  extra: Partial<FraudDetectorSettings> = {},
): FraudDetector {
  return new FraudDetector({ rules, reference: () => reference, classify, ...extra });
}

/** Feeds inputs from one source, polling after each: the alerts in order, each with the index of its input. */
export function run(
  fraud: FraudDetector,
  inputs: readonly FraudInput[],
  source = 'in/0',
): { alerts: FraudAlert[]; firedAt: number[]; late: FraudInput[] } {
  const alerts: FraudAlert[] = [];
  const firedAt: number[] = [];
  const late: FraudInput[] = [];
  inputs.forEach((input, index) => {
    fraud.add(input, source);
    const out = fraud.poll();
    for (const alert of out.alerts) {
      alerts.push(alert);
      firedAt.push(index);
    }
    late.push(...out.late);
  });
  return { alerts, firedAt, late };
}

export function ofRule(alerts: readonly FraudAlert[], rule: FraudRuleId, severity?: Severity): FraudAlert[] {
  return alerts.filter((a) => a.rule === rule && (severity === undefined || a.severity === severity));
}

/** A level's threshold for a metric, in window units (counts; seconds; millionths). */
export function threshold(scope: RuleScope | undefined, severity: Severity, metric: string): number {
  const value = scope?.levels[severity]?.[metric];
  if (value === undefined) throw new Error(`no ${severity} ${metric} threshold`);
  return value;
}
