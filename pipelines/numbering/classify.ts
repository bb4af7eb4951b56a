import { lookupCallingCode, type CallingCodeInfo } from './country-codes.ts';
import type { Destination, DestinationClass } from './destination.ts';
import { OVERSEAS_CALLING_CODES, frenchNationalClass } from './french-plan.ts';
import { normalizeNumber, type NormalizeSettings } from './normalize.ts';
import {
  assertNumberingOptions,
  highRiskCountryList,
  highRiskPrefixDigits,
  type NumberingOptions,
} from './numbering-options.ts';
import { DigitTrie } from './prefix-trie.ts';
import { EMERGENCY_NUMBERS } from './short-codes.ts';

/**
 * Classifies dialled numbers into destination classes (destination.ts), per CDR.
 *
 * - Emergency numbers (15, 17, 18, 112, 114, 115, 119, 191, 196, 197): 'emergency', never high-risk.
 *   They are short codes; `+33112` (a switch that prefixed everything with +33) is the short code 112.
 * - Other short codes: 'short-code' (country FR, no calling code).
 * - +33: the French plan, see french-plan.ts (fixed 01-05/09, mobile 06/07, 08 tiers).
 * - Overseas departments (+262 Réunion/Mayotte, +590 Guadeloupe/Saint-Barthélemy/Saint-Martin, +594
 *   French Guiana, +596 Martinique; also when dialled in national format, 0262..., 0692...):
 *   'international' with their own ISO country by default, because the "Illimité National" plan is
 *   read as metropolitan France. With `overseasAsNational`, they take the French classes (fixed,
 *   mobile, 08 tiers) and keep their ISO country and calling code. Other French territories with
 *   their own numbering plans (+508, +681, +687, +689) are always international.
 * - International networks and satellite codes (+800, +808, +870, +878, +881, +882, +883, +888,
 *   +979): 'satellite', no country.
 * - Any other assigned calling code: 'international' with its ISO country (country-codes.ts).
 * - Anything that does not normalise: 'invalid', `number` empty, `problem` says why (never the number).
 *
 * `highRisk`: the E.164 digits start with a configured prefix, or the country is in the configured
 * country list (defaults: high-risk-default.ts). Short codes and invalid numbers are never high-risk.
 *
 * Hot path: `createNumberClassifier` precomputes the tables once; each call then allocates only the
 * result (and the E.164 string when it differs from the input).
 */
export type NumberClassifier = (raw: string) => Destination;

export function createNumberClassifier(options: NumberingOptions): NumberClassifier {
  assertNumberingOptions(options);
  const settings: NormalizeSettings = Object.freeze({
    trunkPrefix: options.trunkPrefix,
    e164WithoutPlus: options.e164WithoutPlus,
  });
  const riskyPrefixes = DigitTrie.build(
    highRiskPrefixDigits(options).map((digits) => [digits, true] as const),
  );
  const riskyCountries: ReadonlySet<string> = new Set(highRiskCountryList(options));
  const overseasAsNational = options.overseasAsNational;

  return (raw: string): Destination => {
    const normalized = normalizeNumber(raw, settings);
    if (!normalized.ok) return invalid(normalized.problem);
    const number = normalized.number;
    if (normalized.kind === 'short') {
      return destination(
        EMERGENCY_NUMBERS.has(number) ? 'emergency' : 'short-code',
        number,
        'FR',
        undefined,
        false,
      );
    }
    const info = isFrench(number) ? FRANCE : lookupCallingCode(number, 1);
    if (info === undefined) return invalid('starts with no assigned country calling code'); // unreachable after normalisation
    const code = info.callingCode;
    const country = info.country;
    const highRisk =
      riskyPrefixes.longestMatch(number, 1) === true ||
      (country !== undefined && riskyCountries.has(country));
    let cls: DestinationClass;
    if (info.nonGeographic) cls = 'satellite';
    else if (code === '33') cls = frenchNationalClass(number, 3);
    else if (overseasAsNational && OVERSEAS_CALLING_CODES.has(code)) {
      cls = frenchNationalClass(number, 1 + code.length);
    } else cls = 'international';
    return destination(cls, number, country, code, highRisk);
  };
}

/** `+33...`: after normalisation always metropolitan France (overseas ranges have moved to their codes). */
function isFrench(e164: string): boolean {
  return e164.charCodeAt(1) === 51 && e164.charCodeAt(2) === 51;
}

const FRANCE: CallingCodeInfo = Object.freeze({ callingCode: '33', country: 'FR', nonGeographic: false });

const classifiers = new WeakMap<NumberingOptions, NumberClassifier>();

/**
 * Classifies one dialled number. The tables for `options` are built on first use and kept while the
 * options object lives; per-CDR callers may also hold the function from `createNumberClassifier`.
 * Throws CONFIG_INVALID only for invalid options, never for a bad number.
 */
export function classifyNumber(raw: string, options: NumberingOptions): Destination {
  let classify = classifiers.get(options);
  if (classify === undefined) {
    classify = createNumberClassifier(options);
    classifiers.set(options, classify);
  }
  return classify(raw);
}

/** Every result has the same properties in the same order (one object shape for the engine). */
function destination(
  cls: DestinationClass,
  number: string,
  country: string | undefined,
  callingCode: string | undefined,
  highRisk: boolean,
): Destination {
  return { class: cls, number, country, callingCode, highRisk, problem: undefined };
}

function invalid(problem: string): Destination {
  return {
    class: 'invalid',
    number: '',
    country: undefined,
    callingCode: undefined,
    highRisk: false,
    problem,
  };
}
