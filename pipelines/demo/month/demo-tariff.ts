import { parseParisMonth } from '../../time/paris-calendar.ts';

/** The demo's per-minute tariff: the sample's, with its two versions moved to frame the demo month. */
export const DEMO_TARIFF_ID = 'tarif-standard';

export interface DemoTariffVersion {
  /** Version label, stored with every rated call. */
  readonly label: string;
  /** Europe/Paris date from whose 00:00 the version is in force. */
  readonly effectiveDate: string;
}

export interface DemoTariffVersions {
  readonly tariffId: string;
  /** In force since the 1st of January of the month's year: the month starts under it. */
  readonly first: DemoTariffVersion;
  /** In force from 00:00 Paris on the 15th of the month. */
  readonly second: DemoTariffVersion;
}

export function demoTariffVersions(month: string): DemoTariffVersions {
  const year = String(parseParisMonth(month).year).padStart(4, '0');
  return {
    tariffId: DEMO_TARIFF_ID,
    first: { label: `${year}-01`, effectiveDate: `${year}-01-01` },
    second: { label: `${month}-15`, effectiveDate: `${month}-15` },
  };
}

/**
 * Short codes the demo dials, priced in both versions (the sample tariff has none): 3631 and 3949 at the
 * price of a normal call, 1014 free, 118712 (directory enquiries) with a connection fee. Written
 * `short:<digits>`: short-code prefixes, which never match an E.164 number with the same digits.
 */
const SHORT_CODE_RATES: readonly string[] = [
  'FR_SHORT_SERVICE,short:3631,0,0.0200,60/1',
  'FR_SHORT_SERVICE,short:3949,0,0.0200,60/1',
  'FR_OPERATOR_SERVICE,short:1014,0,0,1/1',
  'FR_DIRECTORY,short:118712,1.4900,0.9000,1/1',
];

const COLUMNS =
  'tariff_id,version,effective_from,currency,destination_id,prefix,connect_fee,price_per_minute,increments,rounding_decimals,rounding_mode';

/**
 * The native tariff CSV of the demo from the sample's `tarif-standard.csv`: its first version's rows become
 * `versions.first`, its second version's rows `versions.second` (same prices, new labels and dates), and the
 * short-code rates are added to both. Throws when the sample does not have exactly that shape.
 */
export function demoTariffCsv(sampleCsv: string, versions: DemoTariffVersions): string {
  const lines = sampleCsv.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines[0] !== COLUMNS) throw new Error(`unexpected sample tariff header: ${lines[0] ?? '(empty)'}`);
  const rows = lines.slice(1).map((line) => {
    if (line.includes('"')) throw new Error('the sample tariff must not quote fields');
    return line.split(',');
  });
  const sampleVersions = [...new Set(rows.map((cells) => cells[1] ?? ''))];
  if (sampleVersions.length !== 2) {
    throw new Error(`the sample tariff must have 2 versions, found ${sampleVersions.length}`);
  }
  const out = [COLUMNS];
  sampleVersions.forEach((sampleVersion, i) => {
    const version = i === 0 ? versions.first : versions.second;
    const lead = `${versions.tariffId},${version.label},${version.effectiveDate}`;
    for (const cells of rows.filter((c) => c[1] === sampleVersion)) {
      if (cells[0] !== versions.tariffId)
        throw new Error(`unexpected tariff id ${cells[0] ?? ''} in the sample`);
      out.push(`${lead},${cells.slice(3).join(',')}`);
    }
    const currency = rows[0]?.[3] ?? 'EUR';
    for (const rate of SHORT_CODE_RATES) out.push(`${lead},${currency},${rate},4,half-up`);
  });
  return `${out.join('\n')}\n`;
}
