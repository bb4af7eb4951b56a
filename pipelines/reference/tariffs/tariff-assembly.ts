import type { RoundingRule, Tariff, TariffRate, TariffVersion } from '../../rating/tariff.ts';
import type { ProblemList } from '../problems.ts';

/** A compiled tariff version with where it was declared, before versions are grouped per tariff. */
export interface VersionDraft {
  readonly tariffId: string;
  readonly version: string;
  readonly effectiveFrom: Date;
  readonly currency: string;
  readonly rounding: RoundingRule;
  readonly rates: readonly TariffRate[];
  readonly file: string;
  readonly line: number | undefined;
  /** Field named in problems about the version label / effective date. */
  readonly versionField: string;
  readonly effectiveField: string;
}

/**
 * Groups versions per tariff, sorted by effective date, rejecting a version label used twice and two
 * versions taking effect at the same instant. Rates are sorted by prefix; everything is frozen.
 */
export function assembleTariffs(drafts: readonly VersionDraft[], problems: ProblemList): Map<string, Tariff> {
  const byTariff = new Map<string, VersionDraft[]>();
  for (const draft of drafts) {
    const versions = byTariff.get(draft.tariffId) ?? [];
    const sameLabel = versions.find((v) => v.version === draft.version);
    const sameInstant = versions.find((v) => v.effectiveFrom.getTime() === draft.effectiveFrom.getTime());
    if (sameLabel !== undefined) {
      problems
        .inFile(draft.file)
        .report(
          draft.line,
          draft.versionField,
          `tariff "${draft.tariffId}" version "${draft.version}" is defined twice (also ${where(sameLabel)})`,
        );
    } else if (sameInstant !== undefined) {
      problems
        .inFile(draft.file)
        .report(
          draft.line,
          draft.effectiveField,
          `tariff "${draft.tariffId}" versions "${sameInstant.version}" (${where(sameInstant)}) and "${draft.version}" take effect at the same instant ${draft.effectiveFrom.toISOString()}`,
        );
    } else {
      versions.push(draft);
    }
    byTariff.set(draft.tariffId, versions);
  }
  const tariffs = new Map<string, Tariff>();
  for (const [id, drafts] of byTariff) {
    const versions = [...drafts]
      .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())
      .map(freezeVersion);
    tariffs.set(id, Object.freeze({ id, versions: Object.freeze(versions) }));
  }
  return tariffs;
}

function where(draft: VersionDraft): string {
  return draft.line === undefined ? draft.file : `${draft.file}:${draft.line}`;
}

function byPrefix(a: TariffRate, b: TariffRate): number {
  return a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0;
}

/** Freezes the draft's rates in place (the readers built them for this snapshot alone). */
function freezeVersion(draft: VersionDraft): TariffVersion {
  const rates = [...draft.rates].sort(byPrefix);
  for (const rate of rates) {
    for (const tier of rate.tiers) Object.freeze(tier);
    Object.freeze(rate.tiers);
    Object.freeze(rate);
  }
  return Object.freeze({
    tariffId: draft.tariffId,
    version: draft.version,
    effectiveFrom: draft.effectiveFrom,
    currency: draft.currency,
    rounding: Object.freeze({ ...draft.rounding }),
    rates: Object.freeze(rates),
  });
}
