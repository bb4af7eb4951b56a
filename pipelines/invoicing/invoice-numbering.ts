import { parseParisMonth } from '../time/paris-calendar.ts';
import type { DocumentKind } from './invoice-model.ts';

const PREFIX: Readonly<Record<DocumentKind, string>> = { invoice: 'F', complementary: 'FC' };

/**
 * The document id, a function of (month, customer, kind) only: re-running a month produces the same ids,
 * so its drafts replace the previous ones and are never duplicated. `F-202603-C-0001` (invoice),
 * `FC-202603-C-0001` (complementary invoice). A draft id, not the legal sequential number given when the
 * invoice is issued (which is outside this pipeline).
 */
export function invoiceIdOf(month: string, customerId: string, kind: DocumentKind): string {
  const { year, month: m } = parseParisMonth(month);
  return `${PREFIX[kind]}-${String(year)}${String(m).padStart(2, '0')}-${customerId}`;
}
