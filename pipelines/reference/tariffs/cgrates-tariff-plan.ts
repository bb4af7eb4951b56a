import type { RateTier, RoundingRule, TariffRate } from '../../rating/tariff.ts';
import { EntryReader } from '../entry-reader.ts';
import { isCalendarDate, parisMidnight } from '../paris-time.ts';
import type { ProblemList } from '../problems.ts';
import { parseYamlFile } from '../yaml-file.ts';
import {
  CGRATES_FILES,
  readAlwaysTimings,
  readDestinationRates,
  readDestinations,
  readRatingPlans,
  readRatingProfiles,
  readRates,
  type RateSlot,
} from './cgrates-csv-files.ts';
import { PrefixRegistry, prefixLabel, ratePrefix } from './prefix.ts';
import type { VersionDraft } from './tariff-assembly.ts';
import { tierProblem } from './tiers.ts';

export const CGRATES_MANIFEST = 'tariff.yaml';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A tariff given as a CGRateS tariff-plan directory (`tariffs/<tariffId>/`). */
export interface CgratesDirectory {
  readonly tariffId: string;
  /** Path relative to the reference directory, for problems (`tariffs/pro`). */
  readonly path: string;
  /** File name -> text. */
  readonly files: ReadonlyMap<string, string>;
}

interface CompiledPlan {
  readonly rates: TariffRate[];
  readonly rounding: RoundingRule;
}

/**
 * Compiles a CGRateS tariff plan: each `call` rating profile (ActivationTime -> RatingPlanId) is a version
 * labelled with its RatingPlanId; a rating plan's destination rates give one rate per destination prefix.
 * Supported subset: timings that mean "always", one rounding rule per rating plan, no MaxCost, ConnectFee
 * on the 0s slot. Currency from the optional `tariff.yaml` (`currency: EUR`, the default).
 */
