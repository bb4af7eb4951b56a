import { beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../pipelines/ingest/call-record.ts';
import { createNumberClassifier } from '../../pipelines/numbering/classify.ts';
import { parseOptions } from '../../pipelines/config/options.ts';
import { numberingOptionsSpec } from '../../pipelines/numbering/numbering-options.ts';
import { loadReferenceData } from '../../pipelines/reference/load-reference-data.ts';
import type { ReferenceData } from '../../pipelines/reference/reference-data.ts';
import { ratingOptionsSpec } from '../../pipelines/rating-job/rating-options.ts';
import { RatingProcessor, type RatingOutputs } from '../../pipelines/rating-job/rating-processor.ts';

// The sample reference set: C-1001 (business, Illimité National, tarif-standard whose second version starts
// 2026-03-15 Paris time), C-2001 (call centre: a telecom professional), Yealink phones in the catalogue.
let reference: ReferenceData;
beforeAll(async () => {
  reference = await loadReferenceData('infra/reference/sample');
});

const YEALINK = 'Yealink SIP-T46U 108.86.0.45';
let sequence = 0;

function call(
  accountId: string,
  callee: string,
  start: string,
  billableSeconds: number,
  extra: Partial<CallRecord> = {},
): CallRecord {
  const startTime = new Date(start);
  const answered = billableSeconds > 0;
  const answerTime = answered ? new Date(startTime.getTime() + 5000) : null;
  const endTime = new Date(startTime.getTime() + 5000 + billableSeconds * 1000);
  sequence++;
  return {
    callId: `call-${sequence}`,
    accountId,
    caller: '+33140000000',
    callee,
    startTime,
    answerTime,
    endTime,
    durationSeconds: 5 + billableSeconds,
    billableSeconds,
    disposition: answered ? 'ANSWERED' : 'NO_ANSWER',
    direction: 'OUTBOUND',
    userAgent: YEALINK,
    sourceIp: '192.0.2.10',
    sipCallId: null,
    softswitch: 'test',
    ...extra,
  };
}

function processor(overrides: Record<string, unknown> = {}): RatingProcessor {
  const classify = createNumberClassifier(parseOptions('numbering', numberingOptionsSpec, {}));
  return new RatingProcessor({
    options: parseOptions('rating', ratingOptionsSpec, overrides),
    reference: () => reference,
    classify,
  });
}

function rateAll(calls: readonly CallRecord[], settings: Record<string, unknown> = {}): RatingOutputs {
  const p = processor(settings);
  p.addInput('file');
  const ratedCalls = [];
  const breaches = [];
  for (const record of calls) {
    p.add({ kind: 'call', record }, 'file');
    const out = p.poll();
    ratedCalls.push(...out.ratedCalls);
    breaches.push(...out.breaches);
  }
  const rest = p.flush();
  return {
    ratedCalls: [...ratedCalls, ...rest.ratedCalls],
    breaches: [...breaches, ...rest.breaches],
    rerates: [],
    late: [],
  };
}

describe('rating processor', () => {
  it('prices with the tariff version in force at the call start: the price changes on 15 March, Paris midnight', () => {
    const calls = [
      call('c1001-boutique', '+447700900123', '2026-03-14T22:59:00Z', 90), // 23:59 Paris on the 14th: old version
      call('c1001-boutique', '+447700900123', '2026-03-14T23:00:00Z', 90), // 00:00 Paris on the 15th: new version
    ];
    const rated = rateAll(calls).ratedCalls;
    expect(rated.map((r) => [r.reason, r.tariffVersion, r.chargedSeconds, r.amount])).toEqual([
      ['destination-not-in-plan', '2026-01', 90, '0.1800'],
      ['destination-not-in-plan', '2026-03-15', 90, '0.1500'],
    ]);
    expect(rated.every((r) => r.month === '2026-03' && !r.inPlan && r.currency === 'EUR')).toBe(true);
  });

  it('keeps national calls in plan at no charge, and never rates or counts emergency calls', () => {
    const rated = rateAll([
      call('c1001-boutique', '0612345678', '2026-03-02T09:00:00Z', 120),
      call('c1001-boutique', '112', '2026-03-02T09:10:00Z', 60),
      call('c1001-boutique', '0140000001', '2026-03-02T09:20:00Z', 0),
    ]).ratedCalls;
    expect(rated.map((r) => [r.callee, r.reason, r.inPlan, r.amount])).toEqual([
      ['+33612345678', 'in-plan', true, '0'],
      ['112', 'emergency', true, '0'],
      ['+33140000001', 'not-answered', false, '0'],
    ]);
  });

  it('bills a telecom professional per minute even for national calls', () => {
    const [rated] = rateAll([call('c2001-plateau-01', '0612345678', '2026-03-02T09:00:00Z', 61)]).ratedCalls;
    expect([rated?.reason, rated?.chargedSeconds, rated?.amount]).toEqual([
      'telecom-professional',
      61,
      '0.0508',
    ]);
  });

  it('bills the 4th simultaneous call and emits the breach once', () => {
    const start = Date.parse('2026-03-03T10:00:00Z');
    const calls = [0, 1, 2, 3, 4].map((i) =>
      call('c1001-fournil', `061234560${i}`, new Date(start + i * 1000).toISOString(), 600),
    );
    const { ratedCalls, breaches } = rateAll(calls);
    expect(ratedCalls.map((r) => r.reason)).toEqual([
      'in-plan',
      'in-plan',
      'in-plan',
      'concurrent-calls-exceeded',
      'concurrent-calls-exceeded',
    ]);
    expect(breaches.map((b) => [b.rule, b.accountId, b.month])).toEqual([
      ['concurrent-calls', 'c1001-fournil', '2026-03'],
    ]);
  });

  it('waits until every call that could overlap is known, and flushes at the end of input', () => {
    const p = processor({ maxCallDurationMinutes: 60, maxOutOfOrdernessSeconds: 0 });
    p.addInput('file');
    p.add({ kind: 'call', record: call('c1001-boutique', '0612345678', '2026-03-02T09:00:00Z', 60) }, 'file');
    expect(p.poll().ratedCalls).toHaveLength(0);
    // A call ending 61 minutes later moves event time past the first call's start + 60 minutes.
    p.add({ kind: 'call', record: call('c1001-boutique', '0612345679', '2026-03-02T10:00:00Z', 60) }, 'file');
    expect(p.poll().ratedCalls.map((r) => r.callee)).toEqual(['+33612345678']);
    expect(p.buffered).toBe(1);
    expect(p.flush().ratedCalls.map((r) => r.callee)).toEqual(['+33612345679']);
  });

  it('gives identical results whatever the arrival order within the lateness bounds, and on replay', () => {
    const base = Date.parse('2026-03-05T08:00:00Z');
    const calls = Array.from({ length: 200 }, (_, i) =>
      call(
        i % 2 === 0 ? 'c1001-boutique' : 'c1002-accueil',
        i % 7 === 0 ? `+4477009${String(i).padStart(5, '0')}` : `06${String(10_000_000 + i * 37)}`,
        new Date(base + i * 45_000).toISOString(),
        (i * 13) % 400,
      ),
    );
    const shuffled = [...calls].sort(
      (a, b) =>
        (a.callId.length % 3) - (b.callId.length % 3) || b.startTime.getTime() - a.startTime.getTime(),
    );
    const first = JSON.stringify(rateAll(calls));
    expect(JSON.stringify(rateAll(calls))).toBe(first);
    expect(JSON.stringify(rateAll(shuffled, { maxOutOfOrdernessSeconds: 86_400 }))).toBe(
      JSON.stringify(rateAll(calls, { maxOutOfOrdernessSeconds: 86_400 })),
    );
  });
  it('keeps a call that arrives after later calls of its account were rated, instead of failing', () => {
    const p = processor({ maxCallDurationMinutes: 1, maxOutOfOrdernessSeconds: 0 });
    p.addInput('file');
    p.add({ kind: 'call', record: call('c1001-boutique', '0612345678', '2026-03-02T10:00:00Z', 60) }, 'file');
    p.add({ kind: 'call', record: call('c1001-boutique', '0612345679', '2026-03-02T11:00:00Z', 60) }, 'file');
    expect(p.poll().ratedCalls).toHaveLength(2);
    const straggler = call('c1001-boutique', '0612345670', '2026-03-02T09:00:00Z', 60);
    p.add({ kind: 'call', record: straggler }, 'file');
    const out = p.poll();
    expect(out.late).toEqual([{ kind: 'call', record: straggler }]);
    expect(p.stats.lateInputs).toBe(1);
    expect(out.ratedCalls).toEqual([]);
  });
});
