import { describe, expect, it } from 'vitest';
import type { Destination } from '../../pipelines/numbering/destination.ts';
import { priceCall } from '../../pipelines/rating/price-call.ts';
import {
  inPlanRating,
  offPlanRating,
  RATING_REASONS,
  type RatableCall,
  type RatingContext,
} from '../../pipelines/rating/rated-call.ts';
import { rate, sixtyOne, tariff, version } from './tariff-fixtures.ts';

const call: RatableCall = {
  callId: 'call-1',
  softswitch: 'asterisk-1',
  accountId: 'acct-1',
  startTime: new Date('2026-03-10T10:00:00Z'),
  answerTime: new Date('2026-03-10T10:00:05Z'),
  endTime: new Date('2026-03-10T10:01:06Z'),
  durationSeconds: 66,
  billableSeconds: 61,
};
const context: RatingContext = { customerId: 'cust-1', month: '2026-03', ratingVersion: 7, currency: 'EUR' };
const mobile: Destination = {
  class: 'national-mobile',
  number: '+33612345678',
  country: 'FR',
  callingCode: '33',
  highRisk: false,
};
const london: Destination = {
  class: 'international',
  number: '+442079460000',
  country: 'GB',
  callingCode: '44',
  highRisk: false,
};
const samu: Destination = { class: 'emergency', number: '15', highRisk: false };
const prices = tariff([
  version('2026-01', '2026-01-01T00:00:00Z', [rate('44', 'GB', sixtyOne('0.60'), '0.10')], {
    decimals: 4,
    mode: 'half-up',
  }),
]);
const priceOf = (destination: Destination): ReturnType<typeof priceCall> =>
  priceCall(
    { billableSeconds: call.billableSeconds, number: destination.number, startTime: call.startTime },
    prices,
  );

describe('inPlanRating', () => {
  it('costs 0 and says why', () => {
    expect(inPlanRating(call, mobile, context)).toEqual({
      callId: 'call-1',
      softswitch: 'asterisk-1',
      accountId: 'acct-1',
      customerId: 'cust-1',
      month: '2026-03',
      startTime: call.startTime,
      answerTime: call.answerTime,
      endTime: call.endTime,
      durationSeconds: 66,
      billableSeconds: 61,
      chargedSeconds: 0,
      callee: '+33612345678',
      destinationClass: 'national-mobile',
      destinationCountry: 'FR',
      inPlan: true,
      reason: 'in-plan',
      amount: '0',
      currency: 'EUR',
      tariffId: null,
      tariffVersion: null,
      breakdown: { kind: 'free', reason: 'in-plan' },
      ratingVersion: 7,
    });
  });

  it('rates an unanswered call at 0, not in plan', () => {
    const unanswered = { ...call, answerTime: null, billableSeconds: 0 };
    expect(inPlanRating(unanswered, london, context, 'not-answered')).toMatchObject({
      inPlan: false,
      reason: 'not-answered',
      amount: '0',
      breakdown: { kind: 'free', reason: 'not-answered' },
    });
  });
});

describe('offPlanRating', () => {
  it('carries the price, the tariff version and the breakdown', () => {
    const rated = offPlanRating(call, london, context, 'destination-not-in-plan', priceOf(london));
    expect(rated).toMatchObject({
      callee: '+442079460000',
      destinationClass: 'international',
      destinationCountry: 'GB',
      inPlan: false,
      reason: 'destination-not-in-plan',
      billableSeconds: 61,
      chargedSeconds: 61,
      amount: '0.7100',
      currency: 'EUR',
      tariffId: 'T1',
      tariffVersion: '2026-01',
      ratingVersion: 7,
    });
    expect(rated.breakdown).toMatchObject({
      kind: 'priced',
      offPlanReason: 'destination-not-in-plan',
      destinationId: 'GB',
      prefix: '44',
      price: { connectFee: '0.1', unroundedTotal: '0.71', roundedTotal: '0.7100' },
    });
    expect(JSON.parse(JSON.stringify(rated.breakdown))).toEqual(rated.breakdown);
  });

  it('rates a call that could not be priced as no-tariff, keeping the off-plan reason', () => {
    const rated = offPlanRating(call, mobile, context, 'distinct-numbers-exceeded', priceOf(mobile));
    expect(rated).toMatchObject({
      reason: 'no-tariff',
      inPlan: false,
      amount: '0',
      tariffId: 'T1',
      tariffVersion: null,
    });
    expect(rated.breakdown).toEqual({
      kind: 'unpriced',
      offPlanReason: 'distinct-numbers-exceeded',
      failure: 'no-rate-for-destination',
    });
    const withoutTariff = offPlanRating(call, mobile, context, 'no-plan', null);
    expect(withoutTariff).toMatchObject({
      reason: 'no-tariff',
      amount: '0',
      tariffId: null,
      currency: 'EUR',
    });
    expect(withoutTariff.breakdown).toEqual({
      kind: 'unpriced',
      offPlanReason: 'no-plan',
      failure: 'tariff-not-found',
    });
  });
});

describe('emergency calls are never priced', () => {
  it('rates an emergency call at 0 whatever the job asks', () => {
    const emergencyPrices = tariff([
      version('v', '2020-01-01T00:00:00Z', [rate('15', 'SAMU', sixtyOne('9.99'), '1')]),
    ]);
    const price = priceCall(
      { billableSeconds: 61, number: '15', startTime: call.startTime },
      emergencyPrices,
    );
    const expected = {
      reason: 'emergency',
      inPlan: true,
      amount: '0',
      chargedSeconds: 0,
      tariffId: null,
      tariffVersion: null,
      callee: '15',
      destinationCountry: null,
      breakdown: { kind: 'free', reason: 'emergency' },
    };
    expect(offPlanRating(call, samu, context, 'third-party-device', price)).toMatchObject(expected);
    expect(offPlanRating(call, samu, context, 'no-plan', null)).toMatchObject(expected);
    expect(inPlanRating(call, samu, context)).toMatchObject(expected);
    expect(inPlanRating(call, samu, context, 'not-answered')).toMatchObject(expected);
  });
});

it('lists every rating reason once', () => {
  expect(new Set(RATING_REASONS).size).toBe(RATING_REASONS.length);
  expect(RATING_REASONS).toHaveLength(11);
});
