import { describe, expect, it } from 'vitest';
import { csvField, formatUsageCsv } from '../../pipelines/reports/format-csv.ts';
import { buildUsageReport } from '../../pipelines/reports/usage-report.ts';
import { account, customer, sampleUsage } from './usage-fixtures.ts';

/** A strict RFC 4180 reader: every record ends with CRLF; quoted fields may hold anything. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quotedField = false;
  while (i < text.length) {
    const char = text.charAt(i);
    if (field === '' && char === '"' && !quotedField) {
      quotedField = true;
      i++;
      for (;;) {
        const next = text.indexOf('"', i);
        if (next < 0) throw new Error('unterminated quote');
        field += text.slice(i, next);
        if (text[next + 1] === '"') {
          field += '"';
          i = next + 2;
        } else {
          i = next + 1;
          break;
        }
      }
    } else if (char === ',') {
      record.push(field);
      field = '';
      quotedField = false;
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      quotedField = false;
      i += 2;
    } else {
      if (quotedField || char === '"' || char === '\r' || char === '\n')
        throw new Error(`bad character at ${i}`);
      field += char;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record without CRLF');
  return records;
}

describe('formatUsageCsv', () => {
  it('writes a header row and one row per account with its customer, CRLF after every record', () => {
    const text = formatUsageCsv(buildUsageReport(sampleUsage()));
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const [header, ...rows] = parseCsv(text);
    expect(header?.slice(0, 15)).toEqual([
      'month',
      'customer_id',
      'account_id',
      'currency',
      'calls',
      'answered_calls',
      'in_plan_calls',
      'off_plan_calls',
      'in_plan_seconds',
      'off_plan_seconds',
      'off_plan_charged_seconds',
      'in_plan_minutes',
      'off_plan_minutes',
      'off_plan_amount',
      'breaches',
    ]);
    expect(header).toHaveLength(15 + 11 * 2 + 4);
    expect(rows).toHaveLength(3);
    const records = rows.map((row) => Object.fromEntries(row.map((value, i) => [header?.[i] ?? '', value])));
    expect(records.map((r) => [r['customer_id'], r['account_id']])).toEqual([
      ['acme', 'acme-1'],
      ['acme', 'acme-2'],
      ['bistro', 'bistro-1'],
    ]);
    expect(records[0]).toMatchObject({
      month: '2026-03',
      currency: 'EUR',
      calls: '4',
      in_plan_minutes: '1.52',
      off_plan_minutes: '2.08',
      off_plan_amount: '12.3457',
      calls_destination_not_in_plan: '1',
      amount_destination_not_in_plan: '12.3457',
      amount_third_party_device: '0',
      breaches_concurrent_calls: '1',
      breaches_registered_devices: '0',
    });
    expect(records[1]).toMatchObject({
      in_plan_minutes: '0.50',
      off_plan_minutes: '1.00',
      amount_third_party_device: '0.1543',
    });
  });

  it('leaves decimal strings as read: no padding, no rounding, no exponent', () => {
    const text = formatUsageCsv(
      buildUsageReport({
        month: '2026-03',
        accounts: [
          account('c', 'a', {
            offPlanAmount: '2999999999999.999997',
            amountByReason: { 'no-plan': '2999999999999.999997' },
            callsByReason: { 'no-plan': 3 },
          }),
        ],
        customers: [customer('c', 1, {})],
      }),
    );
    const [header, row] = parseCsv(text);
    expect(row?.[header?.indexOf('off_plan_amount') ?? -1]).toBe('2999999999999.999997');
    expect(row?.[header?.indexOf('amount_no_plan') ?? -1]).toBe('2999999999999.999997');
  });

  it('quotes ids holding commas, quotes or line breaks, and reads them back intact', () => {
    const ids = ['Dupont, Martin & Cie', 'say "hello"', 'two\r\nlines', 'lf\nonly'];
    const text = formatUsageCsv(
      buildUsageReport({
        month: '2026-03',
        accounts: ids.map((id) => account('cust,1', id, { calls: 1 })),
        customers: [customer('cust,1', 4, { calls: 4 })],
      }),
    );
    expect(text).toContain('\r\n2026-03,"cust,1","Dupont, Martin & Cie",EUR,1,');
    expect(text).toContain('\r\n2026-03,"cust,1","say ""hello""",EUR,1,');
    const rows = parseCsv(text).slice(1);
    expect(rows.map((row) => [row[1], row[2]])).toEqual(
      [...ids].sort((a, b) => (a < b ? -1 : 1)).map((id) => ['cust,1', id]),
    );
  });

  it('adds columns for reasons and rules this version does not know, after the known ones', () => {
    const text = formatUsageCsv(
      buildUsageReport({
        month: '2026-03',
        accounts: [
          account('c', 'a', {
            amountByReason: { 'zz-new': '1.25' },
            callsByReason: { 'zz-new': 1 },
            breachesByRule: { 'sim-box': 1 },
          }),
        ],
        customers: [customer('c', 1, {})],
      }),
    );
    const [header, row] = parseCsv(text);
    expect(header?.slice(-5)).toEqual([
      'breaches_distinct_numbers',
      'breaches_concurrent_calls',
      'breaches_registered_devices',
      'breaches_third_party_device',
      'breaches_sim_box',
    ]);
    expect(header?.indexOf('amount_zz_new')).toBeGreaterThan(header?.indexOf('amount_no_tariff') ?? Infinity);
    expect(row?.[header?.indexOf('amount_zz_new') ?? -1]).toBe('1.25');
    expect(row?.at(-1)).toBe('1');
  });

  it('writes only the header when nothing matched', () => {
    const text = formatUsageCsv(buildUsageReport({ month: '2026-03', accounts: [], customers: [] }));
    expect(parseCsv(text)).toHaveLength(1);
  });
});

describe('csvField', () => {
  it('quotes only what RFC 4180 requires', () => {
    expect(csvField('plain value')).toBe('plain value');
    expect(csvField('12.3457')).toBe('12.3457');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('')).toBe('');
  });
});
