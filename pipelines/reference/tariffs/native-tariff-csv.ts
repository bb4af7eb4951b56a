import type { RoundingRule, TariffRate } from '../../rating/tariff.ts';
import { parseCsv, toTable, type CsvRow } from '../csv.ts';
import { isCalendarDate, parisMidnight } from '../paris-time.ts';
import type { FileProblems } from '../problems.ts';
import { RowChecker } from '../row-checker.ts';
import { PREFIX_FORMS, PrefixRegistry, parsePrefix, prefixLabel, ratePrefix } from './prefix.ts';
import { ROUNDING_MODE_NAMES, parseRoundingDecimals, parseRoundingMode } from './rounding-mode.ts';
import type { VersionDraft } from './tariff-assembly.ts';
import { tiersFromIncrements } from './tiers.ts';

export const NATIVE_COLUMNS = [
  'tariff_id',
  'version',
  'effective_from',
  'currency',
  'destination_id',
  'prefix',
  'connect_fee',
  'price_per_minute',
  'increments',
  'rounding_decimals',
  'rounding_mode',
] as const;

interface VersionBuilder {
  readonly tariffId: string;
  readonly version: string;
  readonly effectiveFromText: string;
  readonly currency: string;
  readonly rounding: RoundingRule;
  readonly line: number;
  readonly rates: TariffRate[];
  readonly prefixes: PrefixRegistry<number>;
}

/**
 * Reads a native tariff CSV: one row per prefix, header `tariff_id,version,effective_from,currency,
 * destination_id,prefix,connect_fee,price_per_minute,increments,rounding_decimals,rounding_mode`. A file
 * may hold several tariffs and versions; the rows of one version agree on effective_from, currency and
 * rounding.
 */
export function readNativeTariffCsv(
  text: string,
  problems: FileProblems,
  mentionedTariffIds: Set<string>,
): VersionDraft[] {
  const table = toTable(parseCsv(text, problems), NATIVE_COLUMNS, problems, { header: 'required' });
  if (table === undefined) return [];
  const versions = new Map<string, VersionBuilder>();
  const broken = new Set<string>();
  for (const row of table.rows) {
    mentionedTariffIds.add(row.get('tariff_id'));
    const parsed = parseRow(row, problems);
    if (parsed === undefined) {
      const tariffId = row.get('tariff_id');
      const version = row.get('version');
      broken.add(`${tariffId}\u0000${version}`);
      continue;
    }
    const key = `${parsed.tariffId}\u0000${parsed.version}`;
    let builder = versions.get(key);
    if (builder === undefined) {
      builder = {
        tariffId: parsed.tariffId,
        version: parsed.version,
        effectiveFromText: parsed.effectiveFrom,
        currency: parsed.currency,
        rounding: parsed.rounding,
        line: row.line,
        rates: [],
        prefixes: new PrefixRegistry<number>(),
      };
      versions.set(key, builder);
    } else if (!agrees(builder, parsed, row.line, problems)) {
      broken.add(key);
      continue;
    }
    const earlier = builder.prefixes.claim(prefixLabel(parsed.rate), row.line);
    if (earlier !== undefined) {
      problems.report(
        row.line,
        'prefix',
        `duplicate prefix ${prefixLabel(parsed.rate)} in tariff "${parsed.tariffId}" version "${parsed.version}" (first on line ${earlier})`,
      );
      broken.add(key);
      continue;
    }
    builder.rates.push(parsed.rate);
  }
  return [...versions.entries()]
    .filter(([key]) => !broken.has(key))
    .map(([, builder]) => ({
      tariffId: builder.tariffId,
      version: builder.version,
      effectiveFrom: parisMidnight(builder.effectiveFromText),
      currency: builder.currency,
      rounding: builder.rounding,
      rates: builder.rates,
      file: problems.file,
      line: builder.line,
      versionField: 'version',
      effectiveField: 'effective_from',
    }));
}

