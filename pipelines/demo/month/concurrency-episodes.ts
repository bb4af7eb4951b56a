import type { CallShape } from './call-shapes.ts';
import type { PlannedCall } from './office-traffic.ts';

const answered = (ringSeconds: number, talkSeconds: number): CallShape => ({
  disposition: 'ANSWERED',
  ringSeconds,
  talkSeconds,
});

/** Calls of an episode alternate between the account's two phones (a line on hold, a transfer...). */
const call = (index: number, offsetSeconds: number, shape: CallShape): PlannedCall => ({
  offsetSeconds,
  kind: 'in-plan',
  shape,
  deviceIndex: index % 2,
});

/**
 * Overlapping answered calls of one account, offsets in seconds (a call occupies [start, end), end = start +
 * ringing + talk):
 * - `three`: three calls at once, never four;
 * - `threeWithHandoff`: the fourth call starts at the very second the first ends: three at once (half-open);
 * - `threeAndAnUnansweredAttempt`: a fourth attempt rings while three are up but is not answered: three
 *   answered at once (the default `concurrencyCounts: answered` does not count it);
 * - `four`: the fourth answered call overlaps three others: one over the limit of 3.
 */
export const EPISODES = {
  three: [call(0, 0, answered(4, 596)), call(1, 40, answered(5, 375)), call(2, 90, answered(3, 207))],
  threeWithHandoff: [
    call(0, 0, answered(4, 296)),
    call(1, 60, answered(4, 440)),
    call(2, 120, answered(5, 330)),
    call(3, 300, answered(3, 180)),
  ],
  threeAndAnUnansweredAttempt: [
    call(0, 0, answered(4, 596)),
    call(1, 30, answered(5, 465)),
    call(2, 60, answered(3, 337)),
    call(3, 120, { disposition: 'NO_ANSWER', ringSeconds: 25, talkSeconds: 0 }),
  ],
  four: [
    call(0, 0, answered(4, 696)),
    call(1, 45, answered(5, 550)),
    call(2, 100, answered(3, 397)),
    call(3, 160, answered(4, 236)),
  ],
} satisfies Record<string, readonly PlannedCall[]>;

export type EpisodeName = keyof typeof EPISODES;

/** The episodes of the at-limit and over-limit accounts, in order over the month. */
export const AT_LIMIT_EPISODES: readonly EpisodeName[] = [
  'three',
  'threeWithHandoff',
  'threeAndAnUnansweredAttempt',
  'three',
];
export const OVER_LIMIT_EPISODES: readonly EpisodeName[] = ['three', 'four', 'three', 'four'];

/** The most answered calls in progress at once in an episode (half-open intervals). */
export function maxAnsweredOverlap(episode: readonly PlannedCall[]): number {
  const intervals = episode
    .filter((c) => c.shape.disposition === 'ANSWERED' && c.shape.talkSeconds > 0)
    .map((c) => [c.offsetSeconds, c.offsetSeconds + c.shape.ringSeconds + c.shape.talkSeconds] as const);
  return Math.max(
    ...intervals.map(([start]) => intervals.filter(([s, e]) => s <= start && start < e).length),
  );
}
