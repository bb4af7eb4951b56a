import { Decimal } from 'decimal.js';
import { MS_PER_DAY } from '../time/civil-days.ts';
import type { Interval } from './intervals.ts';

/**
 * The cap of the contract: "le montant d'avoir ... émis sur toute période de trente (30) jours calendaires
 * consécutifs sera plafonné à 20 % des frais mensuels dus au titre du Service défaillant".
 *
 * Interpretation (pipelines/availability/README.md): a month's credit is earned over its counted span, from
 * the first to the last instant counted against the SLA in that month. Credits of one customer's service
 * whose spans fit together inside 30 consecutive days are capped together at 20 % of one month's fees. So
 * one failure that straddles a month end (3 days from 30 January to 2 February) earns at most 20 %, not
 * 20 % for January plus 20 % for February; failures more than 30 days apart each earn their month's credit.
 * Credits are granted in chronological order: an earlier month keeps its credit (it may already be on an
 * invoice), a later one gets what is left under the cap. Rates are fractions of one month's fees.
 */
export const CREDIT_CAP_RATE = new Decimal('0.20');
export const CAP_WINDOW_MS = 30 * MS_PER_DAY;

export interface CreditToCap {
  /** Identifies the credit in the result (e.g. the month). */
  readonly key: string;
  readonly rate: Decimal;
  /** Where the credit was earned; null (no counted time) means no credit to cap. */
  readonly span: Interval | null;
}

export interface CappedCredit {
  readonly key: string;
  readonly rate: Decimal;
  readonly cappedRate: Decimal;
}

/** Caps the credits of one customer's service (see CREDIT_CAP_RATE). Results are in the input's order. */
export function capCredits(credits: readonly CreditToCap[]): CappedCredit[] {
  const order = credits
    .map((credit, index) => ({ credit, index }))
    .sort(
      (a, b) =>
        (a.credit.span?.endMs ?? 0) - (b.credit.span?.endMs ?? 0) ||
        (a.credit.span?.startMs ?? 0) - (b.credit.span?.startMs ?? 0) ||
        a.index - b.index,
    );
  const granted: { span: Interval; rate: Decimal }[] = [];
  const result = new Map<number, CappedCredit>();
  for (const { credit, index } of order) {
    const { span } = credit;
    if (span === null || credit.rate.isZero()) {
      result.set(index, { key: credit.key, rate: credit.rate, cappedRate: credit.rate });
      continue;
    }
    const room = Decimal.max(0, CREDIT_CAP_RATE.minus(mostGrantedAlongside(span, granted)));
    const cappedRate = Decimal.min(credit.rate, room);
    result.set(index, { key: credit.key, rate: credit.rate, cappedRate });
    granted.push({ span, rate: cappedRate });
  }
  return credits.map((_, index) => result.get(index) as CappedCredit);
}

/**
 * The largest total of already granted credits that fit with `span` inside one window of 30 days. Windows
 * `[w, w + 30 days]` holding `span` start between `span.endMs - 30 days` and `span.startMs`; the best one
 * starts at one of those bounds or at the start of a granted span.
 */
function mostGrantedAlongside(
  span: Interval,
  granted: readonly { span: Interval; rate: Decimal }[],
): Decimal {
  const earliest = span.endMs - CAP_WINDOW_MS;
  if (earliest > span.startMs) return new Decimal(0); // the span alone is longer than 30 days
  const starts = [earliest, ...granted.map((g) => g.span.startMs)].filter(
    (w) => w >= earliest && w <= span.startMs,
  );
  let best = new Decimal(0);
  for (const w of starts) {
    const total = granted
      .filter((g) => g.span.startMs >= w && g.span.endMs <= w + CAP_WINDOW_MS)
      .reduce((sum, g) => sum.plus(g.rate), new Decimal(0));
    if (total.gt(best)) best = total;
  }
  return best;
}
