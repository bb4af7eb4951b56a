import type { FraudRules } from './fraud-rules.ts';
import { BruteForceThenSuccessRule } from './rules/brute-force-then-success.ts';
import { ConcurrentInternationalRule } from './rules/concurrent-international.ts';
import { CredentialBruteForceRule } from './rules/credential-brute-force.ts';
import type { FraudRule, RuleDeps } from './rules/fraud-rule.ts';
import { HighRiskDestinationRule } from './rules/high-risk-destination.ts';
import { IrsfBurstRule } from './rules/irsf-burst.ts';
import { NewNetworkRule } from './rules/new-network.ts';
import { OutOfHoursSpikeRule } from './rules/out-of-hours-spike.ts';
import { ScannerUserAgentRule } from './rules/scanner-user-agent.ts';
import { SequentialDiallingRule } from './rules/sequential-dialling.ts';
import { ShortCallBurstRule } from './rules/short-call-burst.ts';
import { SpendVelocityRule } from './rules/spend-velocity.ts';

/** The enabled rules, in a fixed order (the order they see each record, hence the order of their alerts). */
export function buildRules(rules: FraudRules, deps: RuleDeps): FraudRule[] {
  const built: (FraudRule | undefined)[] = [
    rules.credentialBruteForce.account !== undefined || rules.credentialBruteForce.sourceIp !== undefined
      ? new CredentialBruteForceRule(rules.credentialBruteForce, deps)
      : undefined,
    rules.bruteForceThenSuccess && new BruteForceThenSuccessRule(rules.bruteForceThenSuccess, deps),
    rules.scannerUserAgent && new ScannerUserAgentRule(rules.scannerUserAgent, deps),
    rules.newNetwork && new NewNetworkRule(rules.newNetwork, deps),
    rules.irsfBurst && new IrsfBurstRule(rules.irsfBurst, deps),
    rules.highRiskDestination && new HighRiskDestinationRule(rules.highRiskDestination, deps),
    rules.concurrentInternational && new ConcurrentInternationalRule(rules.concurrentInternational, deps),
    rules.spendVelocity && new SpendVelocityRule(rules.spendVelocity, deps),
    rules.outOfHoursSpike && new OutOfHoursSpikeRule(rules.outOfHoursSpike, deps),
    rules.sequentialDialling && new SequentialDiallingRule(rules.sequentialDialling, deps),
    rules.shortCallBurst && new ShortCallBurstRule(rules.shortCallBurst, deps),
  ];
  return built.filter((rule): rule is FraudRule => rule !== undefined);
}
