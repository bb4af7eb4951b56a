import { DigitTrie } from './prefix-trie.ts';

/**
 * ITU-T E.164 country calling codes and the ISO 3166-1 alpha-2 country each one serves.
 *
 * Source: the assignments in ITU-T E.164 Annex (List of ITU-T Recommendation E.164 assigned country
 * codes), cross-checked against libphonenumber's CountryCodeToRegionCodeMap. Calling codes are
 * prefix-free (no code is the start of another), so a longest-prefix match over 1 to 3 digits finds
 * the code of any E.164 number.
 *
 * Decisions:
 * - Shared codes map to their main country, refined by the sub-region prefixes below where the split
 *   is simple and stable: +1 (NANP) is 'US' unless the area code belongs to Canada or to one of the
 *   Caribbean/Pacific NANP members, which get their own ISO code (Jamaica +1 876 is 'JM', ...),
 *   because several of them are classic IRSF destinations and must be listable by country.
 *   +7 is 'RU' except +7 6 and +7 7 ('KZ'); +262 is 'RE' except Mayotte (+262 269, +262 639: 'YT');
 *   +590 is 'GP' (Saint-Barthelemy and Saint-Martin share its ranges and are not told apart);
 *   +599 is 'CW' except Caribbean Netherlands (+599 3/4/7: 'BQ'); +44 is 'GB' except the fixed
 *   ranges of Guernsey, Jersey and the Isle of Man (their mobile ranges stay 'GB'); +47 79 is 'SJ';
 *   +358 18 is 'AX'; +61 8 9162 / 9164 are 'CC' / 'CX'; +39 06 698 is 'VA'.
 * - Kosovo (+383) uses 'XK', the code in common use (user-assigned, not official ISO 3166-1).
 * - International networks and non-geographic services have no country: +800 (international
 *   freephone), +808 (international shared cost), +870 (Inmarsat), +878 (universal personal
 *   telecommunications), +881 (global mobile satellite systems: Iridium, Globalstar, ...), +882 and
 *   +883 (international networks), +888 (humanitarian, OCHA), +979 (international premium rate).
 * - Spare or withdrawn codes (+210, +388, +991, ...) are not listed: numbers under them are invalid.
 */
export interface CallingCodeInfo {
  /** The ITU country calling code, 1 to 3 digits (`33`, `1`, `262`). */
  readonly callingCode: string;
  /** ISO 3166-1 alpha-2 code, or undefined for international networks and non-geographic services. */
  readonly country: string | undefined;
  /** International network, satellite or global service code (+870, +881, +882, +883, ...). */
  readonly nonGeographic: boolean;
}

/** Country calling code -> ISO country (main country for shared codes). */
// prettier-ignore
export const CALLING_CODE_COUNTRIES: Readonly<Record<string, string>> = {
  // Zone 1 (NANP) and 7
  '1': 'US', '7': 'RU',
  // Zone 2: Africa and a few islands
  '20': 'EG', '27': 'ZA',
  '211': 'SS', '212': 'MA', '213': 'DZ', '216': 'TN', '218': 'LY',
  '220': 'GM', '221': 'SN', '222': 'MR', '223': 'ML', '224': 'GN', '225': 'CI', '226': 'BF',
  '227': 'NE', '228': 'TG', '229': 'BJ', '230': 'MU', '231': 'LR', '232': 'SL', '233': 'GH',
  '234': 'NG', '235': 'TD', '236': 'CF', '237': 'CM', '238': 'CV', '239': 'ST', '240': 'GQ',
  '241': 'GA', '242': 'CG', '243': 'CD', '244': 'AO', '245': 'GW', '246': 'IO', '247': 'AC',
  '248': 'SC', '249': 'SD', '250': 'RW', '251': 'ET', '252': 'SO', '253': 'DJ', '254': 'KE',
  '255': 'TZ', '256': 'UG', '257': 'BI', '258': 'MZ', '260': 'ZM', '261': 'MG', '262': 'RE',
  '263': 'ZW', '264': 'NA', '265': 'MW', '266': 'LS', '267': 'BW', '268': 'SZ', '269': 'KM',
  '290': 'SH', '291': 'ER', '297': 'AW', '298': 'FO', '299': 'GL',
  // Zones 3 and 4: Europe
  '30': 'GR', '31': 'NL', '32': 'BE', '33': 'FR', '34': 'ES', '36': 'HU', '39': 'IT',
  '350': 'GI', '351': 'PT', '352': 'LU', '353': 'IE', '354': 'IS', '355': 'AL', '356': 'MT',
  '357': 'CY', '358': 'FI', '359': 'BG',
  '370': 'LT', '371': 'LV', '372': 'EE', '373': 'MD', '374': 'AM', '375': 'BY', '376': 'AD',
  '377': 'MC', '378': 'SM', '379': 'VA',
  '380': 'UA', '381': 'RS', '382': 'ME', '383': 'XK', '385': 'HR', '386': 'SI', '387': 'BA',
  '389': 'MK',
  '40': 'RO', '41': 'CH', '43': 'AT', '44': 'GB', '45': 'DK', '46': 'SE', '47': 'NO', '48': 'PL',
  '49': 'DE',
  '420': 'CZ', '421': 'SK', '423': 'LI',
  // Zone 5: South and Central America, Caribbean outside NANP
  '51': 'PE', '52': 'MX', '53': 'CU', '54': 'AR', '55': 'BR', '56': 'CL', '57': 'CO', '58': 'VE',
  '500': 'FK', '501': 'BZ', '502': 'GT', '503': 'SV', '504': 'HN', '505': 'NI', '506': 'CR',
  '507': 'PA', '508': 'PM', '509': 'HT',
  '590': 'GP', '591': 'BO', '592': 'GY', '593': 'EC', '594': 'GF', '595': 'PY', '596': 'MQ',
  '597': 'SR', '598': 'UY', '599': 'CW',
  // Zone 6: South-East Asia and Oceania
  '60': 'MY', '61': 'AU', '62': 'ID', '63': 'PH', '64': 'NZ', '65': 'SG', '66': 'TH',
  '670': 'TL', '672': 'NF', '673': 'BN', '674': 'NR', '675': 'PG', '676': 'TO', '677': 'SB',
  '678': 'VU', '679': 'FJ', '680': 'PW', '681': 'WF', '682': 'CK', '683': 'NU', '685': 'WS',
  '686': 'KI', '687': 'NC', '688': 'TV', '689': 'PF', '690': 'TK', '691': 'FM', '692': 'MH',
  // Zone 8: East Asia
  '81': 'JP', '82': 'KR', '84': 'VN', '86': 'CN',
  '850': 'KP', '852': 'HK', '853': 'MO', '855': 'KH', '856': 'LA', '880': 'BD', '886': 'TW',
  // Zone 9: West, South and Central Asia, Middle East
  '90': 'TR', '91': 'IN', '92': 'PK', '93': 'AF', '94': 'LK', '95': 'MM', '98': 'IR',
  '960': 'MV', '961': 'LB', '962': 'JO', '963': 'SY', '964': 'IQ', '965': 'KW', '966': 'SA',
  '967': 'YE', '968': 'OM', '970': 'PS', '971': 'AE', '972': 'IL', '973': 'BH', '974': 'QA',
  '975': 'BT', '976': 'MN', '977': 'NP',
  '992': 'TJ', '993': 'TM', '994': 'AZ', '995': 'GE', '996': 'KG', '998': 'UZ',
};

