import type { Decimal } from 'decimal.js';
import { PipelineError } from '../core/errors.ts';
import { ZERO, money, roundToCents } from './billing-decimal.ts';
import { addDays, addMonthsToDate, monthOfDate, monthsBetween } from './billing-dates.ts';

/** CGV "Résiliation": the average is taken over the last six months billed. */
export const AVERAGE_MONTHS = 6;

/** What was billed for one invoice month: subscriptions and usage (see README.md for what counts). */
export interface MonthlyBilled {
  readonly month: string;
  readonly amount: Decimal;
}

export interface TerminationFeeInput {
  readonly customerId: string;
  /** The order date: the initial period starts then (CGV "Durée de l'engagement"). */
  readonly orderDate: string;
  readonly initialPeriodMonths: number;
  /** Last day of service. */
  readonly terminationDate: string;
  /** Amounts billed per invoice month; only invoices dated on or before the termination date count. */
  readonly billed: readonly MonthlyBilled[];
}

export interface TerminationFee {
  readonly customerId: string;
  /** Last day of the initial period. */
  readonly initialPeriodEnd: string;
  /** Calendar months after the termination month, up to the month the initial period ends in. */
  readonly remainingMonths: number;
  /** The invoice months averaged (the last 6, or all so far if fewer). */
  readonly monthsAveraged: readonly string[];
  /** Exact average (not rounded). */
  readonly averageMonthlyAmount: Decimal;
  /** remainingMonths x average, rounded half-up to the cent once. */
  readonly fee: Decimal;
}

/**
 * Early-termination fees (CGV "Résiliation", CP 8): the remaining months of the initial period times the
 * average monthly amount billed over the last six months (subscriptions and usage), or over the months
 * billed so far when fewer than six.
 * - The initial period runs from the order date for `initialPeriodMonths` months (last day: order date +
 *   N months - 1 day).
 * - The termination month is billed in full (a month begun is due), so the remaining months are the
 *   calendar months after it, up to and including the month the initial period ends in; none when the
 *   termination is on or after the end of the initial period.
 * - Months billed: invoice months dated (the 1st) on or before the termination date, the latest six.
 */
export function terminationFee(input: TerminationFeeInput): TerminationFee {
  if (!Number.isInteger(input.initialPeriodMonths) || input.initialPeriodMonths < 1) {
    throw new PipelineError(
      'INVALID_ARGUMENT',
      `initial period must be a whole number of months >= 1, got ${input.initialPeriodMonths}`,
    );
  }
  if (input.terminationDate < input.orderDate) {
    throw new PipelineError(
      'INVALID_ARGUMENT',
      `termination date ${input.terminationDate} is before the order date ${input.orderDate}`,
    );
  }
  const initialPeriodEnd = addDays(addMonthsToDate(input.orderDate, input.initialPeriodMonths), -1);
  const remainingMonths =
    input.terminationDate >= initialPeriodEnd
      ? 0
      : Math.max(0, monthsBetween(monthOfDate(input.terminationDate), monthOfDate(initialPeriodEnd)));
  const terminationMonth = monthOfDate(input.terminationDate);
  const byMonth = new Map<string, Decimal>();
  for (const b of input.billed) {
    if (b.month > terminationMonth) continue;
    byMonth.set(b.month, (byMonth.get(b.month) ?? ZERO).plus(b.amount));
  }
  const monthsAveraged = [...byMonth.keys()].sort().slice(-AVERAGE_MONTHS);
  const total = monthsAveraged.reduce((t, m) => t.plus(byMonth.get(m) ?? ZERO), ZERO);
  const averageMonthlyAmount = monthsAveraged.length === 0 ? ZERO : total.dividedBy(monthsAveraged.length);
  return {
    customerId: input.customerId,
    initialPeriodEnd,
    remainingMonths,
    monthsAveraged,
    averageMonthlyAmount,
    fee: roundToCents(averageMonthlyAmount.times(money(remainingMonths))),
  };
}
