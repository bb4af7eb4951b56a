import type { AccountCommandKind } from '../fraud/fraud-alert.ts';
import { durationText, parisTime } from './fraud-evidence.ts';
import type { DemoMonthScenario } from './month/index.ts';

/** A command as the check needs it (from the detector's run or from the audit trail). */
export interface ObservedCommand {
  readonly accountId: string;
  readonly kind: AccountCommandKind;
  readonly rule: string;
  readonly effectiveAt: Date;
}

export interface ObservedAlert {
  readonly rule: string;
  readonly severity: string;
  readonly accountIds: readonly string[];
  readonly detectedAt: Date;
  /** Ids of the calls and registration events quoted as evidence. */
  readonly sampleIds: readonly string[];
}

export interface ObservedFraud {
  /** Automatic commands (suspend, restrict-unlimited) of the month. */
  readonly commands: readonly ObservedCommand[];
  readonly alerts: readonly ObservedAlert[];
  /** Ids of the month's calls to emergency numbers. */
  readonly emergencyCallIds: ReadonlySet<string>;
  /** Emergency calls the detector saw and skipped (its stats), when known. */
  readonly emergencyCallsSkipped?: number;
}

export interface FraudJudgement {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

const MS_PER_MINUTE = 60_000;

function mark(ok: boolean): string {
  return ok ? 'ok  ' : 'FAIL';
}

/**
 * Compares what fraud detection and the action policy did with what the scenario expects: each scenario
 * account gets exactly its expected commands (the credential theft: one suspension, at the latest
 * `maxSuspensionDelayMinutes` after the compromise and not before the attack) and a critical alert; IRSF
 * alone is caught in time; no other account gets any command; no emergency call counts anywhere.
 */
export function judgeFraud(scenario: DemoMonthScenario, observed: ObservedFraud): FraudJudgement {
  const lines: string[] = [];
  let ok = true;
  const deadlines = scenario.fraudDeadlines;
  const expectedAccounts = new Set<string>();
  for (const expectation of scenario.expectations.filter((e) => e.expectedFraudCommands.length > 0)) {
    expectedAccounts.add(expectation.accountId);
    const commands = observed.commands.filter((c) => c.accountId === expectation.accountId);
    const kinds = commands.map((c) => c.kind).sort();
    const criticals = observed.alerts.filter(
      (a) => a.severity === 'critical' && a.accountIds.includes(expectation.accountId),
    );
    let match =
      kinds.join(',') === [...expectation.expectedFraudCommands].sort().join(',') && criticals.length > 0;
    let timing = '';
    const suspension = commands.find((c) => c.kind === 'suspend');
    if (expectation.accountId === deadlines.accountId && suspension !== undefined) {
      const delay = suspension.effectiveAt.getTime() - deadlines.firstFraudulentEventAt.getTime();
      const inTime =
        delay <= deadlines.maxSuspensionDelayMinutes * MS_PER_MINUTE &&
        suspension.effectiveAt >= deadlines.attackStartedAt;
      match &&= inTime;
      timing =
        ` effective ${parisTime(suspension.effectiveAt)} Paris, ` +
        (delay === 0
          ? 'at the compromise'
          : `${durationText(delay)} ${delay < 0 ? 'before' : 'after'} the compromise`) +
        ` (deadline: compromise + ${deadlines.maxSuspensionDelayMinutes} min)`;
    }
    ok &&= match;
    const said =
      commands.length === 0 ? 'no command' : commands.map((c) => `${c.kind} (${c.rule})`).join(', ');
    lines.push(
      `  ${mark(match)} ${expectation.accountId.padEnd(22)} ${expectation.role.padEnd(40)} fraud: ${criticals.length} critical alerts; ${said}${timing}` +
        (match ? '' : ` (expected ${expectation.expectedFraudCommands.join(', ')} and a critical alert)`),
    );
  }

  const irsfCritical = observed.alerts
    .filter(
      (a) =>
        a.severity === 'critical' &&
        a.accountIds.includes(deadlines.accountId) &&
        deadlines.irsfRules.includes(a.rule) &&
        a.detectedAt >= deadlines.firstIrsfCallAt,
    )
    .sort((a, b) => a.detectedAt.getTime() - b.detectedAt.getTime())[0];
  const irsfDelay =
    irsfCritical === undefined
      ? undefined
      : irsfCritical.detectedAt.getTime() - deadlines.firstIrsfCallAt.getTime();
  const irsfOk = irsfDelay !== undefined && irsfDelay <= deadlines.maxIrsfDetectionMinutes * MS_PER_MINUTE;
  ok &&= irsfOk;
  lines.push(
    `  ${mark(irsfOk)} ${deadlines.accountId.padEnd(22)} ${'IRSF alone'.padEnd(40)} ` +
      (irsfCritical === undefined || irsfDelay === undefined
        ? `no critical alert of ${deadlines.irsfRules.join(', ')} after the first IRSF call`
        : `critical ${irsfCritical.rule} ${durationText(irsfDelay)} after the first IRSF call`) +
      ` (deadline: ${deadlines.maxIrsfDetectionMinutes} min)`,
  );

  const others = observed.commands.filter((c) => !expectedAccounts.has(c.accountId));
  const othersOk = others.length === 0;
  ok &&= othersOk;
  const otherAlerts = observed.alerts.filter((a) => a.accountIds.some((id) => !expectedAccounts.has(id)));
  const otherCritical = otherAlerts.filter((a) => a.severity === 'critical').length;
  lines.push(
    othersOk
      ? `  ok   no fraud command for the ${scenario.accounts - expectedAccounts.size} other accounts ` +
          `(${otherAlerts.length} alerts on them: ${otherCritical} critical, ${otherAlerts.length - otherCritical} warnings, alert only)`
      : `  FAIL fraud commands for accounts without a fraud scenario: ${others.map((c) => `${c.accountId} ${c.kind} (${c.rule})`).join(', ')}`,
  );

  const quoted = observed.alerts.filter((a) => a.sampleIds.some((id) => observed.emergencyCallIds.has(id)));
  const skipped = observed.emergencyCallsSkipped;
  const emergencyOk =
    quoted.length === 0 && (skipped === undefined || skipped === observed.emergencyCallIds.size);
  ok &&= emergencyOk;
  lines.push(
    `  ${mark(emergencyOk)} emergency calls: ${observed.emergencyCallIds.size} rated as emergency` +
      (skipped === undefined ? '' : `, ${skipped} skipped by fraud detection`) +
      (quoted.length === 0 ? ', none in any alert' : `, quoted by ${quoted.length} alert(s)`),
  );
  return { ok, lines };
}
