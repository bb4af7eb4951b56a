import type { CallRecord } from '../../ingest/call-record.ts';
import type { DemoRandom } from './demo-random.ts';

export type Disposition = CallRecord['disposition'];

/** How a call went, without when or where to: ringing, then talk (answered calls only), in whole seconds. */
export interface CallShape {
  readonly disposition: Disposition;
  readonly ringSeconds: number;
  /** Billable seconds: 0 for every call not answered. */
  readonly talkSeconds: number;
}

export type ShapeProfile = 'office' | 'call-centre';

const DISPOSITIONS: Record<ShapeProfile, readonly (readonly [Disposition, number])[]> = {
  office: [
    ['ANSWERED', 72],
    ['NO_ANSWER', 15],
    ['BUSY', 6],
    ['CANCELLED', 5],
    ['FAILED', 2],
  ],
  'call-centre': [
    ['ANSWERED', 45],
    ['NO_ANSWER', 33],
    ['BUSY', 10],
    ['CANCELLED', 8],
    ['FAILED', 4],
  ],
};

const TALK_MEDIAN: Record<ShapeProfile, number> = { office: 95, 'call-centre': 70 };

export function sampleShape(random: DemoRandom, profile: ShapeProfile): CallShape {
  const disposition = random.weighted(DISPOSITIONS[profile]);
  if (disposition === 'ANSWERED') return answeredShape(random, TALK_MEDIAN[profile], 1.0, 4, 2700);
  return unansweredShape(random, disposition);
}

/**
 * Calls to a paid service (premium-rate 08 numbers, directory enquiries and other short codes) are short:
 * a request, an answer. Their conversation is capped at 10 minutes, where calls to people go up to 45: a
 * 45-minute call to 118 712 or an 0899 line (30-40 EUR) is not what a small business does, and it is
 * what fraud rules look for (spend velocity, premium-rate bursts).
 */
export const SERVICE_CALL_MAX_TALK_SECONDS = 600;

/** The shape of a call to a paid service: `shape` with its conversation capped (no random draw). */
export function serviceCallShape(shape: CallShape): CallShape {
  return shape.talkSeconds <= SERVICE_CALL_MAX_TALK_SECONDS
    ? shape
    : { ...shape, talkSeconds: SERVICE_CALL_MAX_TALK_SECONDS };
}

/** An answered call: 3-20 s of ringing, then a log-normal conversation. */
export function answeredShape(
  random: DemoRandom,
  medianTalk: number,
  sigma: number,
  minTalk: number,
  maxTalk: number,
): CallShape {
  return {
    disposition: 'ANSWERED',
    ringSeconds: random.integer(3, 20),
    talkSeconds: random.logNormalSeconds(medianTalk, sigma, minTalk, maxTalk),
  };
}

/** Ringing only: no answer (18-45 s, then the switch gives up), busy, cancelled by the caller, failed. */
export function unansweredShape(
  random: DemoRandom,
  disposition: Exclude<Disposition, 'ANSWERED'>,
): CallShape {
  const ring: Record<Exclude<Disposition, 'ANSWERED'>, readonly [number, number]> = {
    NO_ANSWER: [18, 45],
    BUSY: [1, 4],
    CANCELLED: [3, 15],
    FAILED: [0, 2],
  };
  const [min, max] = ring[disposition];
  return { disposition, ringSeconds: random.integer(min, max), talkSeconds: 0 };
}

/** An emergency call: picked up at once, a few minutes. */
export function emergencyShape(random: DemoRandom): CallShape {
  return { disposition: 'ANSWERED', ringSeconds: random.integer(1, 4), talkSeconds: random.integer(40, 420) };
}

/** Seconds from the call's start to its end. */
export function shapeSeconds(shape: CallShape): number {
  return shape.ringSeconds + shape.talkSeconds;
}
