import { createHash } from 'node:crypto';
import { SnapshotReader } from '../windowing/snapshot-reader.ts';
import type { EvidenceSample, FraudAlert, FraudRuleId, Severity } from './fraud-alert.ts';

/** What a rule says when a level is reached; the emitter adds the id, the rules version and dedupes. */
export interface AlertDraft {
  readonly rule: FraudRuleId;
  readonly severity: Severity;
  readonly key: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  /**
   * The level is not reported again for windows starting before this (at least windowEnd): the end of the
   * last window holding the record that reached it.
   */
  readonly coversUntil: number;
  readonly detectedAt: number;
  readonly accountIds: readonly string[];
  readonly reason: string;
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly EvidenceSample[];
}

/** Deterministic: the same rule, key, window start and level always give the same id. */
export function fraudAlertId(
  rule: FraudRuleId,
  key: string,
  windowStart: number,
  severity: Severity,
): string {
  return createHash('sha256')
    .update(`${rule}\u0000${key}\u0000${windowStart}\u0000${severity}`)
    .digest('hex')
    .slice(0, 32);
}

const FORMAT = 'fraud-alert-emitter';

/**
 * Turns drafts into alerts. A level is reported once per window by the windows themselves; on top of that,
 * once a level is reported for a rule and key, it is not reported again for windows starting before the end
 * of the last window holding the record that reached it (sliding windows: the 12 windows of 1 h sliding by
 * 5 min that hold a burst would each reach it), and a critical alert covers the warning the same way. So a
 * burst gives one alert per level, and an attack that goes on gives a new one about once per window size.
 */
export class AlertEmitter {
  private pending: FraudAlert[] = [];
  /** `rule key severity` -> end of the last window reported at that level (or above). */
  private readonly reportedUntil = new Map<string, number>();
  private nextSweep = Number.NEGATIVE_INFINITY;
  suppressed = 0;
  emitted = 0;

  constructor(private readonly rulesVersion: string) {}

  emit(draft: AlertDraft): void {
    const base = `${draft.rule}\u0000${draft.key}\u0000`;
    const own = base + draft.severity;
    const until = this.reportedUntil.get(own);
    if (until !== undefined && draft.windowStart < until) {
      this.suppressed++;
      return;
    }
    const coversUntil = Math.max(draft.windowEnd, draft.coversUntil);
    this.cover(own, coversUntil);
    if (draft.severity === 'critical') this.cover(`${base}warning`, coversUntil);
    this.emitted++;
    this.pending.push({
      alertId: fraudAlertId(draft.rule, draft.key, draft.windowStart, draft.severity),
      rule: draft.rule,
      severity: draft.severity,
      accountIds: draft.accountIds,
      key: draft.key,
      windowStart: new Date(draft.windowStart),
      windowEnd: new Date(draft.windowEnd),
      detectedAt: new Date(draft.detectedAt),
      reason: draft.reason,
      counts: draft.counts,
      samples: draft.samples,
      rulesVersion: this.rulesVersion,
    });
  }

  /** The alerts emitted since the last call. */
  drain(): FraudAlert[] {
    const alerts = this.pending;
    this.pending = [];
    return alerts;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Forgets reports covering only windows that end at or before `horizon` (no record can reach a window
   * they would suppress), sweeping at most once per `everyMs` of horizon progress.
   */
  forgetBefore(horizon: number, everyMs = 0): void {
    if (horizon < this.nextSweep) return;
    this.nextSweep = horizon + everyMs;
    for (const [key, until] of this.reportedUntil) if (until <= horizon) this.reportedUntil.delete(key);
  }

  get tracked(): number {
    return this.reportedUntil.size;
  }

  snapshot(): unknown {
    return {
      format: FORMAT,
      version: 1,
      reported: [...this.reportedUntil.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    };
  }

  restore(snapshot: unknown): void {
    const read = new SnapshotReader(FORMAT);
    const saved = read.header(snapshot, 1);
    read.array(saved['reported'], '$.reported').forEach((entry, i) => {
      const pair = read.array(entry, `$.reported[${i}]`);
      const key = read.string(pair[0], `$.reported[${i}][0]`);
      const until = read.number(pair[1], `$.reported[${i}][1]`);
      this.cover(key, until);
    });
  }

  private cover(key: string, until: number): void {
    const current = this.reportedUntil.get(key);
    if (current === undefined || until > current) this.reportedUntil.set(key, until);
  }
}
