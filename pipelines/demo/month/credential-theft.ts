import { clock, wallClockMs, type DemoCalendar } from './demo-calendar.ts';
import type { CallShape } from './call-shapes.ts';
import { IRSF_RANGES } from './dialled-numbers.ts';
import type { DemoRandom } from './demo-random.ts';
import { REGISTRATION_EXPIRES_SECONDS, type AccountTraffic, type Origin } from './traffic-log.ts';
import { FRAUD_DIALLER_USER_AGENT, SCANNER_USER_AGENT } from './user-agents.ts';

/** The attacker's address: TEST-NET-3 (RFC 5737), standing for a network abroad the customer never uses. */
export const ATTACKER_IP = '203.0.113.77';

/** What happened in the credential-theft scenario, for issue 4's detection to find and tests to check. */
export interface CredentialTheft {
  readonly accountId: string;
  readonly attackerIp: string;
  readonly scannerUserAgent: string;
  readonly dialerUserAgent: string;
  readonly bruteForce: {
    readonly authFailures: number;
    readonly bursts: number;
    readonly firstAt: Date;
    readonly lastAt: Date;
  };
  /** The REGISTER that succeeded with the stolen password. */
  readonly compromisedAt: Date;
  readonly irsf: {
    readonly calls: number;
    readonly answered: number;
    readonly firstAt: Date;
    readonly lastAt: Date;
    /** Most calls in progress at once (answered or not). */
    readonly maxParallel: number;
    /** Destination countries (ISO codes, `Iridium` for the satellite network). */
    readonly destinations: readonly string[];
    /** A run of consecutive numbers of one range dialled in order. */
    readonly sequentialRun: { readonly first: string; readonly length: number };
  };
}

/**
 * A credential theft followed by International Revenue Share Fraud, on the night from Friday to the first
 * Saturday on or after the 15th (Paris time): two bursts of REGISTER attempts with wrong passwords from a
 * foreign address with a scanner's User-Agent (01:10, 140 attempts; 02:31, 60 attempts), then a REGISTER
 * that succeeds from that address with a dialler's User-Agent, then 90 minutes of short calls to high-risk
 * destinations: 10 minutes of probing on 2 channels, then 6 channels at once, some numbers dialled in
 * sequence. The binding then lapses.
 */