function agrees(
  builder: VersionBuilder,
  row: { effectiveFrom: string; currency: string; rounding: RoundingRule },
  line: number,
  problems: FileProblems,
): boolean {
  if (
    builder.effectiveFromText === row.effectiveFrom &&
    builder.currency === row.currency &&
    builder.rounding.decimals === row.rounding.decimals &&
    builder.rounding.mode === row.rounding.mode
  ) {
    return true;
  }
  const label = `tariff "${builder.tariffId}" version "${builder.version}"`;
  const mismatches: [string, string, string][] = [
    ['effective_from', builder.effectiveFromText, row.effectiveFrom],
    ['currency', builder.currency, row.currency],
    ['rounding_decimals', String(builder.rounding.decimals), String(row.rounding.decimals)],
    ['rounding_mode', builder.rounding.mode, row.rounding.mode],
  ];
  for (const [column, expected, got] of mismatches) {
    if (expected !== got) {
      problems.report(line, column, `${label}: ${got} differs from ${expected} on line ${builder.line}`);
    }
  }
  return false;
}

interface ParsedRow {
  readonly tariffId: string;
  readonly version: string;
  readonly effectiveFrom: string;
  readonly currency: string;
  readonly rounding: RoundingRule;
  readonly rate: TariffRate;
}

function parseRow(row: CsvRow, problems: FileProblems): ParsedRow | undefined {
  const check = new RowChecker(row, problems);
  const tariffId = check.identifier('tariff_id');
  const version = check.identifier('version');
  const effectiveFrom = row.get('effective_from');
  if (!isCalendarDate(effectiveFrom)) {
    check.fail(
      'effective_from',
      `expected a date YYYY-MM-DD (00:00 Europe/Paris), got ${JSON.stringify(effectiveFrom)}`,
    );
  }
  const currency = row.get('currency');
  if (!/^[A-Z]{3}$/.test(currency)) {
    check.fail('currency', `expected an ISO 4217 code such as EUR, got ${JSON.stringify(currency)}`);
  }
  const destinationId = check.identifier('destination_id');
  const prefix = parsePrefix(row.get('prefix'));
  if (prefix === undefined) {
    check.fail('prefix', `expected ${PREFIX_FORMS}, got ${JSON.stringify(row.get('prefix'))}`);
  }
  const connectFee = check.amount('connect_fee');
  const price = check.amount('price_per_minute');
  const increments = parseIncrements(row.get('increments'));
  if (increments === undefined) {
    check.fail(
      'increments',
      `expected first/next positive whole seconds such as 60/1 or 30/6, got ${JSON.stringify(row.get('increments'))}`,
    );
  }
  const decimals = parseRoundingDecimals(row.get('rounding_decimals'));
  if (decimals === undefined) {
    check.fail(
      'rounding_decimals',
      `expected an integer from 0 to 10, got ${JSON.stringify(row.get('rounding_decimals'))}`,
    );
  }
  const mode = parseRoundingMode(row.get('rounding_mode'));
  if (mode === undefined) {
    check.fail(
      'rounding_mode',
      `unknown rounding mode ${JSON.stringify(row.get('rounding_mode'))}; expected one of ${ROUNDING_MODE_NAMES.join(', ')}`,
    );
  }
  if (
    !check.ok ||
    tariffId === undefined ||
    version === undefined ||
    destinationId === undefined ||
    prefix === undefined ||
    connectFee === undefined ||
    price === undefined ||
    increments === undefined ||
    decimals === undefined ||
    mode === undefined
  ) {
    return undefined;
  }
  return {
    tariffId,
    version,
    effectiveFrom,
    currency,
    rounding: { decimals, mode },
    rate: {
      destinationId,
      ...ratePrefix(prefix),
      connectFee,
      tiers: tiersFromIncrements(price, increments.first, increments.next),
    },
  };
}

/** `60/1` -> { first: 60, next: 1 }; both positive whole seconds. */
export function parseIncrements(text: string): { first: number; next: number } | undefined {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (match === null) return undefined;
  const first = Number(match[1]);
  const next = Number(match[2]);
  return first > 0 && next > 0 ? { first, next } : undefined;
}
