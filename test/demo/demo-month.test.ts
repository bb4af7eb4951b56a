import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateDemoMonth, type DemoMonth } from '../../pipelines/demo/month/index.ts';
import { callRecordProblem } from '../../pipelines/ingest/call-record.ts';
import { CALL_RECORD_SCHEMA_FILE } from '../../pipelines/ingest/schema-files.ts';
import { REGISTRATION_EVENT_SCHEMA_FILE } from '../../pipelines/registration/schema-file.ts';
import { loadAvroSchema } from '../../pipelines/schema-registry/avro-schema-file.ts';
import { registrationEventProblem } from '../../pipelines/registration/registration-event.ts';
import { parisMonthOf } from '../../pipelines/time/paris-calendar.ts';
import { demoFixture } from './demo-fixture.ts';

/** sha256 of every field of every record, in order (and of the scenario): equal hashes mean identical output. */
function hashOf(month: DemoMonth): string {
  const hash = createHash('sha256');
  const text = (value: unknown): string => (value instanceof Date ? String(value.getTime()) : String(value));
  for (const record of [...month.calls, ...month.registrations]) {
    hash.update(Object.values(record).map(text).join('|'));
  }
  hash.update(JSON.stringify(month.scenario));
  return hash.digest('hex');
}

const parisTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
});

