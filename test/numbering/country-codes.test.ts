import { describe, expect, it } from 'vitest';
import {
  CALLING_CODE_COUNTRIES,
  KNOWN_COUNTRIES,
  NON_GEOGRAPHIC_CALLING_CODES,
  lookupCallingCode,
} from '../../pipelines/numbering/country-codes.ts';
import { DigitTrie } from '../../pipelines/numbering/prefix-trie.ts';

describe('lookupCallingCode', () => {
  const cases: readonly [string, string, string | undefined][] = [
    ['33612345678', '33', 'FR'],
    ['4915112345678', '49', 'DE'],
    ['12125550123', '1', 'US'],
    ['14165550123', '1', 'CA'],
    ['16045550123', '1', 'CA'],
    ['18765550123', '1', 'JM'],
    ['18095550123', '1', 'DO'],
    ['17875550123', '1', 'PR'],
    ['12845550123', '1', 'VG'],
    ['79161234567', '7', 'RU'],
    ['77011234567', '7', 'KZ'],
    ['76123456789', '7', 'KZ'],
    ['262262123456', '262', 'RE'],
    ['262692123456', '262', 'RE'],
    ['262269601234', '262', 'YT'],
    ['262639012345', '262', 'YT'],
    ['269771234', '269', 'KM'],
    ['590590123456', '590', 'GP'],
    ['594594123456', '594', 'GF'],
    ['596596123456', '596', 'MQ'],
    ['508411234', '508', 'PM'],
    ['687123456', '687', 'NC'],
    ['689401234', '689', 'PF'],
    ['681721234', '681', 'WF'],
    ['442079460000', '44', 'GB'],
    ['441481123456', '44', 'GG'],
    ['441534123456', '44', 'JE'],
    ['441624123456', '44', 'IM'],
    ['4779123456', '47', 'SJ'],
    ['4722123456', '47', 'NO'],
    ['358181234567', '358', 'AX'],
    ['358912345678', '358', 'FI'],
    ['59997123456', '599', 'CW'],
    ['5997123456', '599', 'BQ'],
    ['61891621234', '61', 'CC'],
    ['61891641234', '61', 'CX'],
    ['61212345678', '61', 'AU'],
    ['390669812345', '39', 'VA'],
    ['390612345678', '39', 'IT'],
    ['38344123456', '383', 'XK'],
    ['5312345678', '53', 'CU'],
    ['252612345678', '252', 'SO'],
    ['6881234', '688', 'TV'],
    ['6741234567', '674', 'NR'],
    ['6831234', '683', 'NU'],
    ['8816123456', '881', undefined],
    ['870123456789', '870', undefined],
    ['88234512345678', '882', undefined],
    ['883510012345', '883', undefined],
    ['80012345678', '800', undefined],
    ['979123456789', '979', undefined],
  ];

  it.each(cases)('%s -> +%s %s', (digits, callingCode, country) => {
    const info = lookupCallingCode(digits);
    expect(info?.callingCode).toBe(callingCode);
    expect(info?.country).toBe(country);
    expect(info?.nonGeographic).toBe(country === undefined);
  });

  it('reads from an offset, so a leading + needs no copy', () => {
    expect(lookupCallingCode('+33612345678', 1)?.country).toBe('FR');
  });

  it.each(['0', '210', '28', '422', '80', '801', '83', '89', '969', '978', '990', '999', 'x33'])(
    'has no code for %s followed by digits',
    (start) => {
      expect(lookupCallingCode(`${start}5555555`)).toBeUndefined();
    },
  );

  it('has no code for an empty string', () => {
    expect(lookupCallingCode('')).toBeUndefined();
  });

  it('lists codes that are prefix-free, so the longest match is the only match', () => {
    const codes = [...Object.keys(CALLING_CODE_COUNTRIES), ...NON_GEOGRAPHIC_CALLING_CODES];
    const overlaps = codes.flatMap((a) =>
      codes.filter((b) => a !== b && b.startsWith(a)).map((b) => `${a}<${b}`),
    );
    expect(overlaps).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(216);
  });

  it('knows every ISO country it can return, and only upper-case two-letter codes', () => {
    for (const country of KNOWN_COUNTRIES) expect(country).toMatch(/^[A-Z]{2}$/);
    expect(KNOWN_COUNTRIES.has('CA')).toBe(true);
    expect(KNOWN_COUNTRIES.has('YT')).toBe(true);
    expect(KNOWN_COUNTRIES.has('UK')).toBe(false);
  });
});

describe('DigitTrie', () => {
  const trie = DigitTrie.build<string>([
    ['1', 'one'],
    ['12', 'twelve'],
    ['1234', 'twelve-thirty-four'],
    ['5', 'five'],
    ['5', 'five again'],
  ]);

  it.each([
    ['1', 'one'],
    ['13', 'one'],
    ['123', 'twelve'],
    ['12345', 'twelve-thirty-four'],
    ['5', 'five again'],
    ['6', undefined],
    ['', undefined],
    ['1a2', 'one'],
  ])('longest match of %j is %s', (text, expected) => {
    expect(trie.longestMatch(text)).toBe(expected);
  });

  it('starts at an offset', () => {
    expect(trie.longestMatch('+123', 1)).toBe('twelve');
    expect(trie.longestMatch('12', 2)).toBeUndefined();
  });

  it('rejects prefixes that are not digits', () => {
    expect(() => DigitTrie.build([['', 1]])).toThrow(/1 or more digits/);
    expect(() => DigitTrie.build([['+33', 1]])).toThrow(/1 or more digits/);
    expect(() => DigitTrie.build([['3a', 1]])).toThrow(/1 or more digits/);
  });
});
