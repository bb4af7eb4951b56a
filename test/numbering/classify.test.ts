import { describe, expect, it } from 'vitest';
import { classifyNumber, createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import type { DestinationClass } from '../../pipelines/numbering/destination.ts';
import { parseNumberingOptions } from '../../pipelines/numbering/numbering-options.ts';

const defaults = parseNumberingOptions();
const noHighRisk = parseNumberingOptions({ highRiskPrefixes: [], highRiskCountries: [] });
const overseasNational = parseNumberingOptions({ overseasAsNational: true });

function classOf(raw: string, options = defaults): DestinationClass {
  return classifyNumber(raw, options).class;
}

describe('classifyNumber: French ranges (ARCEP plan)', () => {
  const ranges: readonly [string, DestinationClass][] = [
    ['0123456789', 'national-fixed'],
    ['0223456789', 'national-fixed'],
    ['0323456789', 'national-fixed'],
    ['0423456789', 'national-fixed'],
    ['0523456789', 'national-fixed'],
    ['0923456789', 'national-fixed'],
    ['0900000000', 'national-fixed'],
    ['0999999999', 'national-fixed'],
    ['0600000000', 'national-mobile'],
    ['0699999999', 'national-mobile'],
    ['0700000000', 'national-mobile'],
    ['0730000000', 'national-mobile'],
    ['0799999999', 'national-mobile'],
    ['07001234567890', 'national-mobile'],
    ['0800000000', 'special-free'],
    ['0805999999', 'special-free'],
    ['0806000000', 'special-shared'],
    ['0809999999', 'special-shared'],
    ['0810000000', 'special-shared'],
    ['0819999999', 'special-shared'],
    ['0820000000', 'special-premium'],
    ['0829999999', 'special-premium'],
    ['0836000000', 'special-premium'],
    ['0884000000', 'special-premium'],
    ['0890000000', 'special-premium'],
    ['0899999999', 'special-premium'],
  ];

  it.each(ranges)('%s is %s, in national and E.164 forms', (national, cls) => {
    const e164 = `+33${national.slice(1)}`;
    for (const raw of [national, e164, `0033${national.slice(1)}`, `+33 0${national.slice(1)}`]) {
      expect(classifyNumber(raw, defaults)).toMatchObject({
        class: cls,
        number: e164,
        country: 'FR',
        callingCode: '33',
      });
    }
  });
});

describe('classifyNumber: emergency and short codes', () => {
  it.each(['15', '17', '18', '112', '114', '115', '119', '191', '196', '197'])(
    '%s is emergency and never high-risk',
    (code) => {
      const everythingRisky = parseNumberingOptions({
        highRiskPrefixes: ['1', '3'],
        highRiskCountries: ['FR'],
      });
      for (const options of [defaults, everythingRisky]) {
        expect(classifyNumber(code, options)).toEqual({
          class: 'emergency',
          number: code,
          country: 'FR',
          callingCode: undefined,
          highRisk: false,
          problem: undefined,
        });
      }
    },
  );

  it.each(['+33112', '+3315', '0033112', 'tel:112', 'sip:17@pbx.example.com'])(
    '%s is emergency too',
    (raw) => {
      expect(classOf(raw)).toBe('emergency');
    },
  );

  it.each([
    '110',
    '116',
    '1016',
    '1633',
    '1013',
    '3631',
    '3949',
    '3900',
    '118712',
    '118218',
    '116000',
    '116117',
  ])('%s is a short code', (code) => {
    expect(classifyNumber(code, defaults)).toMatchObject({
      class: 'short-code',
      number: code,
      highRisk: false,
    });
  });

  it('is not fooled by an emergency number inside a longer one', () => {
    expect(classOf('0112345678')).toBe('national-fixed');
    expect(classOf('+33115123456')).toBe('national-fixed');
  });
});

describe('classifyNumber: international, overseas, satellite', () => {
  it.each([
    ['+4915112345678', 'DE', '49'],
    ['004915112345678', 'DE', '49'],
    ['+442079460000', 'GB', '44'],
    ['0044 20 7946 0000', 'GB', '44'],
    ['+12125550123', 'US', '1'],
    ['+14165550123', 'CA', '1'],
    ['+3225551234', 'BE', '32'],
    ['+41445551234', 'CH', '41'],
    ['+212612345678', 'MA', '212'],
    ['+5084112345', 'PM', '508'],
    ['+687123456', 'NC', '687'],
    ['+689401234', 'PF', '689'],
    ['+269771234', 'KM', '269'],
  ])('%s is international to %s (+%s)', (raw, country, callingCode) => {
    expect(classifyNumber(raw, defaults)).toMatchObject({ class: 'international', country, callingCode });
  });

  const overseas: readonly [string, string, string, DestinationClass][] = [
    ['0262123456', '+262262123456', 'RE', 'national-fixed'],
    ['0692123456', '+262692123456', 'RE', 'national-mobile'],
    ['+262269601234', '+262269601234', 'YT', 'national-fixed'],
    ['0639012345', '+262639012345', 'YT', 'national-mobile'],
    ['0590123456', '+590590123456', 'GP', 'national-fixed'],
    ['+590690123456', '+590690123456', 'GP', 'national-mobile'],
    ['0594123456', '+594594123456', 'GF', 'national-fixed'],
    ['0694123456', '+594694123456', 'GF', 'national-mobile'],
    ['+33596123456', '+596596123456', 'MQ', 'national-fixed'],
    ['0697123456', '+596697123456', 'MQ', 'national-mobile'],
    ['+262801234567', '+262801234567', 'RE', 'special-free'],
    ['+262891123456', '+262891123456', 'RE', 'special-premium'],
  ];

  it.each(overseas)('%s (%s, %s) is international by default', (raw, number, country) => {
    expect(classifyNumber(raw, defaults)).toMatchObject({ class: 'international', number, country });
  });

  it.each(overseas)('%s (%s, %s) is %s with overseasAsNational', (raw, number, country, cls) => {
    const callingCode = number.slice(1, 4);
    expect(classifyNumber(raw, overseasNational)).toMatchObject({ class: cls, number, country, callingCode });
  });

  it('keeps the other French territories international with overseasAsNational', () => {
    expect(classOf('+5084112345', overseasNational)).toBe('international');
    expect(classOf('+687123456', overseasNational)).toBe('international');
  });

  it.each([
    ['+870772001234', '870'],
    ['+8816123456', '881'],
    ['+8818123456', '881'],
    ['00882345123456', '882'],
    ['+883510012345', '883'],
    ['+80012345678', '800'],
    ['+979123456789', '979'],
  ])('%s is satellite / international network +%s, without a country', (raw, callingCode) => {
    expect(classifyNumber(raw, defaults)).toMatchObject({
      class: 'satellite',
      callingCode,
      country: undefined,
    });
  });
});

describe('classifyNumber: high-risk', () => {
  const riskyByDefault = [
    '+5378123456', // Cuba
    '+252612345678', // Somalia
    '+23276123456', // Sierra Leone
    '+224621234567', // Guinea
    '+6881234', // Tuvalu
    '+6745551234', // Nauru
    '+67570123456', // Papua New Guinea
    '+18765550123', // Jamaica
    '+37190123456', // Latvia premium
    '+370900123456', // Lithuania premium
    '+870772001234', // Inmarsat
    '+8816123456', // Iridium
    '+882345123456',
    '+883510012345',
    '0899123456', // French 089 premium
    '+449012345678', // UK premium
  ];

  it.each(riskyByDefault)('%s is high-risk with the default list and not with empty lists', (raw) => {
    expect(classifyNumber(raw, defaults).highRisk).toBe(true);
    expect(classifyNumber(raw, noHighRisk).highRisk).toBe(false);
  });

  it.each([
    '0612345678',
    '0145678901',
    '0800123456',
    '0820123456',
    '+4915112345678',
    '+12125550123',
    '+37121234567', // Latvia mobile
    '+37061234567', // Lithuania mobile
    '+80012345678',
    '3631',
  ])('%s is not high-risk with the default list', (raw) => {
    expect(classifyNumber(raw, defaults).highRisk).toBe(false);
  });

  it('uses configured prefixes (with or without +) and countries', () => {
    const options = parseNumberingOptions({
      highRiskPrefixes: ['+4930', '33899'],
      highRiskCountries: ['DE'],
    });
    expect(classifyNumber('+4915112345678', options).highRisk).toBe(true); // country DE
    expect(classifyNumber('+4930123456', options).highRisk).toBe(true);
    expect(classifyNumber('0899123456', options).highRisk).toBe(true);
    expect(classifyNumber('0891123456', options).highRisk).toBe(false);
    expect(classifyNumber('+5378123456', options).highRisk).toBe(false); // Cuba not in this list
  });

  it('accepts "none" to empty a list (an empty environment variable would mean "default")', () => {
    const options = parseNumberingOptions({ highRiskPrefixes: ['none'], highRiskCountries: 'none' });
    expect(classifyNumber('+5378123456', options).highRisk).toBe(false);
    expect(classifyNumber('+8816123456', options).highRisk).toBe(false);
  });
});

describe('classifyNumber: invalid input', () => {
  const garbage = [
    '',
    '   ',
    'abc',
    'anonymous',
    '*98',
    '06123456789', // too long
    '061234567', // too short
    '+33612345', // too short after +33
    '+4912345678901234', // longer than E.164
    '+49123', // too short
    '+2101234567', // unassigned code
    '33612345678', // no prefix, not configured
    '2000',
    'x'.repeat(10_000),
  ];

  it.each(garbage.map((raw) => [raw.slice(0, 20), raw] as const))(
    '%j is invalid with a problem',
    (_label, raw) => {
      const destination = classifyNumber(raw, defaults);
      expect(destination).toMatchObject({ class: 'invalid', number: '', highRisk: false });
      expect(destination.problem).toEqual(expect.any(String));
      const digits = raw.replace(/\D/g, '');
      if (digits.length >= 4) expect(destination.problem).not.toContain(digits);
    },
  );
});

describe('classifyNumber: options', () => {
  it('applies the trunk prefix and E.164-without-plus options', () => {
    const pbx = parseNumberingOptions({ trunkPrefix: '0' });
    expect(classifyNumber('00612345678', pbx)).toMatchObject({
      class: 'national-mobile',
      number: '+33612345678',
    });
    expect(classifyNumber('0112', pbx).class).toBe('emergency');
    expect(classifyNumber('00612345678', defaults)).toMatchObject({ class: 'international', country: 'AU' });

    const bare = parseNumberingOptions({ e164WithoutPlus: true });
    expect(classifyNumber('33612345678', bare)).toMatchObject({
      class: 'national-mobile',
      number: '+33612345678',
    });
    expect(classifyNumber('4915112345678', bare)).toMatchObject({ class: 'international', country: 'DE' });
    expect(classifyNumber('112', bare).class).toBe('emergency');
  });

  it('gives the same answers through createNumberClassifier and classifyNumber', () => {
    const classify = createNumberClassifier(defaults);
    for (const raw of ['0612345678', '112', '+8816123456', 'abc', '0262123456']) {
      expect(classify(raw)).toEqual(classifyNumber(raw, defaults));
    }
  });
});
