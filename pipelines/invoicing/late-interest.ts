import type { Decimal } from 'decimal.js';
import type { Dispute, Payment } from './billing-data.ts';
import { ZERO, money, roundToCents } from './billing-decimal.ts';
import { addDays, daysBetween } from './billing-dates.ts';
import type { EcbRateTable } from './ecb-rates.ts';

/** CGV 10.1: the ECB rate plus ten points, per year. */
export const LATE_INTEREST_MARGIN_POINTS = '10';
/** Day count: actual/365 (each day late is 1/365 of the annual rate, leap years included). */
export const DAY_COUNT_BASIS = 365;
/** CGV 10.2 (d): an agreed amount is due 5 calendar days after the dispute is resolved. */
export const DISPUTE_SETTLEMENT_DAYS = 5;

export interface LateInterestInput {
  readonly invoiceId: string;
  /** The invoice total including VAT: what the customer owes. */
  readonly amountDue: Decimal;
  readonly dueDate: string;
  /** The day on which every sum due is paid (the last day counted). */
  readonly paidOn: string;
  /** Earlier partial payments of this invoice. */
  readonly payments: readonly Payment[];
  readonly disputes: readonly Dispute[];
  readonly rates: EcbRateTable;
}

/** Days at one balance and one rate. */
export interface InterestPeriod {
  /** First and last day counted, inclusive. */
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** The amount bearing interest on those days. */
  readonly base: Decimal;
  readonly ecbRatePercent: Decimal;
  /** ECB rate + 10 points. */
  readonly annualRatePercent: Decimal;
  /** base x annualRate / 100 x days / 365, exact. */
  readonly interest: Decimal;
}

export interface LateInterest {
  readonly invoiceId: string;
  /** Sum of the amounts disputed in good faith and excluded (until their resolution). */
  readonly excludedDisputed: Decimal;
  readonly periods: readonly InterestPeriod[];
  readonly exactInterest: Decimal;
  /** Rounded half-up to the cent once, on the exact total. */
  readonly interest: Decimal;
}

/**
 * Late-payment interest of one invoice (CGV 10.1, 10.2), computed day by day:
 * - counted from the day after the due date to the payment day inclusive (paid on the due date: none);
 * - each day at the ECB main refinancing rate in force that day (the latest rate effective on or before
 *   it) + 10 points, per year, actual/365: a rate change during the period splits it;
 * - on the amount still unpaid at the start of the day (a payment made on a day still bears that day);
 * - not on an amount disputed in good faith (goodFaith and contested in writing by the due date); the
 *   undisputed rest stays due. Once resolved with an agreed amount, that amount bears interest from the
 *   day after its new due date (resolution + 5 days). A dispute not meeting the conditions excludes nothing.
 * Consecutive days with the same base and rate form one period; the total is rounded once.
 */
export function lateInterest(input: LateInterestInput): LateInterest {
  const goodFaith = input.disputes.filter(
    (d) => d.invoiceId === input.invoiceId && d.goodFaith && d.raisedOn <= input.dueDate,
  );
  const excludedDisputed = goodFaith.reduce((total, d) => total.plus(d.amount), ZERO);
  const undisputed = input.amountDue.minus(excludedDisputed);
  const agreed = goodFaith
    .filter((d) => d.resolvedOn !== undefined && d.agreedAmount !== undefined)
    .map((d) => ({
      dueDate: addDays(d.resolvedOn ?? '', DISPUTE_SETTLEMENT_DAYS),
      amount: d.agreedAmount ?? ZERO,
    }));
  const payments = input.payments.filter((p) => p.invoiceId === input.invoiceId);
  const margin = money(LATE_INTEREST_MARGIN_POINTS);

  const periods: InterestPeriod[] = [];
  const lastDay = daysBetween(input.dueDate, input.paidOn);
  for (let offset = 1; offset <= lastDay; offset++) {
    const day = addDays(input.dueDate, offset);
    const owed = agreed.filter((a) => a.dueDate < day).reduce((total, a) => total.plus(a.amount), undisputed);
    const paid = payments.filter((p) => p.date < day).reduce((total, p) => total.plus(p.amount), ZERO);
    const balance = owed.minus(paid);
    const base = balance.greaterThan(0) ? balance : ZERO;
    const ecb = input.rates.rateOn(day).ratePercent;
    const last = periods.at(-1);
    if (last !== undefined && last.base.equals(base) && last.ecbRatePercent.equals(ecb)) {
      periods[periods.length - 1] = { ...last, to: day, days: last.days + 1 };
    } else {
      periods.push({
        from: day,
        to: day,
        days: 1,
        base,
        ecbRatePercent: ecb,
        annualRatePercent: money(ecb).plus(margin),
        interest: ZERO,
      });
    }
  }
  const withInterest = periods
    .filter((p) => p.base.greaterThan(0))
    .map((p) => ({
      ...p,
      interest: p.base.times(p.annualRatePercent).dividedBy(100).times(p.days).dividedBy(DAY_COUNT_BASIS),
    }));
  const exactInterest = withInterest.reduce((total, p) => total.plus(p.interest), ZERO);
  return {
    invoiceId: input.invoiceId,
    excludedDisputed,
    periods: withInterest,
    exactInterest,
    interest: roundToCents(exactInterest),
  };
}
