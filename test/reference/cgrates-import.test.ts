import { describe, expect, it } from 'vitest';
import type { Tariff } from '../../pipelines/rating/tariff.ts';
import { ProblemList, type ReferenceProblem } from '../../pipelines/reference/problems.ts';
import { readCgratesTariffPlan } from '../../pipelines/reference/tariffs/cgrates-tariff-plan.ts';
import { assembleTariffs } from '../../pipelines/reference/tariffs/tariff-assembly.ts';

/** A small tariff plan in the real CGRateS column orders (data/tariffplans/tutorial). */
const PLAN: Readonly<Record<string, string>> = {
  'Destinations.csv': `#Id,Prefix
DST_FR_MOBILE,+336
DST_FR_MOBILE,+337
DST_UK,44
DST_SAT,870
`,
  'Rates.csv': `#Id,ConnectFee,Rate,RateUnit,RateIncrement,GroupIntervalStart
RT_MOBILE,0.02,0.1,60s,60s,0s
RT_MOBILE,0,0.05,60s,1s,60s
RT_UK_PER_SECOND,0,0.0005,1s,1s,0s
RT_SAT,0.5,1.5,30s,30s,0s
RT_SAT_2027,0.5,3,1m,1m,0s
`,
  'DestinationRates.csv': `#Id,DestinationId,RatesTag,RoundingMethod,RoundingDecimals,MaxCost,MaxCostStrategy
DR_RETAIL,DST_FR_MOBILE,RT_MOBILE,*middle,4,0,
DR_RETAIL,DST_UK,RT_UK_PER_SECOND,*middle,4,0,
DR_SAT,DST_SAT,RT_SAT,*middle,4,0,
DR_SAT_2027,DST_SAT,RT_SAT_2027,*middle,4,0,
`,
  'RatingPlans.csv': `#Id,DestinationRatesId,TimingTag,Weight
RP_2026,DR_RETAIL,*any,10
RP_2026,DR_SAT,*any,10
RP_2027,DR_RETAIL,ALWAYS,10
RP_2027,DR_SAT_2027,ALWAYS,10
`,
  'Timings.csv': `#Tag,Years,Months,MonthDays,WeekDays,Time
ALWAYS,*any,*any,*any,*any,00:00:00
PEAK,*any,*any,*any,1;2;3;4;5,08:00:00
`,
  'RatingProfiles.csv': `#Tenant,Category,Subject,ActivationTime,RatingPlanId,RatesFallbackSubject
cgrates.org,call,*any,2027-01-01,RP_2027,
cgrates.org,call,*any,2026-01-01T00:00:00Z,RP_2026,
cgrates.org,sms,*any,2026-01-01T00:00:00Z,RP_SMS,
`,
};

