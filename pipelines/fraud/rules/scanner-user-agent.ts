import type { AccountContext } from '../../reference/reference-types.ts';
import type { CallFacts } from '../call-facts.ts';
import type { ScannerRule } from '../fraud-rules.ts';
import type { RegistrationFacts } from '../registration-facts.ts';
import { scannerMatcher } from '../scanner-user-agents.ts';
import type { SampleSource } from '../evidence.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

/**
 * Known SIP scanner User-Agents (rules.yaml `userAgents`, case-insensitive substrings) per account.
 * Attempts: any registration event or call carrying one. Successes: a successful registration or a call
 * carrying one (the tool got in).
 */
export class ScannerUserAgentRule extends WindowedRule {
  readonly name = 'scanner-user-agent';
  private readonly isScanner: (userAgent: string | null) => boolean;

  constructor(
    private readonly rule: ScannerRule,
    private readonly deps: RuleDeps,
  ) {
    super(
      { scope: rule, combine: ['sum', 'sum'], title: 'events with a known SIP scanner User-Agent' },
      deps,
    );
    this.isScanner = scannerMatcher(rule.userAgents);
  }

  onRegistration(event: RegistrationFacts, context: AccountContext | undefined): void {
    if (!this.isScanner(event.event.userAgent)) return;
    this.count(
      event,
      event.accountId,
      event.accountKey,
      event.time,
      event.event.type === 'REGISTERED',
      context,
    );
  }

  onCall(call: CallFacts): void {
    if (!this.isScanner(call.record.userAgent)) return;
    this.count(call, call.accountId, call.accountKey, call.time, true, call.context);
  }

  private count(
    source: SampleSource,
    accountId: string,
    key: string,
    time: number,
    success: boolean,
    context: AccountContext | undefined,
  ): void {
    const input = this.input.from(source, accountId);
    input.values[0] = 1;
    input.values[1] = success ? 1 : 0;
    this.windows.add(key, time, this.deps.thresholds.levels(this.rule, context?.customer), input);
  }
}
