import { parseCsv, toTable } from '../reference/csv.ts';
import { parseAmount } from '../reference/entry-reader.ts';
import type { FileProblems } from '../reference/problems.ts';
import { RowChecker } from '../reference/row-checker.ts';
import { money } from './billing-decimal.ts';
import type { EcbRate } from './ecb-rates.ts';

export const ECB_RATE_COLUMNS = ['effective_from', 'rate_percent', 'source'] as const;

/**
 * `effective_from,rate_percent,source`: one ECB main refinancing operations rate per line, `YYYY-MM-DD`
 * and a non-negative percentage (`2.15`); `source` is free text (optional column); lines starting with
 * `#` after the header are comments.
 */
export function readEcbRates(text: string, problems: FileProblems): EcbRate[] {
  const table = toTable(parseCsv(text, problems), ECB_RATE_COLUMNS, problems, {
    header: 'required',
    optionalColumns: ['source'],
  });
  if (table === undefined) return [];
  const rates: EcbRate[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const check = new RowChecker(row, problems);
    const effectiveFrom = check.date('effective_from', true);
    const rate = parseAmount(row.get('rate_percent'));
    if (typeof rate === 'string') check.fail('rate_percent', rate);
    if (effectiveFrom !== undefined) {
      const first = seen.get(effectiveFrom);
      if (first !== undefined) check.fail('effective_from', `${effectiveFrom} already on line ${first}`);
      else seen.set(effectiveFrom, row.line);
    }
    if (!check.ok || effectiveFrom === undefined || typeof rate === 'string') continue;
    rates.push({ effectiveFrom, ratePercent: money(rate) });
  }
  if (rates.length === 0 && table.rows.length === 0) problems.report(1, undefined, 'no rate in the table');
  return rates;
}
