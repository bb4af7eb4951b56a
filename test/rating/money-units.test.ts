import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  fixedPointText,
  roundedDivision,
  roundedDivisionBig,
  sixtiethsText,
  toUnits,
} from '../../pipelines/rating/money-units.ts';
import { RatingDecimal } from '../../pipelines/rating/rating-decimal.ts';

describe('money units', () => {
  it('turns decimals into integer units of a scale', () => {
    expect(toUnits(new Decimal('0.0125'), 4)).toBe(125n);
    expect(toUnits(new Decimal('0.0125'), 6)).toBe(12500n);
    expect(toUnits(new Decimal('12'), 0)).toBe(12n);
    expect(toUnits(new Decimal('0'), 3)).toBe(0n);
  });

  it('writes fixed-point text', () => {
    expect(fixedPointText(125n, 4)).toBe('0.0125');
    expect(fixedPointText(1500n, 4)).toBe('0.1500');
    expect(fixedPointText(1500n, 4, true)).toBe('0.15');
    expect(fixedPointText(10000n, 4, true)).toBe('1');
    expect(fixedPointText(123456n, 2)).toBe('1234.56');
    expect(fixedPointText(0n, 2)).toBe('0.00');
    expect(fixedPointText(7n, 0)).toBe('7');
    expect(fixedPointText(1500n, 4, true)).toBe('0.15');
    expect(fixedPointText(12345678901234567890n, 18)).toBe('12.345678901234567890');
    expect(fixedPointText(5, 20, true)).toBe('0.00000000000000000005');
  });

  it.each([
    [125, 10, 'up', 13],
    [125, 10, 'down', 12],
    [125, 10, 'half-up', 13],
    [125, 10, 'half-even', 12],
    [135, 10, 'half-even', 14],
    [124, 10, 'half-up', 12],
    [126, 10, 'half-even', 13],
    [120, 10, 'up', 12],
    [1, 3, 'up', 1],
    [2, 3, 'down', 0],
    [2 ** 52 + 1, 2, 'half-even', 2 ** 51],
    [2 ** 52 + 3, 2, 'half-even', 2 ** 51 + 2],
  ] as const)(
    '%i / %i rounded %s is %i, with numbers and BigInts',
    (numerator, denominator, mode, expected) => {
      expect(roundedDivision(numerator, denominator, mode)).toBe(expected);
      expect(roundedDivisionBig(BigInt(numerator), BigInt(denominator), mode)).toBe(BigInt(expected));
    },
  );

  it('writes sixtieths as decimal.js does at 40 significant digits', () => {
    expect(sixtiethsText(12n, 2)).toBe('0.002');
    expect(sixtiethsText(20n, 2)).toBe('0.003333333333333333333333333333333333333333');
    expect(sixtiethsText(10n, 2)).toBe('0.001666666666666666666666666666666666666667');
    expect(sixtiethsText(0n, 4)).toBe('0');
    expect(sixtiethsText(6000n, 2)).toBe('1');
    expect(sixtiethsText(6100n, 2)).toBe('1.016666666666666666666666666666666666667');
    let state = 7;
    const random = (): number => {
      state = (state * 48271) % 2147483647;
      return state / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const units = Math.floor(random() * 10 ** Math.floor(random() * 16));
      const scale = Math.floor(random() * 12);
      const expected = new RatingDecimal(units).div(new RatingDecimal(60).times(10 ** scale)).toFixed();
      expect({ units, scale, text: sixtiethsText(units, scale) }).toEqual({ units, scale, text: expected });
      expect({ units, scale, text: sixtiethsText(BigInt(units) * 10n ** 20n, scale + 20) }).toEqual({
        units,
        scale,
        text: expected,
      });
    }
  });

  it('falls back to decimal.js for quotients of 40 digits or more', () => {
    const units = 10n ** 45n + 1n;
    expect(sixtiethsText(units, 0)).toBe(new RatingDecimal(units.toString()).div(60).toFixed());
  });
});