describe('generateDemoMonth', () => {
  it('is deterministic: the same options give the same records; another seed other traffic, same people', async () => {
    const { month } = await demoFixture();
    const again = generateDemoMonth({ month: '2026-03', accounts: 300, seed: 42 });
    expect(hashOf(again)).toBe(hashOf(month));
    const small = generateDemoMonth({ accounts: 40, seed: 42 });
    const otherSeed = generateDemoMonth({ accounts: 40, seed: 7 });
    expect(hashOf(otherSeed)).not.toBe(hashOf(small));
    expect(otherSeed.population).toEqual(small.population);
  });

  it('generates a month of traffic for 300 accounts, sorted in event time', async () => {
    const { month } = await demoFixture();
    expect(month.options).toEqual({ month: '2026-03', accounts: 300, seed: 42 });
    expect(month.population.accounts).toHaveLength(300);
    expect(month.calls.length).toBeGreaterThan(30_000);
    expect(month.calls.length).toBeLessThan(70_000);
    expect(month.scenario.counts.calls).toBe(month.calls.length);
    expect(month.scenario.counts.registrationEvents).toBe(month.registrations.length);
    expect(new Set(month.calls.map((c) => c.accountId)).size).toBe(300);
    expect(new Set(month.calls.map((c) => c.callId)).size).toBe(month.calls.length);
    expect(new Set(month.registrations.map((e) => e.eventId)).size).toBe(month.registrations.length);
    const unsortedCalls = month.calls.filter(
      (c, i) => i > 0 && c.startTime < (month.calls[i - 1]?.startTime ?? 0),
    );
    const unsortedEvents = month.registrations.filter(
      (e, i) => i > 0 && e.timestamp < (month.registrations[i - 1]?.timestamp ?? 0),
    );
    expect(unsortedCalls).toEqual([]);
    expect(unsortedEvents).toEqual([]);
  });

  it('produces only valid records', async () => {
    const { month } = await demoFixture();
    const callProblems = month.calls.map(callRecordProblem).filter((p) => p !== undefined);
    const eventProblems = month.registrations.map(registrationEventProblem).filter((p) => p !== undefined);
    expect(callProblems).toEqual([]);
    expect(eventProblems).toEqual([]);
  });

  it('fits the Avro schemas of the topics (the ingest path can publish it as it is)', async () => {
    const { month } = await demoFixture();
    const callType = (await loadAvroSchema(CALL_RECORD_SCHEMA_FILE)).type;
    const eventType = (await loadAvroSchema(REGISTRATION_EVENT_SCHEMA_FILE)).type;
    expect(month.calls.filter((c) => !callType.isValid(c)).map((c) => c.callId)).toEqual([]);
    expect(month.registrations.filter((e) => !eventType.isValid(e)).map((e) => e.eventId)).toEqual([]);
    const first = month.calls[0];
    expect(callType.fromBuffer(callType.toBuffer(first))).toEqual(first);
  });

  it('starts every call and event in the Paris month; some calls end in the next one', async () => {
    const { month } = await demoFixture();
    expect(month.calls.filter((c) => parisMonthOf(c.startTime) !== '2026-03')).toEqual([]);
    expect(month.registrations.filter((e) => parisMonthOf(e.timestamp) !== '2026-03')).toEqual([]);
    expect(month.calls[0]?.startTime).toEqual(new Date('2026-02-28T23:00:00.000Z'));
    const endingLater = month.calls.filter((c) => parisMonthOf(c.endTime) === '2026-04');
    expect(endingLater.map((c) => c.callId).sort()).toEqual(
      month.scenario.monthBoundary.acrossMonthEnd.map((e) => e.callId).sort(),
    );
    expect(endingLater.map((c) => c.startTime.toISOString())).toEqual([
      '2026-03-31T21:50:00.000Z', // 23:50 Paris (CEST)
      '2026-03-31T21:59:30.000Z',
    ]);
  });

  it('places ordinary calls in business hours, Paris time', async () => {
    const { month } = await demoFixture();
    const ordinary = new Set(
      month.population.accounts.filter((a) => a.role === 'ordinary').map((a) => a.accountId),
    );
    const hours = month.calls
      .filter((c) => ordinary.has(c.accountId))
      .map((c) => parisTime.format(c.startTime));
    expect(hours.filter((h) => h < '08:00' || h > '19:31')).toEqual([]);
    const midday = hours.filter((h) => h >= '09:00' && h < '18:00').length;
    expect(midday / hours.length).toBeGreaterThan(0.8);
  });

  it('has unanswered calls without billable seconds, and emergency calls', async () => {
    const { month } = await demoFixture();
    for (const disposition of ['NO_ANSWER', 'BUSY', 'CANCELLED', 'FAILED'] as const) {
      const calls = month.calls.filter((c) => c.disposition === disposition);
      expect(calls.length).toBeGreaterThan(100);
      expect(calls.every((c) => c.billableSeconds === 0 && c.answerTime === null)).toBe(true);
    }
    const callees = new Set(month.calls.map((c) => c.callee));
    for (const emergency of ['15', '17', '18', '112']) expect(callees.has(emergency)).toBe(true);
    expect(month.scenario.counts.emergencyCalls).toBeGreaterThan(10);
  });

  it('crosses the DST change of 29 March with real durations', async () => {
    const { month } = await demoFixture();
    const dst = month.scenario.dstChange;
    expect(dst?.kind).toBe('summer-time-starts');
    expect(dst?.instant).toEqual(new Date('2026-03-29T01:00:00.000Z'));
    const [across, after] = (dst?.calls ?? []).map((edge) =>
      month.calls.find((c) => c.callId === edge.callId),
    );
    expect(parisTime.format(across?.startTime)).toBe('01:50');
    expect(parisTime.format(across?.endTime)).toBe('03:10');
    expect(across?.durationSeconds).toBe(1205); // 20 minutes of talk, not 80
    expect(parisTime.format(after?.startTime)).toBe('03:20');
  });

  it('lives 02:30 twice at the end of summer time (October)', () => {
    const october = generateDemoMonth({ month: '2026-10', accounts: 60, seed: 3 });
    const calls = october.scenario.dstChange?.calls ?? [];
    expect(october.scenario.dstChange?.kind).toBe('summer-time-ends');
    expect(calls.map((c) => parisTime.format(c.startTime))).toEqual(['02:30', '02:30']);
    expect(calls.map((c) => c.startTime.toISOString())).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);
    expect(generateDemoMonth({ month: '2026-06', accounts: 40 }).scenario.dstChange).toBeUndefined();
  });

  it('refuses options outside its spec', () => {
    expect(() => generateDemoMonth({ month: '2026-13' })).toThrow(/demoMonth.month/);
    expect(() => generateDemoMonth({ accounts: 10 })).toThrow(/demoMonth.accounts/);
    expect(() => generateDemoMonth({ days: 3 })).toThrow(/unknown option/);
  });
});
