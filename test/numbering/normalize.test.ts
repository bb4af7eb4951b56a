import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NORMALIZE_SETTINGS,
  normalizeNumber,
  type NormalizeSettings,
} from '../../pipelines/numbering/normalize.ts';

const withTrunk = (trunkPrefix: string): NormalizeSettings => ({
  ...DEFAULT_NORMALIZE_SETTINGS,
  trunkPrefix,
});
const bareE164: NormalizeSettings = { ...DEFAULT_NORMALIZE_SETTINGS, e164WithoutPlus: true };

describe('normalizeNumber: accepted formats', () => {
  const cases: readonly [string, string, 'e164' | 'short', NormalizeSettings?][] = [
    // E.164 and international prefixes
    ['+33612345678', '+33612345678', 'e164'],
    ['0033612345678', '+33612345678', 'e164'],
    ['+4915112345678', '+4915112345678', 'e164'],
    ['004915112345678', '+4915112345678', 'e164'],
    ['+12125550123', '+12125550123', 'e164'],
    ['0012125550123', '+12125550123', 'e164'],
    // French national format
    ['0612345678', '+33612345678', 'e164'],
    ['0145678901', '+33145678901', 'e164'],
    ['0912345678', '+33912345678', 'e164'],
    ['0800123456', '+33800123456', 'e164'],
    ['07001234567890', '+337001234567890', 'e164'], // 14-digit M2M
    // separators
    ['06 12 34 56 78', '+33612345678', 'e164'],
    ['06.12.34.56.78', '+33612345678', 'e164'],
    ['06-12-34-56-78', '+33612345678', 'e164'],
    ['(06) 12 34 56 78', '+33612345678', 'e164'],
    ['  0612345678\t', '+33612345678', 'e164'],
    ['+33 6 12 34 56 78', '+33612345678', 'e164'],
    ['00 33 6 12 34 56 78', '+33612345678', 'e164'],
    ['06/12/34/56/78', '+33612345678', 'e164'],
    ['06\u00a012\u00a034\u00a056\u00a078', '+33612345678', 'e164'],
    // superfluous national 0 after the country code
    ['+33 0 6 12 34 56 78', '+33612345678', 'e164'],
    ['+330612345678', '+33612345678', 'e164'],
    ['00330145678901', '+33145678901', 'e164'],
    ['+33 (0)6 12 34 56 78', '+33612345678', 'e164'],
    ['+44 (0)20 7946 0000', '+442079460000', 'e164'],
    ['0044 (0)20 7946 0000', '+442079460000', 'e164'],
    // URIs
    ['tel:+33612345678', '+33612345678', 'e164'],
    ['tel:+33-6-12-34-56-78;phone-context=example.com', '+33612345678', 'e164'],
    ['sip:+33612345678@pbx.example.com', '+33612345678', 'e164'],
    ['SIP:0612345678@10.0.0.1:5060;user=phone', '+33612345678', 'e164'],
    ['sips:0033612345678@example.com', '+33612345678', 'e164'],
    ['sip:%2B33612345678@example.com', '+33612345678', 'e164'],
    ['"Alice" <sip:0612345678@example.com>', '+33612345678', 'e164'],
    ['sip:0612345678;npdi@example.com', '+33612345678', 'e164'],
    // overseas departments in national format or behind +33 go to their own calling code
    ['0262123456', '+262262123456', 'e164'],
    ['0263012345', '+262263012345', 'e164'],
    ['0269601234', '+262269601234', 'e164'],
    ['0639012345', '+262639012345', 'e164'],
    ['0692123456', '+262692123456', 'e164'],
    ['0693123456', '+262693123456', 'e164'],
    ['0590123456', '+590590123456', 'e164'],
    ['0690123456', '+590690123456', 'e164'],
    ['0691123456', '+590691123456', 'e164'],
    ['0594123456', '+594594123456', 'e164'],
    ['0694123456', '+594694123456', 'e164'],
    ['0596123456', '+596596123456', 'e164'],
    ['0696123456', '+596696123456', 'e164'],
    ['0697123456', '+596697123456', 'e164'],
    ['+33262123456', '+262262123456', 'e164'],
    ['+262262123456', '+262262123456', 'e164'],
    ['+262 0262 12 34 56', '+262262123456', 'e164'],
    ['+596696123456', '+596696123456', 'e164'],
    // neighbours of the overseas ranges stay metropolitan
    ['0261123456', '+33261123456', 'e164'],
    ['0595123456', '+33595123456', 'e164'],
    ['0695123456', '+33695123456', 'e164'],
    ['0638123456', '+33638123456', 'e164'],
    // short codes
    ['15', '15', 'short'],
    ['17', '17', 'short'],
    ['18', '18', 'short'],
    ['112', '112', 'short'],
    ['114', '114', 'short'],
    ['115', '115', 'short'],
    ['119', '119', 'short'],
    ['191', '191', 'short'],
    ['196', '196', 'short'],
    ['197', '197', 'short'],
    ['1016', '1016', 'short'],
    ['1633', '1633', 'short'],
    ['3631', '3631', 'short'],
    ['3949', '3949', 'short'],
    ['118712', '118712', 'short'],
    ['116000', '116000', 'short'],
    ['tel:112', '112', 'short'],
    ['sip:3631@pbx', '3631', 'short'],
    // a switch that prefixed short codes with +33
    ['+33112', '112', 'short'],
    ['+3315', '15', 'short'],
    ['003318', '18', 'short'],
    ['+333631', '3631', 'short'],
    // E.164 without + when configured
    ['33612345678', '+33612345678', 'e164', bareE164],
    ['4915112345678', '+4915112345678', 'e164', bareE164],
    ['330612345678', '+33612345678', 'e164', bareE164],
    ['0612345678', '+33612345678', 'e164', bareE164],
    ['3631', '3631', 'short', bareE164],
    ['112', '112', 'short', bareE164],
    // trunk prefix for an outside line
    ['00612345678', '+33612345678', 'e164', withTrunk('0')],
    ['0612345678', '+33612345678', 'e164', withTrunk('0')],
    ['0112', '112', 'short', withTrunk('0')],
    ['015', '15', 'short', withTrunk('0')],
    ['0033612345678', '+33612345678', 'e164', withTrunk('0')],
    ['00033612345678', '+33612345678', 'e164', withTrunk('0')],
    ['90612345678', '+33612345678', 'e164', withTrunk('9')],
    ['9112', '112', 'short', withTrunk('9')],
    ['0612345678', '+33612345678', 'e164', withTrunk('9')],
    ['0612345678', '+33612345678', 'e164', { trunkPrefix: '0', e164WithoutPlus: true }],
  ];

  it.each(cases)('%j -> %s (%s)', (raw, number, kind, settings) => {
    expect(normalizeNumber(raw, settings)).toEqual({ ok: true, number, kind });
  });

  it('reads 00 + digits as international when no trunk prefix is configured', () => {
    expect(normalizeNumber('00612345678')).toEqual({ ok: true, number: '+612345678', kind: 'e164' });
  });

  it('returns the input string itself when it already is canonical E.164', () => {
    const raw = '+33612345678';
    const result = normalizeNumber(raw);
    expect(result.ok && result.number).toBe(raw);
  });
});

