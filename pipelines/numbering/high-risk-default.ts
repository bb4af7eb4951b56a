/**
 * The default high-risk list: destinations commonly abused for International Revenue Share Fraud
 * (IRSF: stolen SIP credentials used to pump calls to numbers whose owner shares the termination
 * revenue) and premium-rate ranges. A call to them is flagged `highRisk`, not blocked; the fraud
 * rules decide what a flag means. Operators replace or extend both lists through the numbering
 * options (`highRiskCountries`, `highRiskPrefixes`); `none` empties a list.
 *
 * How it was chosen: the destinations that recur in operators' published IRSF block lists and
 * industry fraud reports (small island and remote networks with high termination rates,
 * satellite and international-network codes, and national premium-rate ranges of neighbouring
 * countries), kept to destinations a French business customer rarely calls. It is a starting point,
 * not a threat feed: review it against your own traffic and your carriers' fraud alerts.
 */

/** ISO 3166-1 alpha-2 countries: every number in them is high-risk. */
// prettier-ignore
export const DEFAULT_HIGH_RISK_COUNTRIES: readonly string[] = Object.freeze([
  // Africa: high termination rates, recurring IRSF destinations
  'CU', // Cuba (+53)
  'SO', // Somalia (+252)
  'SL', // Sierra Leone (+232)
  'GN', // Guinea (+224)
  'GW', // Guinea-Bissau (+245)
  'LR', // Liberia (+231)
  'GM', // Gambia (+220)
  'ST', // Sao Tome and Principe (+239)
  'CF', // Central African Republic (+236)
  'KM', // Comoros (+269)
  'ER', // Eritrea (+291)
  // Pacific islands
  'TV', // Tuvalu (+688)
  'NR', // Nauru (+674)
  'PG', // Papua New Guinea (+675)
  'SB', // Solomon Islands (+677)
  'VU', // Vanuatu (+678)
  'TK', // Tokelau (+690)
  'NU', // Niue (+683)
  'CK', // Cook Islands (+682)
  'KI', // Kiribati (+686)
  'FM', // Micronesia (+691)
  'MH', // Marshall Islands (+692)
  'TO', // Tonga (+676)
  'TL', // Timor-Leste (+670)
  // Remote islands of the Atlantic and Indian oceans
  'SH', // Saint Helena (+290)
  'AC', // Ascension (+247)
  'IO', // Diego Garcia (+246)
  'FK', // Falkland Islands (+500)
  // Caribbean members of the NANP: look like +1 "US" numbers, charged as international
  'JM', // Jamaica (+1 876, +1 658)
  'DO', // Dominican Republic (+1 809, 829, 849)
  'GD', // Grenada (+1 473)
  'AG', // Antigua and Barbuda (+1 268)
  'TC', // Turks and Caicos (+1 649)
  'MS', // Montserrat (+1 664)
  'VG', // British Virgin Islands (+1 284)
  'KN', // Saint Kitts and Nevis (+1 869)
  'LC', // Saint Lucia (+1 758)
  'VC', // Saint Vincent and the Grenadines (+1 784)
  'DM', // Dominica (+1 767)
  'AI', // Anguilla (+1 264)
  // Other
  'KP', // North Korea (+850)
]);

/** E.164 prefixes (digits, no `+`): every number starting with one is high-risk. */
// prettier-ignore
export const DEFAULT_HIGH_RISK_PREFIXES: readonly string[] = Object.freeze([
  // International networks and satellite (no country): expensive, favourite IRSF targets
  '870', // Inmarsat
  '881', // global mobile satellite systems (Iridium, Globalstar, ...)
  '882', // international networks
  '883', // international networks
  '979', // international premium rate service
  '808', // international shared cost service
  // National premium-rate ranges
  '3389', // France 089: highest surcharge tier
  '37190', // Latvia 90x premium rate
  '370900', // Lithuania 900 premium rate
  '372900', // Estonia 900 premium rate
  '449', // United Kingdom 09 premium rate
  '4470', // United Kingdom 070 personal numbers (often abused for revenue share)
  '49900', // Germany 0900 premium rate
  '49137', // Germany 0137 mass calling
  '3290', // Belgium 090x premium rate
  '31900', '31906', '31909', // Netherlands 0900, 0906, 0909 premium rate
  '39899', // Italy 899 premium rate
  '34803', '34806', '34807', '34905', // Spain 803, 806, 807 premium rate, 905 mass calling
  '43900', '43930', '43939', // Austria 0900, 0930, 0939 premium rate
  '41900', '41901', '41906', // Switzerland 0900, 0901, 0906 premium rate
  '1900', // North America 900 premium rate
]);
