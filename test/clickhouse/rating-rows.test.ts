import { describe, expect, it } from 'vitest';
import {
  breachRow,
  monthOfStartDate,
  monthStartDate,
  ratedCallRow,
} from '../../pipelines/clickhouse/rating-rows.ts';
import { breach, inPlanCall, ratedCall } from './rating-fixtures.ts';

const ratedAt = new Date('2026-04-01T08:00:00.123Z');

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('ratedCallRow', () => {
  it('maps a priced call to a rated_calls row: decimal string, UTC DateTime64 text, JSON breakdown', () => {
    const call = ratedCall({ callId: 'c-1', amount: '0.7100', ratingVersion: 7 });
    expect(ratedCallRow(call, ratedAt)).toEqual({
      call_id: 'c-1',
      softswitch: 'asterisk-1',
      account_id: 'acct-1',
      customer_id: 'cust-1',
      month: '2026-03-01',
      start_time: '2026-03-10 10:00:00.000',
      answer_time: '2026-03-10 10:00:05.000',
      end_time: '2026-03-10 10:01:06.000',
      duration_s: 66,
      billable_s: 61,
      charged_s: 61,
      callee: '+442079460000',
      destination_class: 'international',
      destination_country: 'GB',
      in_plan: false,
      reason: 'destination-not-in-plan',
      amount: '0.7100',
      currency: 'EUR',
      tariff_id: 'standard',
      tariff_version: '2026-01',
      breakdown: JSON.stringify(call.breakdown),
      rating_version: 7,
      rated_at: '2026-04-01 08:00:00.123',
    });
  });

  it('stores absent values as empty strings or null', () => {
    const row = ratedCallRow(
      inPlanCall({ callId: 'c-2', answerTime: null, billableSeconds: 0, destinationCountry: null }),
      ratedAt,
    );
    expect(row).toMatchObject({
      answer_time: null,
      destination_country: '',
      tariff_id: '',
      tariff_version: '',
    });
    expect(JSON.parse(row.breakdown)).toEqual({ kind: 'free', reason: 'in-plan' });
  });

  it('accepts every amount Decimal(18, 6) holds exactly and refuses the others, naming the call, not the callee', () => {
    for (const amount of ['0', '-1.5', '0.000001', '999999999999.999999']) {
      expect(ratedCallRow(ratedCall({ callId: 'ok', amount }), ratedAt).amount).toBe(amount);
    }
    for (const amount of ['0.0000001', '1000000000000', '1e-6', '', '1.', ' 1']) {
      const error = thrownBy(() => ratedCallRow(ratedCall({ callId: 'bad-amount', amount }), ratedAt));
      expect(error).toMatchObject({ code: 'RECORD_INVALID' });
      expect((error as Error).message).toContain('rated call bad-amount');
      expect((error as Error).message).not.toContain('442079460000');
    }
  });

  it('refuses a bad month, rating version, count or date', () => {
    const bad = [
      ratedCall({ callId: 'x', month: '2026-3' }),
      ratedCall({ callId: 'x', ratingVersion: -1 }),
      ratedCall({ callId: 'x', ratingVersion: 1.5 }),
      ratedCall({ callId: 'x', ratingVersion: Number.MAX_SAFE_INTEGER + 1 }),
      ratedCall({ callId: 'x', billableSeconds: -1 }),
      ratedCall({ callId: 'x', chargedSeconds: 2 ** 32 }),
      ratedCall({ callId: 'x', endTime: new Date(Number.NaN) }),
    ];
    for (const call of bad) {
      expect(thrownBy(() => ratedCallRow(call, ratedAt))).toMatchObject({ code: 'RECORD_INVALID' });
    }
    expect(() => ratedCallRow(ratedCall({ callId: 'x' }), new Date(Number.NaN))).toThrow(/ratedAt/);
  });
});

describe('breachRow', () => {
  it('maps a breach event, with its trigger, policy and evidence', () => {
    const event = breach({ breachId: 'b-1' });
    expect(breachRow(event, ratedAt)).toEqual({
      breach_id: 'b-1',
      account_id: 'acct-1',
      customer_id: 'cust-1',
      rule: 'concurrent-calls',
      month: '2026-03-01',
      at: '2026-03-12 09:00:00.000',
      triggering_call_id: 'call-x',
      triggering_event_id: null,
      policy: 'rest-of-month',
      rerate_month: false,
      evidence: JSON.stringify(event.evidence),
      recorded_at: '2026-04-01 08:00:00.123',
    });
    const { triggeringCallId: _omitted, ...byRegistration } = breach({
      breachId: 'b-2',
      rule: 'registered-devices',
      triggeringEventId: 'reg-9',
    });
    expect(breachRow(byRegistration, ratedAt)).toMatchObject({
      triggering_call_id: null,
      triggering_event_id: 'reg-9',
    });
    expect(() => breachRow(breach({ breachId: 'b-3', month: '03-2026' }), ratedAt)).toThrow(/breach b-3/);
  });
});

describe('months', () => {
  it('converts YYYY-MM to the Date of its first day and back', () => {
    expect(monthStartDate('2026-12')).toBe('2026-12-01');
    expect(monthOfStartDate('2026-12-01')).toBe('2026-12');
    expect(thrownBy(() => monthStartDate('2026-13'))).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => monthOfStartDate('2026-12-02')).toThrow(/1st of a month/);
  });
});