export function credentialTheft(
  traffic: AccountTraffic,
  calendar: DemoCalendar,
  random: DemoRandom,
): CredentialTheft {
  const night = calendar.days.find((day) => day.weekday === 6 && day.day >= 15);
  if (night === undefined) throw new RangeError(`no Saturday after the 15th in ${calendar.month}`);
  const scanner: Origin = { userAgent: SCANNER_USER_AGENT, sourceIp: ATTACKER_IP };
  const dialler: Origin = { userAgent: FRAUD_DIALLER_USER_AGENT, sourceIp: ATTACKER_IP };
  const contact = `sip:${traffic.account.accountId}@${ATTACKER_IP}:5071`;

  let failures = 0;
  let atMs = 0;
  const firstAt = wallClockMs(night, clock(1, 10));
  for (const [start, attempts] of [
    [firstAt, 140],
    [wallClockMs(night, clock(2, 31)), 60],
  ] as const) {
    atMs = start;
    for (let i = 0; i < attempts; i++) {
      traffic.authFailed(scanner, contact, random.integer(5060, 5100), 'wrong password', atMs);
      failures += 1;
      atMs += random.integer(900, 2600);
    }
  }
  const lastFailureMs = atMs - 1;
  const compromisedMs = lastFailureMs + 4000;

  const numbers = IRSF_RANGES.flatMap((range) =>
    Array.from({ length: 2 }, () => ({
      country: range.country,
      number: `${range.prefix}${random.digits(range.digits)}`,
    })),
  );
  const run = IRSF_RANGES[1] ?? { country: 'SO', prefix: '0025261', digits: 7 };
  const runBase = `${run.prefix}${random.digits(run.digits - 2)}`;
  const runLength = 20;
  let runNext = 0;
  const calleeOf = (): { country: string; number: string } => {
    if (runNext < runLength && random.chance(0.4)) {
      const number = `${runBase}${String(runNext).padStart(2, '0')}`;
      runNext += 1;
      return { country: run.country, number };
    }
    return random.pick(numbers);
  };

  const calls: { startMs: number; endMs: number; answered: boolean }[] = [];
  const countries = new Set<string>();
  const probeMs = compromisedMs + 90_000;
  const pumpMs = probeMs + 10 * 60_000;
  const stopMs = probeMs + 90 * 60_000;
  const channel = (fromMs: number, untilMs: number, firstAnswered: boolean): void => {
    let startMs = fromMs;
    let first = firstAnswered;
    while (startMs < untilMs) {
      const shape = irsfShape(random, first);
      first = false;
      const { country, number } = calleeOf();
      countries.add(country);
      const record = traffic.call(startMs, number, shape, dialler);
      calls.push({ startMs, endMs: record.endTime.getTime(), answered: shape.disposition === 'ANSWERED' });
      startMs = record.endTime.getTime() + random.integer(1, 6) * 1000;
    }
  };
  for (let c = 0; c < 2; c++) channel(probeMs + c * 20_000, pumpMs, false);
  // Six channels from the same instant: their first calls are answered and long enough to overlap.
  for (let c = 0; c < 6; c++) channel(pumpMs + c * 3000, stopMs, true);

  let lastRegisterMs = compromisedMs;
  traffic.registeredFrom(dialler, contact, 5071, compromisedMs);
  const lastCallEndMs = Math.max(...calls.map((c) => c.endMs));
  while (lastRegisterMs + 3000_000 < lastCallEndMs) {
    lastRegisterMs += random.integer(2800, 3000) * 1000;
    traffic.registeredFrom(dialler, contact, 5071, lastRegisterMs);
  }
  traffic.expired(contact, null, lastRegisterMs + REGISTRATION_EXPIRES_SECONDS * 1000);

  return {
    accountId: traffic.account.accountId,
    attackerIp: ATTACKER_IP,
    scannerUserAgent: SCANNER_USER_AGENT,
    dialerUserAgent: FRAUD_DIALLER_USER_AGENT,
    bruteForce: {
      authFailures: failures,
      bursts: 2,
      firstAt: new Date(firstAt),
      lastAt: new Date(lastFailureMs),
    },
    compromisedAt: new Date(compromisedMs),
    irsf: {
      calls: calls.length,
      answered: calls.filter((c) => c.answered).length,
      firstAt: new Date(Math.min(...calls.map((c) => c.startMs))),
      lastAt: new Date(Math.max(...calls.map((c) => c.startMs))),
      maxParallel: maxParallel(calls),
      destinations: [...countries].sort(),
      sequentialRun: { first: `${runBase}00`, length: runNext },
    },
  };
}

/** Short calls to revenue-share numbers: most answered (the fraudster's own numbers pick up). */
function irsfShape(random: DemoRandom, mustAnswer: boolean): CallShape {
  if (mustAnswer)
    return {
      disposition: 'ANSWERED',
      ringSeconds: random.integer(2, 5),
      talkSeconds: random.integer(70, 90),
    };
  const roll = random.next();
  if (roll < 0.85)
    return {
      disposition: 'ANSWERED',
      ringSeconds: random.integer(2, 7),
      talkSeconds: random.integer(12, 80),
    };
  if (roll < 0.95) return { disposition: 'NO_ANSWER', ringSeconds: random.integer(20, 30), talkSeconds: 0 };
  return { disposition: 'FAILED', ringSeconds: random.integer(0, 2), talkSeconds: 0 };
}

function maxParallel(calls: readonly { startMs: number; endMs: number }[]): number {
  let best = 0;
  for (const call of calls) {
    const at = call.startMs;
    best = Math.max(best, calls.filter((c) => c.startMs <= at && at < c.endMs).length);
  }
  return best;
}