function load(changes: Readonly<Record<string, string | undefined>> = {}): {
  tariff: Tariff | undefined;
  problems: readonly ReferenceProblem[];
} {
  const files = new Map(
    Object.entries({ ...PLAN, ...changes }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const problems = new ProblemList();
  const drafts = readCgratesTariffPlan({ tariffId: 'tarif-cg', path: 'tariffs/tarif-cg', files }, problems);
  const tariffs = assembleTariffs(drafts, problems);
  return { tariff: tariffs.get('tarif-cg'), problems: problems.all() };
}

function withLine(file: string, line: string): string {
  return `${PLAN[file] ?? ''}${line}\n`;
}

describe('CGRateS tariff-plan import', () => {
  it('turns call rating profiles into versions labelled by rating plan, sorted by activation', () => {
    const { tariff, problems } = load();
    expect(problems).toEqual([]);
    expect(tariff?.versions.map((v) => [v.version, v.effectiveFrom.toISOString(), v.currency])).toEqual([
      ['RP_2026', '2026-01-01T00:00:00.000Z', 'EUR'],
      ['RP_2027', '2026-12-31T23:00:00.000Z', 'EUR'],
    ]);
  });

  it('keeps GroupIntervalStart tiers, the connect fee of the 0s slot and the increments', () => {
    const mobile = load().tariff?.versions[0]?.rates.find((r) => r.prefix === '336');
    expect(mobile?.destinationId).toBe('DST_FR_MOBILE');
    expect(mobile?.connectFee.toFixed()).toBe('0.02');
    expect(mobile?.tiers.map((t) => [t.fromSecond, t.pricePerMinute.toFixed(), t.incrementSeconds])).toEqual([
      [0, '0.1', 60],
      [60, '0.05', 1],
    ]);
  });

  it('converts rates per other units to exact prices per minute', () => {
    const version = load().tariff?.versions[0];
    const uk = version?.rates.find((r) => r.prefix === '44');
    expect(uk?.tiers.map((t) => [t.pricePerMinute.toFixed(), t.incrementSeconds])).toEqual([['0.03', 1]]);
    const satellite = version?.rates.find((r) => r.prefix === '870');
    expect(satellite?.tiers.map((t) => [t.pricePerMinute.toFixed(), t.incrementSeconds])).toEqual([
      ['3', 30],
    ]);
    const satellite2027 = load().tariff?.versions[1]?.rates.find((r) => r.prefix === '870');
    expect(satellite2027?.tiers[0]?.pricePerMinute.toFixed()).toBe('3');
  });

  it('maps *middle to half-up and strips the + of prefixes', () => {
    const version = load().tariff?.versions[0];
    expect(version?.rounding).toEqual({ mode: 'half-up', decimals: 4 });
    expect(version?.rates.map((r) => r.prefix)).toEqual(['336', '337', '44', '870']);
  });

  it('reads files without header positionally, and the older RatingProfiles columns by name', () => {
    const { tariff, problems } = load({
      'Destinations.csv': PLAN['Destinations.csv']?.replace('#Id,Prefix\n', ''),
      'RatingProfiles.csv': `#Direction,Tenant,Category,Subject,ActivationTime,RatingPlanId,RatesFallbackSubject,CdrStatQueueIds
*out,cgrates.org,call,*any,2026-01-01T00:00:00Z,RP_2026,,
`,
    });
    expect(problems).toEqual([]);
    expect(tariff?.versions.map((v) => v.version)).toEqual(['RP_2026']);
    expect(tariff?.versions[0]?.rates).toHaveLength(4);
  });

  it('reads the currency from tariff.yaml', () => {
    expect(load({ 'tariff.yaml': 'currency: CHF\n' }).tariff?.versions[0]?.currency).toBe('CHF');
    expect(load({ 'tariff.yaml': 'currency: francs\n' }).problems).toEqual([
      {
        file: 'tariffs/tarif-cg/tariff.yaml',
        line: 1,
        field: 'currency',
        message: '"francs" is not an ISO 4217 code such as EUR',
      },
    ]);
  });

  it.each([
    [
      'a rate unit without exact price per minute',
      { 'Rates.csv': withLine('Rates.csv', 'RT_UK_PER_SECOND,0,0.01,7s,1s,60s') },
      { file: 'Rates.csv', line: 7, field: 'RateUnit', message: /0.01 per 7s has no exact price per minute/ },
    ],
    [
      'an increment that is not whole seconds (a bare number is nanoseconds)',
      { 'Rates.csv': withLine('Rates.csv', 'RT_X,0,0.01,60s,1,0s') },
      {
        file: 'Rates.csv',
        line: 7,
        field: 'RateIncrement',
        message: /whole number of seconds, got 0.000000001s/,
      },
    ],
    [
      'a negative rate',
      { 'Rates.csv': withLine('Rates.csv', 'RT_X,0,-0.01,60s,1s,0s') },
      { file: 'Rates.csv', line: 7, field: 'Rate', message: /must not be negative/ },
    ],
    [
      'tiers not starting at 0s',
      {
        'Rates.csv': PLAN['Rates.csv']?.replace(
          'RT_UK_PER_SECOND,0,0.0005,1s,1s,0s',
          'RT_UK_PER_SECOND,0,0.0005,1s,1s,30s',
        ),
      },
      {
        file: 'Rates.csv',
        line: 4,
        field: 'GroupIntervalStart',
        message: /rate RT_UK_PER_SECOND: the first tier must start at 0s, not 30s/,
      },
    ],
    [
      'two slots at the same start',
      { 'Rates.csv': withLine('Rates.csv', 'RT_MOBILE,0,0.04,60s,1s,60s') },
      {
        file: 'Rates.csv',
        line: 7,
        field: 'GroupIntervalStart',
        message: /two slots starting at 60s \(also line 3\)/,
      },
    ],
    [
      'a tier that does not fall on an increment of the previous one',
      {
        'Rates.csv': PLAN['Rates.csv']?.replace('RT_MOBILE,0,0.05,60s,1s,60s', 'RT_MOBILE,0,0.05,60s,1s,90s'),
      },
      {
        file: 'Rates.csv',
        line: 3,
        field: 'GroupIntervalStart',
        message: /tier at 90s does not fall on a 60s increment/,
      },
    ],
    [
      'a connect fee on a later slot',
      {
        'Rates.csv': PLAN['Rates.csv']?.replace(
          'RT_MOBILE,0,0.05,60s,1s,60s',
          'RT_MOBILE,0.01,0.05,60s,1s,60s',
        ),
      },
      { file: 'Rates.csv', line: 3, field: 'ConnectFee', message: /charged once, from the 0s slot/ },
    ],
    [
      'an unknown rating method',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace(
          'DST_UK,RT_UK_PER_SECOND,*middle',
          'DST_UK,RT_UK_PER_SECOND,*nearest',
        ),
      },
      {
        file: 'DestinationRates.csv',
        line: 3,
        field: 'RoundingMethod',
        message: /unknown rounding method "\*nearest"/,
      },
    ],
    [
      'mixed rounding rules in one destination rate',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace(
          'DST_UK,RT_UK_PER_SECOND,*middle',
          'DST_UK,RT_UK_PER_SECOND,*up',
        ),
      },
      {
        file: 'DestinationRates.csv',
        line: 3,
        field: 'RoundingMethod',
        message: /destination rate DR_RETAIL mixes rounding rules \(up\/4 here, half-up\/4 on line 2\)/,
      },
    ],
    [
      'mixed rounding rules in one rating plan',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace(
          'DR_SAT,DST_SAT,RT_SAT,*middle,4',
          'DR_SAT,DST_SAT,RT_SAT,*middle,2',
        ),
      },
      {
        file: 'DestinationRates.csv',
        line: 4,
        field: 'RoundingMethod',
        message: /rating plan RP_2026 mixes rounding rules \(half-up\/2 here, half-up\/4 on line 2\)/,
      },
    ],
    [
      'a maximum cost',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace(
          'DR_SAT,DST_SAT,RT_SAT,*middle,4,0,',
          'DR_SAT,DST_SAT,RT_SAT,*middle,4,0.62,*disconnect',
        ),
      },
      {
        file: 'DestinationRates.csv',
        line: 4,
        field: 'MaxCost',
        message: /maximum cost per call is not supported/,
      },
    ],
    [
      'an unknown rates tag',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace(
          'DST_UK,RT_UK_PER_SECOND',
          'DST_UK,RT_UK',
        ),
      },
      {
        file: 'DestinationRates.csv',
        line: 3,
        field: 'RatesTag',
        message: /unknown rate RT_UK \(not in Rates.csv\)/,
      },
    ],
    [
      'an unknown destination',
      {
        'DestinationRates.csv': PLAN['DestinationRates.csv']?.replace('DR_RETAIL,DST_UK', 'DR_RETAIL,DST_GB'),
      },
      {
        file: 'DestinationRates.csv',
        line: 3,
        field: 'DestinationId',
        message: /unknown destination DST_GB/,
      },
    ],
    [
      'a timing restricted to some hours',
      { 'RatingPlans.csv': PLAN['RatingPlans.csv']?.replace('RP_2026,DR_SAT,*any', 'RP_2026,DR_SAT,PEAK') },
      {
        file: 'RatingPlans.csv',
        line: 3,
        field: 'TimingTag',
        message: /PEAK restricts the time of day or week/,
      },
    ],
    [
      'a per-subject rating profile',
      {
        'RatingProfiles.csv': withLine(
          'RatingProfiles.csv',
          'cgrates.org,call,1001,2026-06-01T00:00:00Z,RP_2026,',
        ),
      },
      {
        file: 'RatingProfiles.csv',
        line: 5,
        field: 'Subject',
        message: /per-subject rating profiles are not supported/,
      },
    ],
    [
      'an unknown rating plan',
      { 'RatingProfiles.csv': withLine('RatingProfiles.csv', 'cgrates.org,call,*any,2028-01-01,RP_2028,') },
      { file: 'RatingProfiles.csv', line: 5, field: 'RatingPlanId', message: /unknown rating plan RP_2028/ },
    ],
    [
      'an activation time without zone',
      {
        'RatingProfiles.csv': withLine(
          'RatingProfiles.csv',
          'cgrates.org,call,*any,2028-01-01T00:00:00,RP_2026,',
        ),
      },
      { file: 'RatingProfiles.csv', line: 5, field: 'ActivationTime', message: /RFC 3339 instant/ },
    ],
    [
      'a rating plan activated twice',
      { 'RatingProfiles.csv': withLine('RatingProfiles.csv', 'cgrates.org,call,*any,2028-01-01,RP_2026,') },
      {
        file: 'RatingProfiles.csv',
        line: 5,
        field: 'RatingPlanId',
        message: /version "RP_2026" is defined twice/,
      },
    ],
    [
      'a missing file',
      { 'Rates.csv': undefined },
      {
        file: 'Rates.csv',
        line: undefined,
        field: undefined,
        message: /missing file of the CGRateS tariff plan/,
      },
    ],
  ])('rejects %s, naming file, line and field', (_name, changes, expected) => {
    const { problems } = load(changes);
    expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
    const [problem] = problems;
    expect(problem?.file).toBe(`tariffs/tarif-cg/${expected.file}`);
    expect(problem?.line).toBe(expected.line);
    expect(problem?.field).toBe(expected.field);
    expect(problem?.message).toMatch(expected.message);
  });

  it('rejects a prefix rated twice in a rating plan, once per rating plan', () => {
    const { problems } = load({ 'Destinations.csv': withLine('Destinations.csv', 'DST_SAT,+336') });
    expect(problems.map((p) => [p.file, p.line, p.field, p.message])).toEqual([
      [
        'tariffs/tarif-cg/DestinationRates.csv',
        5,
        'DestinationId',
        'duplicate prefix 336 in rating plan RP_2027 (destination DST_SAT; already rated by DestinationRates.csv line 2)',
      ],
      [
        'tariffs/tarif-cg/DestinationRates.csv',
        4,
        'DestinationId',
        'duplicate prefix 336 in rating plan RP_2026 (destination DST_SAT; already rated by DestinationRates.csv line 2)',
      ],
    ]);
  });

  it('rejects a catch-all *any destination', () => {
    const { problems } = load({
      'DestinationRates.csv': withLine('DestinationRates.csv', 'DR_RETAIL,*any,RT_MOBILE,*middle,4,0,'),
    });
    expect(problems).toEqual([
      {
        file: 'tariffs/tarif-cg/DestinationRates.csv',
        line: 6,
        field: 'DestinationId',
        message: expect.stringMatching(/\*any \(a catch-all destination\) is not supported/) as string,
      },
    ]);
  });
});