export function readCgratesTariffPlan(directory: CgratesDirectory, problems: ProblemList): VersionDraft[] {
  const fileProblems = (name: string) => problems.inFile(`${directory.path}/${name}`);
  const text = (name: string): string | undefined => {
    const content = directory.files.get(name);
    if (content === undefined)
      fileProblems(name).report(undefined, undefined, 'missing file of the CGRateS tariff plan');
    return content;
  };
  const destinationsText = text(CGRATES_FILES.destinations);
  const ratesText = text(CGRATES_FILES.rates);
  const destinationRatesText = text(CGRATES_FILES.destinationRates);
  const ratingPlansText = text(CGRATES_FILES.ratingPlans);
  const profilesText = text(CGRATES_FILES.ratingProfiles);
  const currency = readCurrency(directory, problems);
  if (
    destinationsText === undefined ||
    ratesText === undefined ||
    destinationRatesText === undefined ||
    ratingPlansText === undefined ||
    profilesText === undefined ||
    currency === undefined
  ) {
    return [];
  }
  const destinations = readDestinations(destinationsText, fileProblems(CGRATES_FILES.destinations));
  const rates = readRates(ratesText, fileProblems(CGRATES_FILES.rates));
  const destinationRates = readDestinationRates(
    destinationRatesText,
    fileProblems(CGRATES_FILES.destinationRates),
  );
  const ratingPlans = readRatingPlans(ratingPlansText, fileProblems(CGRATES_FILES.ratingPlans));
  const timings = readAlwaysTimings(
    directory.files.get(CGRATES_FILES.timings),
    fileProblems(CGRATES_FILES.timings),
  );
  const profiles = readRatingProfiles(profilesText, fileProblems(CGRATES_FILES.ratingProfiles));

  const tiersByRate = new Map<
    string,
    { tiers: RateTier[]; connectFee: RateSlot['connectFee'] } | undefined
  >();
  const tiersOf = (ratesTag: string) => {
    if (!tiersByRate.has(ratesTag)) {
      tiersByRate.set(
        ratesTag,
        compileRate(ratesTag, rates.get(ratesTag), fileProblems(CGRATES_FILES.rates)),
      );
    }
    return tiersByRate.get(ratesTag);
  };

  const compiledPlans = new Map<string, CompiledPlan | undefined>();
  const compilePlan = (planId: string, profileLine: number): CompiledPlan | undefined => {
    if (compiledPlans.has(planId)) return compiledPlans.get(planId);
    const rows = ratingPlans.get(planId);
    let compiled: CompiledPlan | undefined;
    if (rows === undefined) {
      if (!ratingPlans.isBroken(planId))
        fileProblems(CGRATES_FILES.ratingProfiles).report(
          profileLine,
          'RatingPlanId',
          `unknown rating plan ${planId} (not in RatingPlans.csv)`,
        );
    } else {
      compiled = compileRatingPlan(planId, rows);
    }
    compiledPlans.set(planId, compiled);
    return compiled;
  };

  const compileRatingPlan = (
    planId: string,
    rows: NonNullable<ReturnType<typeof ratingPlans.get>>,
  ): CompiledPlan | undefined => {
    const planProblems = fileProblems(CGRATES_FILES.ratingPlans);
    const drProblems = fileProblems(CGRATES_FILES.destinationRates);
    const prefixes = new PrefixRegistry();
    const compiledRates: TariffRate[] = [];
    let rounding: (RoundingRule & { line: number; destinationRateId: string }) | undefined;
    let valid = true;
    for (const row of rows) {
      if (row.timingTag !== '*any' && timings.get(row.timingTag) !== true) {
        valid = false;
        planProblems.report(
          row.line,
          'TimingTag',
          timings.has(row.timingTag)
            ? `timing ${row.timingTag} restricts the time of day or week: time-based rating is not supported`
            : `unknown timing ${row.timingTag} (use *any, or define it in Timings.csv as *any,*any,*any,*any,00:00:00)`,
        );
        continue;
      }
      const destinationRateRows = destinationRates.get(row.destinationRatesId);
      if (destinationRateRows === undefined) {
        valid = false;
        if (destinationRates.isBroken(row.destinationRatesId)) continue;
        planProblems.report(
          row.line,
          'DestinationRatesId',
          `unknown destination rate ${row.destinationRatesId} (not in DestinationRates.csv)`,
        );
        continue;
      }
      for (const dr of destinationRateRows) {
        if (rounding === undefined) {
          rounding = {
            mode: dr.mode,
            decimals: dr.decimals,
            line: dr.line,
            destinationRateId: row.destinationRatesId,
          };
        } else if (rounding.mode !== dr.mode || rounding.decimals !== dr.decimals) {
          valid = false;
          const mixer =
            rounding.destinationRateId === row.destinationRatesId
              ? `destination rate ${row.destinationRatesId}`
              : `rating plan ${planId}`;
          drProblems.report(
            dr.line,
            'RoundingMethod',
            `${mixer} mixes rounding rules (${dr.mode}/${dr.decimals} here, ${rounding.mode}/${rounding.decimals} on line ${rounding.line}): one rule per rating plan is supported`,
          );
        }
        const destination = destinations.get(dr.destinationId);
        if (destination === undefined && !destinations.isBroken(dr.destinationId)) {
          drProblems.report(
            dr.line,
            'DestinationId',
            `unknown destination ${dr.destinationId} (not in Destinations.csv)`,
          );
        }
        const rate = tiersOf(dr.ratesTag);
        if (rates.get(dr.ratesTag) === undefined && !rates.isBroken(dr.ratesTag)) {
          drProblems.report(dr.line, 'RatesTag', `unknown rate ${dr.ratesTag} (not in Rates.csv)`);
        }
        if (destination === undefined || rate === undefined) {
          valid = false;
          continue;
        }
        for (const { prefix: parsed } of destination) {
          const prefix = ratePrefix(parsed);
          const earlier = prefixes.claim(prefixLabel(prefix), `DestinationRates.csv line ${dr.line}`);
          if (earlier !== undefined) {
            valid = false;
            drProblems.report(
              dr.line,
              'DestinationId',
              `duplicate prefix ${prefixLabel(prefix)} in rating plan ${planId} (destination ${dr.destinationId}; already rated by ${earlier})`,
            );
            continue;
          }
          compiledRates.push({
            destinationId: dr.destinationId,
            ...prefix,
            connectFee: rate.connectFee,
            tiers: rate.tiers,
          });
        }
      }
    }
    if (!valid) return undefined;
    if (rounding === undefined) {
      planProblems.report(rows[0]?.line, 'Id', `rating plan ${planId} rates nothing`);
      return undefined;
    }
    return { rates: compiledRates, rounding: { mode: rounding.mode, decimals: rounding.decimals } };
  };

  const profileProblems = fileProblems(CGRATES_FILES.ratingProfiles);
  const drafts: VersionDraft[] = [];
  if (profiles.length === 0) {
    profileProblems.report(
      undefined,
      undefined,
      'no call rating profile: each `call` row (ActivationTime, RatingPlanId) is a version of the tariff',
    );
  }
  for (const profile of profiles) {
    const effectiveFrom = parseActivationTime(profile.activationTime);
    if (effectiveFrom === undefined) {
      profileProblems.report(
        profile.line,
        'ActivationTime',
        `expected an RFC 3339 instant (2026-01-01T00:00:00+01:00) or a date YYYY-MM-DD (00:00 Europe/Paris), got ${JSON.stringify(profile.activationTime)}`,
      );
    }
    const plan = compilePlan(profile.ratingPlanId, profile.line);
    if (effectiveFrom === undefined || plan === undefined) continue;
    drafts.push({
      tariffId: directory.tariffId,
      version: profile.ratingPlanId,
      effectiveFrom,
      currency,
      rounding: plan.rounding,
      rates: plan.rates,
      file: `${directory.path}/${CGRATES_FILES.ratingProfiles}`,
      line: profile.line,
      versionField: 'RatingPlanId',
      effectiveField: 'ActivationTime',
    });
  }
  return drafts;
}

