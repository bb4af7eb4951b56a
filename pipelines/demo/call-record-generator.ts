import type { CallRecord } from '../ingest/call-record.ts';
import { SeededRandom } from './random.ts';

export interface GeneratorSettings {
  readonly seed: number;
  readonly accounts: number;
  /** Calls start from here, spaced a few seconds apart. */
  readonly start: Date;
}

const prefixes = ['+331', '+332', '+333', '+334', '+335', '+336', '+337', '+339', '+3289', '+44', '+1'];
const userAgents = ['Yealink SIP-T46U 108.86.0.45', 'Snom D785 10.1.141.13', 'Zoiper rv2.10.20.3'];

/** Plausible call records, deterministic for a seed: the demo's and the tests' traffic. */
export function* generateCallRecords(settings: GeneratorSettings): Generator<CallRecord> {
  const random = new SeededRandom(settings.seed);
  let clock = settings.start.getTime();
  for (let n = 0; ; n++) {
    clock += random.integer(0, 4000);
    const account = random.integer(1, settings.accounts);
    const answered = random.next() < 0.8;
    const ringMs = random.integer(1000, 20_000);
    const talkSeconds = answered ? random.integer(1, 900) : 0;
    const startTime = new Date(clock);
    const answerTime = answered ? new Date(clock + ringMs) : null;
    const endTime = new Date(clock + ringMs + talkSeconds * 1000);
    yield {
      callId: `demo-${settings.seed}-${n}`,
      accountId: `sip-${String(account).padStart(5, '0')}`,
      caller: `+3318${String(account).padStart(7, '0')}`,
      callee: `${random.pick(prefixes)}${String(random.integer(0, 99_999_999)).padStart(8, '0')}`,
      startTime,
      answerTime,
      endTime,
      durationSeconds: Math.round((endTime.getTime() - startTime.getTime()) / 1000),
      billableSeconds: talkSeconds,
      disposition: answered ? 'ANSWERED' : random.pick(['NO_ANSWER', 'BUSY', 'FAILED', 'CANCELLED'] as const),
      direction: 'OUTBOUND',
      userAgent: random.pick(userAgents),
      sourceIp: `192.0.2.${random.integer(1, 254)}`,
      sipCallId: null,
      softswitch: 'demo',
    };
  }
}

export function takeCallRecords(settings: GeneratorSettings, count: number): CallRecord[] {
  const records: CallRecord[] = [];
  for (const record of generateCallRecords(settings)) {
    if (records.length === count) break;
    records.push(record);
  }
  return records;
}
