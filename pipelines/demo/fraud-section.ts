import { accountTimeline, type TimelineEntry } from '../fraud-actions/account-history-report.ts';
import type { AccountHistory, StoredAlert } from '../fraud-actions/audit-store.ts';
import { FRAUD_RULES } from '../fraud/fraud-alert.ts';
import { renderTextTable } from '../reports/text-table.ts';
import type { DemoFraudRun } from './demo-fraud.ts';
import { durationText, evidenceSummary, moneyText, parisTime } from './fraud-evidence.ts';
import type { CredentialTheft, FraudDeadlines } from './month/index.ts';

/** What the attacker's calls after the suspension cost (rated_calls): what enforcing it would have saved. */
export interface TheftExposure {
  readonly calls: number;
  readonly amount: string;
  readonly currency: string;
}

export interface FraudSectionInput {
  readonly run: DemoFraudRun;
  readonly seconds: number;
  readonly rulesFile: string;
  readonly commandTopic: string;
  readonly theft: CredentialTheft;
  readonly deadlines: FraudDeadlines;
  /** The theft account's alerts and commands as the audit trail gives them back. */
  readonly history: AccountHistory;
  readonly exposure?: TheftExposure;
}

/** What the policy did for the account, after an alert of the timeline. */
const OUTCOME_TEXT: Readonly<Record<string, string>> = {
  command: '',
  'already-suspended': ' (already suspended)',
  'already-restricted': ' (already restricted)',
  'alert-only': ' (alert only)',
  allowlisted: ' (allowlisted)',
  cooldown: ' (cool-down)',
};

/**
 * The demo's "Fraud alerts and suspensions" section: alerts per rule and severity, the commands issued, and
 * the credential theft's timeline in Paris time (attack, alerts with their evidence, suspension,
 * compromise, IRSF) with the detection latency in event time. About 30 lines; no full number.
 */
export function formatFraudSection(input: FraudSectionInput): string[] {
  return [...summaryLines(input), '', ...theftLines(input)];
}

function summaryLines({ run, seconds, rulesFile, commandTopic }: FraudSectionInput): string[] {
  const lines = [
    `Fraud alerts and suspensions (rules ${run.rulesVersion}, ${rulesFile}): the same ${run.inputs} events, calls at their ` +
      `end, in ${seconds.toFixed(1)} s; ${run.late} late; ${run.stats.emergencyCalls} emergency calls counted by no rule`,
  ];
  const rows = FRAUD_RULES.flatMap((rule) => {
    const alerts = run.alerts.filter((a) => a.rule === rule);
    if (alerts.length === 0) return [];
    const warnings = alerts.filter((a) => a.severity === 'warning').length;
    const accounts = new Set(alerts.flatMap((a) => a.accountIds)).size;
    return [[rule, String(warnings), String(alerts.length - warnings), String(accounts)]];
  });
  const warnings = run.alerts.filter((a) => a.severity === 'warning').length;
  const accounts = new Set(run.alerts.flatMap((a) => a.accountIds)).size;
  lines.push(
    ...renderTextTable(
      [
        { header: 'RULE', align: 'left' },
        { header: 'WARNING', align: 'right' },
        { header: 'CRITICAL', align: 'right' },
        { header: 'ACCOUNTS', align: 'right' },
      ],
      [...rows, ['TOTAL', String(warnings), String(run.alerts.length - warnings), String(accounts)]],
    ),
  );
  const byKind = (kind: string): string => {
    const commands = run.commands.filter((c) => c.kind === kind);
    const accounts = [...new Set(commands.map((c) => c.accountId))];
    return `${commands.length} ${kind}${accounts.length === 0 ? '' : ` (${accounts.join(', ')})`}`;
  };
  const outcomes = new Map<string, number>();
  for (const decision of run.decisions) {
    for (const o of decision.outcomes) {
      if (o.outcome !== 'command') outcomes.set(o.outcome, (outcomes.get(o.outcome) ?? 0) + 1);
    }
  }
  const without = [...outcomes].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  lines.push(
    `Commands: ${byKind('suspend')}, ${byKind('restrict-unlimited')}; alerts without a command: ${without === '' ? 'none' : without}.`,
    `Embedded mode has no broker: commands are stored in account_commands (status issued), not published to ${commandTopic}.`,
  );
  return lines;
}

type Line = readonly [at: Date, what: string, text: string];

