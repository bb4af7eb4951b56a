import type { TimeZoneRules } from './time-zone.ts';

/** Wall-clock times of one call (ms "as if UTC", see WallClockFormat), as a softswitch wrote them. */
export interface WallClockCallTimes {
  readonly start: number;
  readonly answer: number | null;
  readonly end: number;
}

/** Durations the softswitch reported next to the times, in whole seconds; null when the source has none. */
export interface ReportedDurations {
  readonly durationSeconds: number | null;
  readonly billableSeconds: number | null;
}

export type ResolvedCallTimes =
  | { readonly ok: true; readonly startTime: Date; readonly answerTime: Date | null; readonly endTime: Date }
  | { readonly ok: false; readonly reason: string };

/**
 * Converts a call's local times to UTC instants.
 *
 * Rule for the hour that occurs twice when clocks go back (in Europe/Paris, 02:00-02:59 on the last
 * Sunday of October, first at UTC+2 then at UTC+1): among the possible readings of start, answer and
 * end, keep those in order (start <= answer <= end) and take the one whose end - start and
 * end - answer best match the duration and billable seconds the softswitch reported; when that does
 * not decide (no durations, or a tie), take the earliest reading, i.e. the first occurrence (summer
 * time). A call from 02:50 (UTC+2) to 02:10 (UTC+1) lasting 1200 s is therefore read correctly.
 *
 * A local time that never occurs (the hour skipped when clocks go forward, 02:00-02:59 on the last
 * Sunday of March in Europe/Paris) cannot come from a softswitch clock: the row is rejected.
 */
export function resolveCallTimes(
  zone: TimeZoneRules,
  wall: WallClockCallTimes,
  reported: ReportedDurations,
): ResolvedCallTimes {
  const starts = zone.instantsOf(wall.start);
  const answers = wall.answer === null ? [null] : zone.instantsOf(wall.answer);
  const ends = zone.instantsOf(wall.end);
  if (starts.length === 0) return skipped('start', zone);
  if (answers.length === 0) return skipped('answer', zone);
  if (ends.length === 0) return skipped('end', zone);
  if (starts.length === 1 && answers.length === 1 && ends.length === 1) {
    return resolved(starts[0] ?? 0, answers[0] ?? null, ends[0] ?? 0);
  }
  let best: { start: number; answer: number | null; end: number } | undefined;
  let bestMismatch = Infinity;
  for (const start of starts) {
    for (const answer of answers) {
      for (const end of ends) {
        if (end < start || (answer !== null && (answer < start || answer > end))) continue;
        const mismatch = durationMismatch(start, answer, end, reported);
        if (mismatch < bestMismatch) {
          best = { start, answer, end };
          bestMismatch = mismatch;
        }
      }
    }
  }
  return best === undefined
    ? resolved(starts[0] ?? 0, answers[0] ?? null, ends[0] ?? 0)
    : resolved(best.start, best.answer, best.end);
}

function resolved(start: number, answer: number | null, end: number): ResolvedCallTimes {
  return {
    ok: true,
    startTime: new Date(start),
    answerTime: answer === null ? null : new Date(answer),
    endTime: new Date(end),
  };
}

function skipped(label: string, zone: TimeZoneRules): ResolvedCallTimes {
  return { ok: false, reason: `${label} time does not exist in ${zone.name} (skipped by a clock change)` };
}

function durationMismatch(
  start: number,
  answer: number | null,
  end: number,
  reported: ReportedDurations,
): number {
  let mismatch = 0;
  if (reported.durationSeconds !== null)
    mismatch += Math.abs((end - start) / 1000 - reported.durationSeconds);
  if (reported.billableSeconds !== null && answer !== null) {
    mismatch += Math.abs((end - answer) / 1000 - reported.billableSeconds);
  }
  return mismatch;
}