function compileRate(
  ratesTag: string,
  slots: readonly RateSlot[] | undefined,
  problems: ReturnType<ProblemList['inFile']>,
): { tiers: RateTier[]; connectFee: RateSlot['connectFee'] } | undefined {
  if (slots === undefined || slots.length === 0) return undefined;
  const sorted = [...slots].sort((a, b) => a.fromSecond - b.fromSecond);
  const first = sorted[0];
  if (first === undefined) return undefined;
  for (let i = 1; i < sorted.length; i += 1) {
    const slot = sorted[i];
    const previous = sorted[i - 1];
    if (slot === undefined || previous === undefined) continue;
    if (slot.fromSecond === previous.fromSecond) {
      problems.report(
        slot.line,
        'GroupIntervalStart',
        `rate ${ratesTag} has two slots starting at ${slot.fromSecond}s (also line ${previous.line})`,
      );
      return undefined;
    }
    if (!slot.connectFee.isZero() && !slot.connectFee.equals(first.connectFee)) {
      problems.report(
        slot.line,
        'ConnectFee',
        `rate ${ratesTag}: the connect fee is charged once, from the 0s slot (line ${first.line}); leave 0 on later slots`,
      );
      return undefined;
    }
  }
  const tiers = sorted.map((slot) => ({
    fromSecond: slot.fromSecond,
    pricePerMinute: slot.pricePerMinute,
    incrementSeconds: slot.incrementSeconds,
  }));
  const problem = tierProblem(tiers);
  if (problem !== undefined) {
    problems.report(
      first.fromSecond === 0 ? (sorted[1]?.line ?? first.line) : first.line,
      'GroupIntervalStart',
      `rate ${ratesTag}: ${problem}`,
    );
    return undefined;
  }
  return { tiers, connectFee: first.connectFee };
}

function parseActivationTime(text: string): Date | undefined {
  if (isCalendarDate(text)) return parisMidnight(text);
  if (!RFC3339.test(text)) return undefined;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

function readCurrency(directory: CgratesDirectory, problems: ProblemList): string | undefined {
  const text = directory.files.get(CGRATES_MANIFEST);
  if (text === undefined) return 'EUR';
  const fileProblems = problems.inFile(`${directory.path}/${CGRATES_MANIFEST}`);
  const file = parseYamlFile(text, fileProblems);
  if (file === undefined) return undefined;
  if (file.value === null || file.value === undefined) return 'EUR';
  const reader = EntryReader.of(file, fileProblems, [], file.value, ['currency']);
  if (reader === undefined) return undefined;
  if (!reader.has('currency')) return reader.valid ? 'EUR' : undefined;
  const currency = reader.string('currency', {
    pattern: /^[A-Z]{3}$/,
    patternDoc: 'an ISO 4217 code such as EUR',
  });
  return reader.valid ? currency : undefined;
}
