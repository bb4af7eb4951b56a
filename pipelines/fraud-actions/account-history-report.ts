import { renderTextTable } from '../reports/text-table.ts';
import { nextStatus, type AccountStatus } from './account-status.ts';
import type { AccountHistory, StoredAlert, StoredCommand } from './audit-store.ts';

export type TimelineEntry =
  | { readonly at: Date; readonly type: 'alert'; readonly alert: StoredAlert }
  | { readonly at: Date; readonly type: 'command'; readonly command: StoredCommand };

/** Alerts (at their detection time) and commands (at their effective time) in time order; alerts first on ties. */
export function accountTimeline(history: AccountHistory): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...history.alerts.map((alert) => ({ at: alert.detectedAt, type: 'alert' as const, alert })),
    ...history.commands.map((command) => ({ at: command.effectiveAt, type: 'command' as const, command })),
  ];
  return entries.sort(
    (a, b) => a.at.getTime() - b.at.getTime() || (a.type === b.type ? 0 : a.type === 'alert' ? -1 : 1),
  );
}

/** The status the account's commands lead to, in effective-time order (`active` without commands). */
export function statusFromCommands(commands: readonly StoredCommand[]): AccountStatus {
  return [...commands]
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime())
    .reduce<AccountStatus>((status, command) => nextStatus(status, command.kind), 'active');
}

const shortId = (id: string): string => id.slice(0, 12);

/** The history as text lines: a status line, then a table of the timeline. No full number can appear. */
export function formatAccountHistory(history: AccountHistory): string[] {
  const timeline = accountTimeline(history);
  const header = `account ${history.accountId}: ${statusFromCommands(history.commands)}; ${history.alerts.length} alert(s), ${history.commands.length} command(s)`;
  if (timeline.length === 0) return [header, 'no alert and no command recorded'];
  const rows = timeline.map((entry) =>
    entry.type === 'alert'
      ? [
          entry.at.toISOString(),
          'alert',
          entry.alert.severity,
          entry.alert.rule,
          shortId(entry.alert.alertId),
          entry.alert.outcomes[history.accountId] ?? '',
          entry.alert.reason,
        ]
      : [
          entry.at.toISOString(),
          entry.command.kind,
          entry.command.severity,
          entry.command.rule,
          shortId(entry.command.commandId),
          `${entry.command.status} by ${entry.command.requestedBy}`,
          entry.command.reason,
        ],
  );
  return [
    header,
    '',
    ...renderTextTable(
      [
        { header: 'time (UTC)', align: 'left' },
        { header: 'event', align: 'left' },
        { header: 'severity', align: 'left' },
        { header: 'rule', align: 'left' },
        { header: 'id', align: 'left' },
        { header: 'outcome', align: 'left' },
        { header: 'reason', align: 'left' },
      ],
      rows,
    ),
  ];
}
