import type { DemoRandom } from './demo-random.ts';
import {
  EMERGENCY_NUMBERS_DIALLED,
  SHORT_CODES,
  europeanNumber,
  furtherInternationalNumber,
  nationalAsE164,
  nationalFixed,
  nationalMobile,
  overseasNumber,
  specialNumber,
} from './dialled-numbers.ts';

/** Where a call goes, as the traffic model chooses it (the classifier decides the destination class). */
export type DestinationKind =
  | 'in-plan'
  | 'special-free'
  | 'special-shared'
  | 'special-premium'
  | 'short-code'
  | 'europe'
  | 'further'
  | 'overseas'
  | 'emergency';

export type DestinationMix = readonly (readonly [DestinationKind, number])[];

/** A small business: mostly national fixed and mobile, some 08, EU, a few short codes, rare emergencies. */
export const OFFICE_MIX: DestinationMix = [
  ['in-plan', 880],
  ['special-free', 18],
  ['special-shared', 12],
  ['special-premium', 5],
  ['short-code', 12],
  ['europe', 45],
  ['further', 13],
  ['overseas', 3],
  ['emergency', 1.5],
];

/** A hotel reception: guests' families abroad. */
export const RECEPTION_MIX: DestinationMix = [
  ['in-plan', 780],
  ['special-free', 15],
  ['special-shared', 10],
  ['short-code', 10],
  ['europe', 120],
  ['further', 50],
  ['overseas', 10],
];

/** An outbound call centre: campaigns to national numbers. */
export const CALL_CENTRE_MIX: DestinationMix = [
  ['in-plan', 970],
  ['special-free', 10],
  ['europe', 20],
];

/** A number dialled for a destination outside the plan (and not from a contact book). */
export function offPlanCallee(random: DemoRandom, kind: Exclude<DestinationKind, 'in-plan'>): string {
  switch (kind) {
    case 'special-free':
      return specialNumber(random, 'free');
    case 'special-shared':
      return specialNumber(random, 'shared');
    case 'special-premium':
      return specialNumber(random, 'premium');
    case 'short-code':
      return random.pick(SHORT_CODES);
    case 'europe':
      return europeanNumber(random);
    case 'further':
      return furtherInternationalNumber(random);
    case 'overseas':
      return overseasNumber(random);
    case 'emergency':
      // Some switches put +33 in front of everything: +33112 is still the short code 112.
      return random.chance(0.05)
        ? `+33${random.pick(EMERGENCY_NUMBERS_DIALLED)}`
        : random.pick(EMERGENCY_NUMBERS_DIALLED);
  }
}

/** A new national number: mobile with probability `mobileShare`, else fixed. */
export function freshNationalNumber(random: DemoRandom, mobileShare = 0.45): string {
  return random.chance(mobileShare) ? nationalMobile(random) : nationalFixed(random);
}

/**
 * The national numbers an account calls again and again: a few get most calls. Numbers are stored in
 * national format; some calls dial them in E.164, as a phone's address book or a click-to-call would
 * (the same number for the plan).
 */
export class ContactBook {
  private readonly numbers: string[];

  constructor(random: DemoRandom, size: number) {
    const unique = new Set<string>();
    while (unique.size < size) unique.add(freshNationalNumber(random));
    this.numbers = [...unique];
  }

  get size(): number {
    return this.numbers.length;
  }

  pick(random: DemoRandom): string {
    const national = this.numbers[random.skewedIndex(this.numbers.length)] ?? '';
    return random.chance(0.08) ? nationalAsE164(national) : national;
  }
}
