import { describe, expect, it } from 'vitest';
import { DistinctNumberSet } from '../../pipelines/fair-use/distinct-number-set.ts';
import { maskDigitRuns } from '../../pipelines/fair-use/mask.ts';
import { decodeNumberKey, encodeNumberKey, isNumberKey } from '../../pipelines/fair-use/number-key.ts';
import { ActiveCalls } from '../../pipelines/fair-use/active-calls.ts';

describe('number keys', () => {
  it('encodes E.164 numbers and short codes exactly, keeping leading zeros and the plus apart', () => {
    for (const number of [
      '+33612345678',
      '+999999999999999',
      '+1',
      '3631',
      '112',
      '0612345678',
      '00',
      '118712',
    ]) {
      const key = encodeNumberKey(number);
      expect(Number.isSafeInteger(key), number).toBe(true);
      expect(isNumberKey(key)).toBe(true);
      expect(decodeNumberKey(key)).toBe(number);
    }
    expect(encodeNumberKey('+3312')).not.toBe(encodeNumberKey('3312'));
    expect(encodeNumberKey('012')).not.toBe(encodeNumberKey('12'));
  });

  it('refuses what does not fit: more than 15 digits, non-digits, empty', () => {
    for (const number of ['+1234567890123456', '', '+', '+33 6', 'sip:1001', '12a']) {
      expect(Number.isNaN(encodeNumberKey(number)), number).toBe(true);
    }
    expect(isNumberKey(1.5)).toBe(false);
    expect(isNumberKey(2345)).toBe(false);
    expect(isNumberKey(-13631)).toBe(true);
  });
});

describe('DistinctNumberSet', () => {
  it('is an exact set whatever the insertion order, with text fallback for unencodable numbers', () => {
    const set = new DistinctNumberSet();
    const numbers = Array.from(
      { length: 500 },
      (_, i) => `+336${String((i * 7919) % 100_000_000).padStart(8, '0')}`,
    );
    for (const n of numbers) expect(set.add(n)).toBe(true);
    for (const n of numbers) expect(set.add(n)).toBe(false);
    expect(set.add('+1234567890123456')).toBe(true);
    expect(set.add('+1234567890123456')).toBe(false);
    expect(set.size).toBe(501);
    expect(set.has(numbers[123] ?? '')).toBe(true);
    expect(set.has('+33600000001')).toBe(false);
    expect(set.numbers().slice(0, -1)).toEqual([...numbers].sort());
    const copy = DistinctNumberSet.fromJSON(
      JSON.parse(JSON.stringify(set.toJSON())) as ReturnType<DistinctNumberSet['toJSON']>,
    );
    expect(copy.numbers()).toEqual(set.numbers());
  });

  it('grows to exactly its capacity limit, so a month at the limit holds limit + 1 numbers', () => {
    const set = new DistinctNumberSet(151);
    for (let i = 0; i < 151; i++) set.add(`+331${String(i).padStart(8, '0')}`);
    expect(set.toJSON().keys).toHaveLength(151);
    const small = new DistinctNumberSet(151);
    for (let i = 0; i < 30; i++) small.add(`+331${String(i).padStart(8, '0')}`);
    expect(set.capacity).toBe(151);
    expect(small.capacity).toBe(41); // 8, 12, 18, 27, 41
    expect(small.estimatedBytes()).toBeLessThan(set.estimatedBytes());
  });
});

describe('ActiveCalls', () => {
  it('keeps calls ending after the pruning instant only', () => {
    const active = new ActiveCalls();
    active.add('a', 0, 100);
    active.add('b', 10, 200);
    active.add('zero', 20, 20);
    expect(active.size).toBe(2);
    active.pruneEndedBy(100);
    expect(active.ids()).toEqual(['b']);
  });
});

describe('maskDigitRuns', () => {
  it('masks numbers inside URIs and User-Agents but keeps IP octets and ports', () => {
    expect(maskDigitRuns('sip:33612345678@192.168.1.10:5060;ob')).toBe(
      'sip:3361*****78@192.168.1.10:5060;ob',
    );
    expect(maskDigitRuns('<sip:+33612345678@example.net>')).toBe('<sip:+3361*****78@example.net>');
    expect(maskDigitRuns('sip:1001@pbx.example')).toBe('sip:1001@pbx.example');
    expect(maskDigitRuns('ext 12345')).toBe('ext *****');
  });
});
