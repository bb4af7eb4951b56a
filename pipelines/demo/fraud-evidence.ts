import { Decimal } from 'decimal.js';
import type { EvidenceSample } from '../fraud/fraud-alert.ts';
import { parisOffsetMs } from '../time/paris-offset.ts';

/** What an alert says, as the detector emits it (FraudAlert) or as the audit trail gives it back (StoredAlert). */
export interface AlertEvidence {
  readonly rule: string;
  readonly detectedAt: Date;
  readonly reason: string;
  readonly counts: Readonly<Record<string, number | string>>;
  readonly samples: readonly EvidenceSample[];
}

/** `2026-03-21 02:32:41`: the instant in Paris local time. */
export function parisTime(instant: Date): string {
  const ms = instant.getTime();
  return new Date(ms + parisOffsetMs(ms)).toISOString().slice(0, 19).replace('T', ' ');
}

/** `51 s`, `6 min 10 s`, `42 min`, `1 h 21 min`: a duration for a reader (sign dropped). */
export function durationText(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** An exact amount rounded to the cent for display: `89.5584` -> `89.56 EUR`. */
export function moneyText(
  amount: number | string | undefined,
  currency: number | string | undefined,
): string {
  if (amount === undefined) return '?';
  const text = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
  return currency === undefined || currency === '' ? text : `${text} ${String(currency)}`;
}

const REGISTRATION_SAMPLE = /^(\S+) from (\S+) UA (.*)$/;

/** Source IPs and User-Agents quoted by registration samples (`auth-failure from 203.0.113.7 UA x`). */
function registrationFacts(samples: readonly EvidenceSample[]): { ips: string[]; agents: string[] } {
  const ips = new Set<string>();
  const agents = new Set<string>();
  for (const sample of samples) {
    const match = sample.kind === 'registration' ? REGISTRATION_SAMPLE.exec(sample.summary) : null;
    if (match === null) continue;
    if (match[2] !== undefined && match[2] !== '-') ips.add(match[2]);
    if (match[3] !== undefined && match[3] !== '-') agents.add(match[3]);
  }
  return { ips: [...ips], agents: [...agents] };
}

/** The visible heads of the masked callees of call samples: `+674..., +252...` (never a full number). */
function calleePrefixes(samples: readonly EvidenceSample[], most = 2): string {
  const heads = new Set<string>();
  for (const sample of samples) {
    if (sample.kind !== 'call') continue;
    const masked = sample.summary.split(' ')[0] ?? '';
    const star = masked.indexOf('*');
    if (star > 0) heads.add(`${masked.slice(0, star)}...`);
  }
  const list = [...heads];
  return list.length <= most ? list.join(', ') : `${list.slice(0, most).join(', ')}, ...`;
}

/** From the window's first sample to the record that reached the level: ` in 6 min 10 s` ('' if unknown). */
function spanOf(alert: AlertEvidence): string {
  const first = Math.min(...alert.samples.map((s) => s.at.getTime()));
  return Number.isFinite(first) ? ` in ${durationText(alert.detectedAt.getTime() - first)}` : '';
}

function fromIps(ips: readonly string[]): string {
  return ips.length === 0 ? '' : ` from ${ips.join(', ')}`;
}

/**
 * A short account of an alert's evidence, from its counts and samples: `30 auth failures from 203.0.113.77
 * in 51 s`, `30 calls to high-risk or premium numbers (+674..., +252...) in 11 min, 22.78 min, 89.56 EUR`.
 * Numbers stay masked (the samples are masked at the source); amounts are rounded to the cent.
 */
export function evidenceSummary(alert: AlertEvidence): string {
  const count = (metric: string): number | string => alert.counts[metric] ?? '?';
  const cost = (): string => moneyText(alert.counts['cost'], alert.counts['currency']);
  const { ips, agents } = registrationFacts(alert.samples);
  const span = spanOf(alert);
  switch (alert.rule) {
    case 'credential-brute-force':
      return `${count('failures')} auth failures${fromIps(ips)}${span}`;
    case 'brute-force-then-success':
      return `success from the same IP (${ips.join(', ')}) after ${count('failures')} auth failures${span}`;
    case 'scanner-user-agent':
      return Number(alert.counts['successes'] ?? 0) > 0
        ? `registered or called with a scanner User-Agent (${agents.at(-1) ?? '?'})`
        : `${count('attempts')} attempts with a scanner User-Agent (${agents.join(', ')})`;
    case 'new-network':
      return `registered from ${count('networks')} network(s) never seen for the account${fromIps(ips)}`;
    case 'irsf-burst':
      return `${count('calls')} calls to high-risk/premium numbers (${calleePrefixes(alert.samples)})${span}: ${count('minutes')} min, ${cost()}`;
    case 'high-risk-destination':
      return `${count('numbers')} distinct high-risk numbers (${calleePrefixes(alert.samples)})${span}`;
    case 'concurrent-international':
      return `${count('calls')} international calls in progress at once`;
    case 'spend-velocity':
      return `${cost()} off plan${span}`;
    case 'out-of-hours-spike':
      return `${count('calls')} calls out of business hours${span}, ${cost()} off plan`;
    case 'sequential-dialling':
      return `run of ${count('run')} consecutive numbers (${calleePrefixes(alert.samples, 1)})${span}`;
    case 'short-call-burst':
      return `${count('calls')} answered calls of a few seconds${span}`;
    default:
      return alert.reason;
  }
}