describe('normalizeNumber: rejected input', () => {
  const cases: readonly [string, RegExp, NormalizeSettings?][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['+', /empty/],
    ['tel:', /empty/],
    ['sip:@example.com', /empty/],
    ['abc', /characters/],
    ['06 12 34 56 7a', /characters/],
    ['*98', /characters/],
    ['#31#0612345678', /characters/],
    ['s', /characters/],
    ['anonymous', /characters/],
    ['sip:alice@example.com', /characters/],
    ['06+12345678', /\+ appears after/],
    ['<sip:0612345678@example.com', /without its >/],
    ['x'.repeat(300), /longer than 256/],
    // national format of the wrong length
    ['061234567', /10 digits, got 9/],
    ['06123456789', /10 digits, got 11/],
    ['0', /10 digits, got 1/],
    ['0700123456789', /10 digits, got 13/],
    ['06123456789012', /10 digits, got 14/],
    // +33 of the wrong length or form
    ['+3361234567', /9 digits after \+33/],
    ['+336123456789', /9 digits after \+33/],
    ['+33', /9 digits after \+33/],
    ['+33012345678', /cannot start with 0/],
    ['+3301234', /9 digits after \+33/],
    ['+33 0 0612345678', /9 digits after \+33/],
    // international
    ['00', /nothing after/],
    ['+0612345678', /no assigned country calling code/],
    ['+2101234567', /no assigned country calling code/],
    ['+999123456789', /no assigned country calling code/],
    ['+4912345678901234', /more than 15 digits/],
    ['+49123', /fewer than 7 digits/],
    ['+1212555012', /North American/],
    ['+121255501234', /North American/],
    ['+10125550123', /area code/],
    ['+26226212345', /overseas number has 9 digits/],
    ['+5906901234567', /overseas number has 9 digits/],
    // short codes
    ['16', /not a French short code/],
    ['10', /not a French short code/],
    ['1', /not a French short code/],
    ['123', /not a French short code/],
    ['2000', /not a French short code/],
    ['36150', /not a French short code/],
    ['117000', /not a French short code/],
    // no prefix
    ['33612345678', /without a national \(0\) or international \(00, \+\) prefix/],
    ['612345678', /without a national/],
    // E.164 without + is still checked
    ['99912345678', /no assigned country calling code/, bareE164],
    ['1212555012', /North American/, bareE164],
    // a trunk prefix does not make an invalid rest valid
    ['0061', /fewer than 7 digits/, withTrunk('0')],
  ];
  const table = cases;

  it.each(table)('%j is rejected (%s)', (raw, problem, settings) => {
    const result = normalizeNumber(raw, settings);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it('rejects a non-string value without throwing', () => {
    expect(normalizeNumber(undefined as unknown as string)).toEqual({
      ok: false,
      problem: 'not a text value',
    });
    expect(normalizeNumber(612345678 as unknown as string).ok).toBe(false);
  });

  it('never puts the number (4+ digits), or any 4-digit run of it, in a problem text', () => {
    const inputs = [
      ...table.map(([raw]) => raw),
      '0612345678901',
      '+3361234567',
      '+33 0 6 12 34 56 7',
      'sip:+3361234567@host',
      '0033061234567',
      '+999876543210',
      '98765432109',
      '+987654321098765432',
      '00987654',
      '0987 65 43',
    ];
    for (const raw of inputs) {
      for (const settings of [DEFAULT_NORMALIZE_SETTINGS, bareE164, withTrunk('0')]) {
        const result = normalizeNumber(raw, settings);
        if (result.ok) continue;
        const digits = raw.replace(/\D/g, '');
        if (digits.length >= 4) expect(result.problem).not.toContain(digits);
        for (let i = 0; i + 4 <= digits.length; i++) {
          expect(result.problem, `${raw}: ${result.problem}`).not.toContain(digits.slice(i, i + 4));
        }
      }
    }
  });
});
