import type { FraudInput } from '../../pipelines/fraud/fraud-input.ts';
import { fraudEventTime } from '../../pipelines/fraud/fraud-input.ts';
import { seededRandom } from '../windowing/event-stream.ts';
import { CUBA, NATIONAL, OTHER_ACCOUNT, PREMIUM, UK_MOBILE, call, plus, registration } from './fixtures.ts';

export interface SourcedInput {
  readonly input: FraudInput;
  readonly source: string;
}

/**
 * A credential theft followed by an IRSF burst, amid ordinary traffic, delivered roughly in emission order
 * with up to 20 s of disorder: calls on `cdr/0`, registrations on `reg/0`.
 * - 2026-05-04 to 05-07: the account registers from its office (192.0.2.0/24) and learns it;
 * - 2026-05-13 03:00 Paris: a scanner guesses its password from 203.0.113.66 and gets in;
 * - then: overlapping calls to Cuba and premium numbers, sequential numbers, short test calls.
 */
export function theftScenario(seed = 7): SourcedInput[] {
  const random = seededRandom(seed);
  const inputs: FraudInput[] = [];
  for (let i = 0; i < 12; i++) {
    inputs.push(registration(plus('2026-05-04T07:00:00Z', i * 6 * 3600), 'REGISTERED', '192.0.2.10'));
    inputs.push(
      registration(plus('2026-05-04T07:00:05Z', i * 6 * 3600), 'REGISTERED', '192.0.2.11', {
        accountId: OTHER_ACCOUNT,
      }),
    );
  }
  for (let i = 0; i < 24; i++) {
    inputs.push(
      registration(plus('2026-05-13T00:00:00Z', i * 1800), 'REGISTERED', '192.0.2.11', {
        accountId: OTHER_ACCOUNT,
      }),
    );
  }
  const attack = '2026-05-13T01:00:00Z';
  for (let i = 0; i < 40; i++) {
    inputs.push(
      registration(plus(attack, i * 5), 'AUTH_FAILED', '203.0.113.66', {
        userAgent: i % 4 === 0 ? 'friendly-scanner' : 'Yealink SIP-T46U 108.86.0.45',
      }),
    );
  }
  inputs.push(registration(plus(attack, 205), 'REGISTERED', '203.0.113.66'));
  const burst = '2026-05-13T01:10:00Z';
  for (let i = 0; i < 45; i++) {
    const callee = i % 5 === 0 ? PREMIUM : i % 3 === 0 ? `+53712345${String(10 + i)}` : CUBA;
    inputs.push(call(plus(burst, i * 40), callee, 60 + Math.floor(random() * 900)));
  }
  for (let i = 0; i < 25; i++) inputs.push(call(plus(burst, 30 + i * 20), `+4420794601${String(10 + i)}`, 3));
  for (let i = 0; i < 8; i++) inputs.push(call(plus(burst, 45 + i * 90), UK_MOBILE, 600));
  for (let i = 0; i < 60; i++) {
    inputs.push(call(plus('2026-05-13T06:00:00Z', i * 300), NATIONAL, 30 + i, { accountId: OTHER_ACCOUNT }));
    if (i % 20 === 0) inputs.push(call(plus('2026-05-13T06:00:00Z', i * 300 + 7), '112', 40));
  }
  const jittered = inputs.map((input) => ({
    input,
    at: fraudEventTime(input) + Math.floor(random() * 20_000),
  }));
  jittered.sort((a, b) => a.at - b.at);
  return jittered.map(({ input }) => ({ input, source: input.kind === 'call' ? 'cdr/0' : 'reg/0' }));
}
