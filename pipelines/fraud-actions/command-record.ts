import {
  FRAUD_RULES,
  type AccountCommand,
  type AccountCommandKind,
  type FraudRuleId,
} from '../fraud/fraud-alert.ts';
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

/** An AccountCommand as the Avro record of schemas/fraud/AccountCommand.avsc. */
export interface AccountCommandRecord {
  readonly commandId: string;
  readonly kind: 'SUSPEND' | 'REINSTATE' | 'RESTRICT_UNLIMITED';
  readonly accountId: string;
  readonly rule: string;
  readonly severity: SeveritySymbol;
  readonly reason: string;
  readonly alertId: string | null;
  readonly counts: Record<string, string>;
  readonly samples: SampleRecord[];
  readonly effectiveAt: Date;
  readonly requestedBy: string;
  /** Always true: emergency calls are never blocked (see the schema). */
  readonly keepEmergencyCalls: boolean;
}

const KIND_SYMBOLS = {
  suspend: 'SUSPEND',
  reinstate: 'REINSTATE',
  'restrict-unlimited': 'RESTRICT_UNLIMITED',
} as const satisfies Record<AccountCommandKind, AccountCommandRecord['kind']>;

export function accountCommandRecord(command: AccountCommand): AccountCommandRecord {
  return {
    commandId: command.commandId,
    kind: KIND_SYMBOLS[command.kind],
    accountId: command.accountId,
    rule: command.rule,
    severity: severitySymbol(command.severity),
    reason: command.reason,
    alertId: command.alertId ?? null,
    counts: countsRecord(command.counts),
    samples: sampleRecords(command.samples),
    effectiveAt: command.effectiveAt,
    requestedBy: command.requestedBy,
    keepEmergencyCalls: true,
  };
}

/**
 * A decoded AccountCommand record back as an AccountCommand (counts come back as text). Throws
 * RECORD_INVALID for an unknown kind or rule, or a field of the wrong type; and for a command that would
 * block emergency calls (keepEmergencyCalls false), which this pipeline never issues nor accepts.
 */
export function accountCommandOf(value: unknown): AccountCommand & { readonly keepEmergencyCalls: true } {
  if (value === null || typeof value !== 'object') throw recordInvalid('account command is not a record');
  const record = value as Partial<Record<keyof AccountCommandRecord, unknown>>;
  const commandId = textOf(record.commandId, 'account command commandId');
  const what = `account command ${commandId}`;
  const kind = (Object.keys(KIND_SYMBOLS) as AccountCommandKind[]).find(
    (k) => KIND_SYMBOLS[k] === record.kind,
  );
  if (kind === undefined) throw recordInvalid(`${what}: unknown kind ${JSON.stringify(record.kind)}`);
  const rule = textOf(record.rule, `${what} rule`);
  if (rule !== 'operator' && !(FRAUD_RULES as readonly string[]).includes(rule)) {
    throw recordInvalid(`${what}: unknown rule ${JSON.stringify(rule)}`);
  }
  if (record.keepEmergencyCalls !== true) {
    throw recordInvalid(`${what}: keepEmergencyCalls must be true, emergency calls are never blocked`);
  }
  const alertId = record.alertId === null ? undefined : textOf(record.alertId, `${what} alertId`);
  return {
    commandId,
    kind,
    accountId: textOf(record.accountId, `${what} accountId`),
    rule: rule as FraudRuleId | 'operator',
    severity: severityOf(record.severity, what),
    reason: textOf(record.reason, `${what} reason`),
    ...(alertId === undefined ? {} : { alertId }),
    counts: countsOf(record.counts, what),
    samples: samplesOf(record.samples, what),
    effectiveAt: dateOf(record.effectiveAt, `${what} effectiveAt`),
    requestedBy: textOf(record.requestedBy, `${what} requestedBy`),
    keepEmergencyCalls: true,
  };
}
