import type { Decimal } from 'decimal.js';
import { ZERO, roundToCents } from './billing-decimal.ts';
import type { DocumentTotals, InvoiceLine, LineDraft, VatSubtotal } from './invoice-model.ts';

/**
 * Totals of a document. Rounding rule: every line amount is rounded half-up to the cent when the line is
 * produced; the total excluding VAT is the exact sum of those line amounts; VAT is computed per rate on
 * the total of the lines at that rate and rounded half-up once (never per line); the total including VAT
 * is the total excluding VAT plus the rounded VAT amounts.
 */
export function documentTotals(lines: readonly LineDraft[]): DocumentTotals {
  const byRate = new Map<string, { rate: Decimal; base: Decimal }>();
  for (const line of lines) {
    const key = line.vatRate.toFixed();
    const entry = byRate.get(key) ?? { rate: line.vatRate, base: ZERO };
    byRate.set(key, { rate: entry.rate, base: entry.base.plus(line.amount) });
  }
  const vat: VatSubtotal[] = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map(({ rate, base }) => ({ rate, base, vat: roundToCents(base.times(rate)) }));
  const totalExclVat = vat.reduce((total, v) => total.plus(v.base), ZERO);
  const vatAmount = vat.reduce((total, v) => total.plus(v.vat), ZERO);
  return { totalExclVat, vat, vatAmount, totalInclVat: totalExclVat.plus(vatAmount) };
}

/** Numbers the lines 1, 2, ... in the given order. */
export function numberLines(lines: readonly LineDraft[]): InvoiceLine[] {
  return lines.map((line, index) => ({ ...line, lineNo: index + 1 }));
}
