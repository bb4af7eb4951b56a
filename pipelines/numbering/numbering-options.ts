import { field, parseOptions, type OptionsOf } from '../config/options.ts';
import { PipelineError } from '../core/errors.ts';
import { KNOWN_COUNTRIES } from './country-codes.ts';
import { DEFAULT_HIGH_RISK_COUNTRIES, DEFAULT_HIGH_RISK_PREFIXES } from './high-risk-default.ts';
import { isDigitString } from './prefix-trie.ts';

/** A list containing only this word is empty (an empty environment variable counts as unset). */
export const EMPTY_LIST_WORD = 'none';

export const numberingOptionsSpec = {
  defaultCountry: field.enum({
    values: ['FR'] as const,
    default: 'FR',
    env: 'NUMBERING_DEFAULT_COUNTRY',
    doc: 'home country: national-format numbers (0X XX XX XX XX) and short codes follow its plan; only FR is supported',
  }),
  trunkPrefix: field.string({
    default: '',
    pattern: /^[0-9]{0,3}$/,
    env: 'NUMBERING_TRUNK_PREFIX',
    doc: 'outside-line prefix some PBXs put in front of dialled numbers (e.g. 0), stripped when what follows is a valid number; empty: none',
  }),
  e164WithoutPlus: field.boolean({
    default: false,
    env: 'NUMBERING_E164_WITHOUT_PLUS',
    doc: 'the switch reports international numbers as E.164 digits without + (33612345678): read 7+ digits without a 0 prefix as E.164',
  }),
  highRiskPrefixes: field.list({
    default: DEFAULT_HIGH_RISK_PREFIXES,
    env: 'NUMBERING_HIGH_RISK_PREFIXES',
    doc: 'E.164 prefixes (digits, optional +) flagged high-risk; default: pipelines/numbering/high-risk-default.ts; "none" for no prefix',
  }),
  highRiskCountries: field.list({
    default: DEFAULT_HIGH_RISK_COUNTRIES,
    env: 'NUMBERING_HIGH_RISK_COUNTRIES',
    doc: 'ISO 3166-1 alpha-2 countries flagged high-risk; default: pipelines/numbering/high-risk-default.ts; "none" for no country',
  }),
  overseasAsNational: field.boolean({
    default: false,
    env: 'NUMBERING_OVERSEAS_AS_NATIONAL',
    doc: 'classify numbers of the overseas departments (+262, +590, +594, +596) as national fixed/mobile/special instead of international',
  }),
};
export type NumberingOptions = OptionsOf<typeof numberingOptionsSpec>;

/** Options given in code, checked in full (list items included); throws CONFIG_INVALID. */
export function parseNumberingOptions(input: Readonly<Record<string, unknown>> = {}): NumberingOptions {
  const options = parseOptions('numbering', numberingOptionsSpec, input);
  assertNumberingOptions(options);
  return options;
}

/** Checks what the field types cannot: each high-risk prefix and country. Throws CONFIG_INVALID. */
export function assertNumberingOptions(options: NumberingOptions): void {
  const problems = numberingOptionProblems(options);
  if (problems.length > 0) {
    throw new PipelineError('CONFIG_INVALID', `invalid numbering options:\n  - ${problems.join('\n  - ')}`, {
      details: { component: 'numbering', problems },
    });
  }
}

export function numberingOptionProblems(options: NumberingOptions): string[] {
  const problems: string[] = [];
  highRiskPrefixDigits(options).forEach((digits, index) => {
    if (!isDigitString(digits) || digits.length > 15) {
      problems.push(
        `numbering.highRiskPrefixes[${index}]: expected 1 to 15 digits with an optional leading +`,
      );
    }
  });
  listItems(options.highRiskCountries).forEach((country, index) => {
    if (!KNOWN_COUNTRIES.has(country)) {
      problems.push(
        `numbering.highRiskCountries[${index}]: ${JSON.stringify(country.slice(0, 8))} is not an ISO 3166-1 alpha-2 code of a country with a calling code (upper case, e.g. GB, not UK)`,
      );
    }
  });
  return problems;
}

/** The configured high-risk prefixes as digits (leading `+` removed, `none` meaning no prefix). */
export function highRiskPrefixDigits(options: NumberingOptions): string[] {
  return listItems(options.highRiskPrefixes).map((prefix) =>
    prefix.startsWith('+') ? prefix.slice(1) : prefix,
  );
}

/** The configured high-risk countries (`none` meaning no country). */
export function highRiskCountryList(options: NumberingOptions): string[] {
  return listItems(options.highRiskCountries);
}

function listItems(items: readonly string[]): string[] {
  return items.length === 1 && items[0] === EMPTY_LIST_WORD ? [] : [...items];
}
