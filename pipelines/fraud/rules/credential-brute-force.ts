import type { AccountContext } from '../../reference/reference-types.ts';
import type { RuleScope } from '../fraud-rules.ts';
import { MetricInput, MetricWindows } from '../metric-windows.ts';
import type { RegistrationFacts } from '../registration-facts.ts';
import { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import { ipKey, type FraudRule, type RuleDeps } from './fraud-rule.ts';

/**
 * REGISTER authentication failures (AUTH_FAILED) counted per account (a password being guessed) and per
 * source IP (one host trying many accounts; its alert names up to 10 of them; IPv6 sources by /64).
 * Per-customer overrides apply to the account scope.
 */
export class CredentialBruteForceRule implements FraudRule {
  readonly name = 'credential-brute-force';
  readonly horizonMs: number;
  private readonly byAccount: MetricWindows | undefined;
  private readonly byIp: MetricWindows | undefined;
  private readonly input = new MetricInput(1);

  constructor(
    private readonly scopes: {
      readonly account: RuleScope | undefined;
      readonly sourceIp: RuleScope | undefined;
    },
    private readonly deps: RuleDeps,
  ) {
    const windows = (scope: RuleScope | undefined, title: string) =>
      scope === undefined
        ? undefined
        : new MetricWindows(
            { scope, combine: ['sum'], title, allowedLatenessMs: deps.allowedLatenessMs },
            deps.alerts,
          );
    this.byAccount = windows(scopes.account, 'REGISTER authentication failures of the account');
    this.byIp = windows(scopes.sourceIp, 'REGISTER authentication failures from the source IP');
    this.horizonMs = Math.max(scopes.account?.window.sizeMs ?? 0, scopes.sourceIp?.window.sizeMs ?? 0);
  }

  onRegistration(event: RegistrationFacts, context: AccountContext | undefined): void {
    if (event.event.type !== 'AUTH_FAILED') return;
    const input = this.input.from(event, event.accountId);
    input.values[0] = 1;
    const { account, sourceIp } = this.scopes;
    if (this.byAccount !== undefined && account !== undefined) {
      this.byAccount.add(
        event.accountKey,
        event.time,
        this.deps.thresholds.levels(account, context?.customer),
        input,
      );
    }
    const ip = event.event.sourceIp;
    if (this.byIp !== undefined && sourceIp !== undefined && ip !== null) {
      this.byIp.add(ipKey(ip), event.time, this.deps.thresholds.defaultLevels(sourceIp), input);
    }
  }

  advanceWatermark(watermark: number): void {
    this.byAccount?.advanceWatermark(watermark);
    this.byIp?.advanceWatermark(watermark);
  }

  get windowCount(): number {
    return (this.byAccount?.windowCount ?? 0) + (this.byIp?.windowCount ?? 0);
  }

  snapshot(): unknown {
    return { account: this.byAccount?.snapshot() ?? null, ip: this.byIp?.snapshot() ?? null };
  }

  restore(saved: unknown): void {
    const read = new SnapshotReader('credential-brute-force');
    const state = read.object(saved, '$');
    if (this.byAccount !== undefined && state['account'] !== null) this.byAccount.restore(state['account']);
    if (this.byIp !== undefined && state['ip'] !== null) this.byIp.restore(state['ip']);
  }
}