/** International networks and global services: valid E.164 codes without a country. */
// prettier-ignore
export const NON_GEOGRAPHIC_CALLING_CODES: readonly string[] = [
  '800', '808', '870', '878', '881', '882', '883', '888', '979',
];

/** NANP area codes outside the United States, by ISO country (source: NANPA area code assignments). */
// prettier-ignore
const NANP_AREA_CODES: Readonly<Record<string, readonly string[]>> = {
  CA: [
    '204', '226', '236', '249', '250', '257', '263', '273', '289', '306', '343', '354', '365', '367',
    '368', '382', '403', '416', '418', '428', '431', '437', '438', '450', '468', '474', '506', '514',
    '519', '548', '579', '581', '584', '587', '600', '604', '613', '622', '633', '639', '647', '672',
    '683', '705', '709', '742', '753', '778', '780', '782', '807', '819', '825', '867', '873', '879',
    '902', '905', '942',
  ],
  AG: ['268'], AI: ['264'], AS: ['684'], BB: ['246'], BM: ['441'], BS: ['242'], DM: ['767'],
  DO: ['809', '829', '849'], GD: ['473'], GU: ['671'], JM: ['658', '876'], KN: ['869'], KY: ['345'],
  LC: ['758'], MP: ['670'], MS: ['664'], PR: ['787', '939'], SX: ['721'], TC: ['649'], TT: ['868'],
  VC: ['784'], VG: ['284'], VI: ['340'],
};

/** Longer prefixes (full E.164 digits, calling code included) whose country differs from the code's main one. */
// prettier-ignore
const SUB_REGIONS: Readonly<Record<string, string>> = {
  '76': 'KZ', '77': 'KZ',
  '262269': 'YT', '262639': 'YT',
  '441481': 'GG', '441534': 'JE', '441624': 'IM',
  '4779': 'SJ',
  '35818': 'AX',
  '5993': 'BQ', '5994': 'BQ', '5997': 'BQ',
  '6189162': 'CC', '6189164': 'CX',
  '3906698': 'VA',
};

function buildCallingCodeTrie(): DigitTrie<CallingCodeInfo> {
  const entries: [string, CallingCodeInfo][] = [];
  for (const [code, country] of Object.entries(CALLING_CODE_COUNTRIES)) {
    entries.push([code, Object.freeze({ callingCode: code, country, nonGeographic: false })]);
  }
  for (const code of NON_GEOGRAPHIC_CALLING_CODES) {
    entries.push([code, Object.freeze({ callingCode: code, country: undefined, nonGeographic: true })]);
  }
  const base = DigitTrie.build(entries);
  for (const [country, areaCodes] of Object.entries(NANP_AREA_CODES)) {
    for (const area of areaCodes) {
      entries.push([`1${area}`, Object.freeze({ callingCode: '1', country, nonGeographic: false })]);
    }
  }
  for (const [prefix, country] of Object.entries(SUB_REGIONS)) {
    const parent = base.longestMatch(prefix);
    if (parent === undefined) throw new Error(`country-codes: sub-region ${prefix} has no calling code`);
    entries.push([prefix, Object.freeze({ callingCode: parent.callingCode, country, nonGeographic: false })]);
  }
  return DigitTrie.build(entries);
}

const CALLING_CODES = buildCallingCodeTrie();

/**
 * The calling code (and country) of an E.164 number given as digits without `+`, starting at
 * `start` (pass 1 to skip a leading `+`). Undefined when the digits start with no assigned code.
 * Allocation-free.
 */
export function lookupCallingCode(digits: string, start = 0): CallingCodeInfo | undefined {
  return CALLING_CODES.longestMatch(digits, start);
}

/** Every ISO country reachable through the table, for validating configured country lists. */
export const KNOWN_COUNTRIES: ReadonlySet<string> = new Set([
  ...Object.values(CALLING_CODE_COUNTRIES),
  ...Object.keys(NANP_AREA_CODES),
  ...Object.values(SUB_REGIONS),
]);
