import type { AccountContext } from '../../reference/reference-types.ts';
import { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { RuleScope } from '../fraud-rules.ts';
import type { RegistrationFacts } from '../registration-facts.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';
import { RecentTimes } from './recent-times.ts';

const FAILURES = 0;
const FIRST_FAILURE = 1;
const LAST_SUCCESS = 2;
const NONE = Number.MAX_SAFE_INTEGER;

/**
 * Authentication failures of an account from one source IP, then a successful registration of that
 * account from that IP (later than the first failure) in the same window: the password was found. Keyed
 * `account:<id>|ip:<address>`. Successes are only added for pairs that failed within the window before
 * (normal re-registrations create no window state); a success that arrives before the failures it follows
 * in event time is therefore not seen.
 */
export class BruteForceThenSuccessRule extends WindowedRule {
  readonly name = 'brute-force-then-success';
  private readonly failed: RecentTimes;

  constructor(
    private readonly scope: RuleScope,
    private readonly deps: RuleDeps,
  ) {
    super(
      {
        scope,
        combine: ['sum', 'min', 'max'],
        gate: (v) =>
          (v[FIRST_FAILURE] ?? NONE) !== NONE && (v[LAST_SUCCESS] ?? 0) > (v[FIRST_FAILURE] ?? NONE),
        title: 'REGISTER authentication failures then a successful registration from the same source IP',
      },
      deps,
    );
    this.failed = new RecentTimes(scope.window.sizeMs, scope.window.slideMs);
  }

  onRegistration(event: RegistrationFacts, context: AccountContext | undefined): void {
    const { type, sourceIp } = event.event;
    if (sourceIp === null || (type !== 'AUTH_FAILED' && type !== 'REGISTERED')) return;
    const key = `account:${event.accountId}|ip:${sourceIp}`;
    const input = this.input.from(event, event.accountId);
    if (type === 'AUTH_FAILED') {
      this.failed.touch(key, event.time);
      input.values[FAILURES] = 1;
      input.values[FIRST_FAILURE] = event.time;
      input.values[LAST_SUCCESS] = 0;
    } else {
      if (!this.failed.recent(key, event.time)) return;
      input.values[FAILURES] = 0;
      input.values[FIRST_FAILURE] = NONE;
      input.values[LAST_SUCCESS] = event.time;
    }
    this.windows.add(key, event.time, this.deps.thresholds.levels(this.scope, context?.customer), input);
  }

  override advanceWatermark(watermark: number): void {
    super.advanceWatermark(watermark);
    this.failed.sweep(watermark - this.deps.allowedLatenessMs);
  }

  override snapshot(): unknown {
    return { windows: super.snapshot(), recent: this.failed.snapshot() };
  }

  override restore(saved: unknown): void {
    const state = new SnapshotReader(this.name).object(saved, '$');
    super.restore(state['windows']);
    this.failed.restore(state['recent'], this.name);
  }
}
