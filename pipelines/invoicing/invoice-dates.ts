import { addDays, firstDayOfMonth } from './billing-dates.ts';

/** CGV 9.2: payment within 10 calendar days of the invoice date. */
export const PAYMENT_TERM_DAYS = 10;

/** The invoice of month M is dated the 1st of M (a Paris calendar date): it bills M in advance. */
export function invoiceDateOf(month: string): string {
  return firstDayOfMonth(month);
}

/** The due date: the invoice date plus 10 calendar days (`2026-03-01` -> `2026-03-11`). */
export function dueDateOf(invoiceDate: string, termDays: number = PAYMENT_TERM_DAYS): string {
  return addDays(invoiceDate, termDays);
}