function theftLines({ theft, deadlines, history, exposure }: FraudSectionInput): string[] {
  const account = history.accountId;
  const timeline = accountTimeline(history);
  const shown = firstCriticalOfEachRule(timeline);
  const entries: Line[] = [
    [
      theft.bruteForce.firstAt,
      'attack',
      `first of ${theft.bruteForce.authFailures} auth failures from ${theft.attackerIp} (${theft.scannerUserAgent})`,
    ],
    [
      theft.compromisedAt,
      'compromise',
      `REGISTER succeeds from ${theft.attackerIp} (${theft.dialerUserAgent}): the first fraudulent event`,
    ],
    [
      theft.irsf.firstAt,
      'IRSF',
      `first of ${theft.irsf.calls} calls to ${theft.irsf.destinations.join(', ')}, up to ${theft.irsf.maxParallel} at once`,
    ],
  ];
  for (const entry of timeline) {
    if (entry.type === 'command') {
      const c = entry.command;
      entries.push([
        entry.at,
        c.kind.toUpperCase(),
        `command ${c.commandId.slice(0, 12)} (${c.rule}), stored ${c.status} by ${c.requestedBy}`,
      ]);
    }
  }
  for (const group of sameInstantGroups([...shown])) {
    const [first] = group;
    if (first === undefined) continue;
    const rules = group.map((a) => a.rule).join(' + ');
    entries.push([
      first.detectedAt,
      first.severity,
      `${rules}: ${evidenceSummary(first)}${OUTCOME_TEXT[first.outcomes[account] ?? ''] ?? ''}`,
    ]);
  }
  // Markers first at equal instants, then alerts, then the commands they caused.
  const order = (what: string): number =>
    ['attack', 'compromise', 'IRSF'].includes(what) ? 0 : what === 'critical' || what === 'warning' ? 1 : 2;
  entries.sort((a, b) => a[0].getTime() - b[0].getTime() || order(a[1]) - order(b[1]));
  // One night: times only, the date in the heading (full date-times if the timeline spans several days).
  const days = new Set(entries.map(([at]) => parisTime(at).slice(0, 10)));
  const when = (at: Date): string => (days.size === 1 ? parisTime(at).slice(11) : parisTime(at));
  const lines = [
    `${account}, the credential theft, ${[...days].join(' to ')} Europe/Paris time (every alert: cdr-pipeline account history ${account}):`,
    ...entries.map(([at, what, text]) => `  ${when(at)}  ${what.padEnd(10)}  ${text}`),
  ];
  const hidden = history.alerts.length - shown.size;
  if (hidden > 0) lines.push(`  + ${hidden} more alerts (warnings, and repeats of the rules above)`);
  lines.push(...latencyLines(theft, deadlines, history));
  if (exposure !== undefined) {
    lines.push(
      `Enforced by the softswitch, the suspension stops the attacker's ${exposure.calls} calls after it: ` +
        `${moneyText(exposure.amount, exposure.currency)} (the demo replays the month as generated, it blocks nothing).`,
    );
  }
  return lines;
}

/** The alerts detected and the commands effective in [from, to): one month of a persistent audit trail. */
export function historyWithin(history: AccountHistory, from: Date, to: Date): AccountHistory {
  const inside = (at: Date): boolean => at >= from && at < to;
  return {
    accountId: history.accountId,
    alerts: history.alerts.filter((a) => inside(a.detectedAt)),
    commands: history.commands.filter((c) => inside(c.effectiveAt)),
  };
}

/** Alerts fired by the same record (same detection instant), in time order; one timeline line each. */
function sameInstantGroups(alerts: readonly StoredAlert[]): StoredAlert[][] {
  const groups = new Map<number, StoredAlert[]>();
  for (const alert of alerts) {
    const at = alert.detectedAt.getTime();
    groups.set(at, [...(groups.get(at) ?? []), alert]);
  }
  const rank = (alert: StoredAlert): number => (FRAUD_RULES as readonly string[]).indexOf(alert.rule);
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => group.sort((a, b) => rank(a) - rank(b)));
}

function firstCriticalOfEachRule(timeline: readonly TimelineEntry[]): Set<StoredAlert> {
  const shown = new Set<StoredAlert>();
  const rules = new Set<string>();
  for (const entry of timeline) {
    if (entry.type !== 'alert' || entry.alert.severity !== 'critical' || rules.has(entry.alert.rule))
      continue;
    rules.add(entry.alert.rule);
    shown.add(entry.alert);
  }
  return shown;
}

function latencyLines(theft: CredentialTheft, deadlines: FraudDeadlines, history: AccountHistory): string[] {
  const suspension = history.commands.find((c) => c.kind === 'suspend');
  const compromised = theft.compromisedAt.getTime();
  const firstCriticalFrom = (fromMs: number, rules?: readonly string[]): StoredAlert | undefined =>
    sameInstantGroups(
      history.alerts.filter(
        (a) =>
          a.severity === 'critical' &&
          a.detectedAt.getTime() >= fromMs &&
          (rules === undefined || rules.includes(a.rule)),
      ),
    )[0]?.[0];
  const head = 'Detection latency (event time): ';
  if (suspension === undefined) return [`${head}NO suspension.`];
  const delay = suspension.effectiveAt.getTime() - compromised;
  const lines = [
    delay < 0
      ? `${head}suspension effective ${durationText(delay)} BEFORE the first fraudulent event (the compromise): ${suspension.rule} is critical on its own.`
      : `${head}suspension effective +${durationText(delay)} after the first fraudulent event (the compromise), on ${suspension.rule}.`,
  ];
  const afterCompromise = firstCriticalFrom(compromised);
  const afterIrsf = firstCriticalFrom(theft.irsf.firstAt.getTime(), deadlines.irsfRules);
  const since = (alert: StoredAlert | undefined, fromMs: number): string =>
    alert === undefined ? 'none' : `+${durationText(alert.detectedAt.getTime() - fromMs)} (${alert.rule})`;
  lines.push(
    `First critical alert from the compromise on: ${since(afterCompromise, compromised)}; ` +
      `on IRSF alone, from its first call: ${since(afterIrsf, theft.irsf.firstAt.getTime())}.`,
  );
  return lines;
}
