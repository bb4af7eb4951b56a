import { overseasCallingCode } from '../../numbering/french-plan.ts';
import type { DemoRandom } from './demo-random.ts';

/**
 * Numbers as a user dials them (the CDR's callee): French national format `0X XX XX XX XX` without
 * spaces, `00` or `+` for international. Every number here has a rate in the demo tariff
 * (infra/reference/demo/tariffs), and none falls in a range the classifier would put elsewhere (overseas
 * departments' national ranges, premium ranges of the high-risk list) unless that is the point.
 */

/** A metropolitan geographic or VoIP fixed number: 01-05, 09. */
export function nationalFixed(random: DemoRandom): string {
  for (;;) {
    const nsn = random.pick(['1', '1', '1', '2', '3', '4', '4', '5', '9']) + random.digits(8);
    if (overseasCallingCode(nsn, 0) === undefined) return `0${nsn}`;
  }
}

/** A metropolitan mobile number: 06, or 073-078. */
export function nationalMobile(random: DemoRandom): string {
  for (;;) {
    const nsn = random.chance(0.7) ? `6${random.digits(8)}` : `7${random.integer(3, 8)}${random.digits(7)}`;
    if (overseasCallingCode(nsn, 0) === undefined) return `0${nsn}`;
  }
}

/** A national number in E.164, as some phones' address books store it: `0612345678` -> `+33612345678`. */
export function nationalAsE164(national: string): string {
  return `+33${national.slice(1)}`;
}

export type SpecialTier = 'free' | 'shared' | 'premium';

/** 08 numbers: 0800-0805 free, 0806-0809 and 081 at a normal or shared cost, 082 and 089 premium. */
export function specialNumber(random: DemoRandom, tier: SpecialTier): string {
  switch (tier) {
    case 'free':
      return `080${random.integer(0, 5)}${random.digits(6)}`;
    case 'shared':
      return random.chance(0.5) ? `080${random.integer(6, 9)}${random.digits(6)}` : `081${random.digits(7)}`;
    case 'premium':
      return `${random.pick(['0825', '0826', '0891', '0892', '0899'])}${random.digits(6)}`;
  }
}

/** Non-emergency short codes with a rate in the demo tariff: La Poste, France Travail, operator, directory. */
export const SHORT_CODES: readonly string[] = ['3631', '3949', '1014', '118712'];

/** Emergency numbers of DOMAIN.md 2 a business dials: SAMU, police, fire brigade, European emergency. */
export const EMERGENCY_NUMBERS_DIALLED: readonly string[] = ['15', '17', '18', '112'];

/** European destinations, as dialled with 00 (fixed and mobile ranges outside every premium range). */
const EUROPEAN: readonly (readonly [(random: DemoRandom) => string, number])[] = [
  [(r) => `00322${r.digits(7)}`, 3], // Brussels
  [(r) => `0032${r.pick(['47', '48', '49'])}${r.digits(7)}`, 2], // Belgian mobile
  [(r) => `004930${r.digits(8)}`, 3], // Berlin
  [(r) => `0049${r.pick(['151', '160', '170', '176'])}${r.digits(8)}`, 2], // German mobile
  [(r) => `00349${r.integer(1, 6)}${r.digits(7)}`, 2], // Spanish fixed
  [(r) => `00346${r.digits(8)}`, 2], // Spanish mobile
  [(r) => `003906${r.digits(8)}`, 2], // Rome
  [(r) => `00393${r.integer(2, 9)}${r.digits(8)}`, 2], // Italian mobile
  [(r) => `004420${r.digits(8)}`, 3], // London
  [(r) => `00447${r.integer(4, 9)}${r.digits(8)}`, 2], // UK mobile (not 070)
  [(r) => `004122${r.digits(7)}`, 2], // Geneva
  [(r) => `0035121${r.digits(7)}`, 1], // Lisbon
  [(r) => `00352${r.digits(6)}`, 2], // Luxembourg
  [(r) => `00431${r.digits(7)}`, 1], // Vienna
];

export function europeanNumber(random: DemoRandom): string {
  return random.weighted(EUROPEAN)(random);
}

/** Other international destinations a French business calls: North America, the Maghreb. */
const FURTHER: readonly (readonly [(random: DemoRandom) => string, number])[] = [
  [(r) => `+1212555${r.digits(4)}`, 2], // New York
  [(r) => `+1514${r.integer(2, 9)}${r.digits(6)}`, 1], // Montreal
  [(r) => `00212522${r.digits(6)}`, 2], // Casablanca
  [(r) => `002126${r.digits(8)}`, 1], // Moroccan mobile
  [(r) => `0021671${r.digits(6)}`, 1], // Tunis
  [(r) => `0021321${r.digits(6)}`, 1], // Algiers
];

export function furtherInternationalNumber(random: DemoRandom): string {
  return random.weighted(FURTHER)(random);
}

/** A Réunion number in national format: +262 by its calling code, so international for the plan. */
export function overseasNumber(random: DemoRandom): string {
  return `0262${random.digits(6)}`;
}

/**
 * International Revenue Share Fraud ranges: numbers whose termination revenue a fraudster shares (all on the
 * default high-risk list: Cuba, Somalia, Sao Tome and Principe, Nauru, Cook Islands, Iridium satellite).
 */
export const IRSF_RANGES: readonly {
  readonly country: string;
  readonly prefix: string;
  readonly digits: number;
}[] = [
  { country: 'CU', prefix: '00537', digits: 7 },
  { country: 'SO', prefix: '0025261', digits: 7 },
  { country: 'ST', prefix: '00239990', digits: 4 },
  { country: 'NR', prefix: '00674557', digits: 4 },
  { country: 'CK', prefix: '006825', digits: 4 },
  { country: 'Iridium', prefix: '008816', digits: 8 },
];
