import type { AccountContext } from '../../reference/reference-types.ts';
import { SnapshotReader } from '../../windowing/snapshot-reader.ts';
import type { NewNetworkRule as NewNetworkSettings } from '../fraud-rules.ts';
import { networkOf } from '../network-prefix.ts';
import type { RegistrationFacts } from '../registration-facts.ts';
import { WindowedRule, type RuleDeps } from './fraud-rule.ts';

interface AccountNetworks {
  /** Event time of its first successful registration seen. */
  first: number;
  registrations: number;
  /** Network -> last successful registration from it; in least-recently-seen-first order. */
  readonly networks: Map<string, number>;
}

/**
 * A successful registration from a network (IPv4 /24, IPv6 /48 by default: a customer site or ISP
 * allocation, so a DHCP renewal does not look new) the account never registered from. An account
 * learns silently during its first `learningRegistrations` successful registrations and its first
 * `learningPeriod` of event time; after that every new network counts (and becomes known). Known networks
 * are kept per account up to `maxNetworksPerAccount`, the least recently seen forgotten beyond.
 * The knowledge is order-dependent (which registration came first), deterministic for a given input order.
 */
export class NewNetworkRule extends WindowedRule {
  readonly name = 'new-network';
  private readonly accounts = new Map<string, AccountNetworks>();

  constructor(
    private readonly rule: NewNetworkSettings,
    private readonly deps: RuleDeps,
  ) {
    super(
      {
        scope: rule,
        combine: ['sum'],
        title: 'successful registrations from networks never seen for the account',
      },
      deps,
    );
  }

  get accountsKnown(): number {
    return this.accounts.size;
  }

  onRegistration(event: RegistrationFacts, context: AccountContext | undefined): void {
    const { type, sourceIp } = event.event;
    if (type !== 'REGISTERED' || sourceIp === null) return;
    const network = networkOf(sourceIp, this.rule.ipv4PrefixLength, this.rule.ipv6PrefixLength);
    if (network === undefined) return;
    const time = event.time;
    let state = this.accounts.get(event.accountId);
    if (state === undefined) {
      state = { first: time, registrations: 0, networks: new Map() };
      this.accounts.set(event.accountId, state);
    }
    state.registrations++;
    if (time < state.first) state.first = time;
    const known = state.networks.get(network);
    if (known !== undefined) {
      state.networks.delete(network);
      state.networks.set(network, Math.max(known, time));
      return;
    }
    state.networks.set(network, time);
    if (state.networks.size > this.rule.maxNetworksPerAccount) {
      const oldest = state.networks.keys().next();
      if (oldest.done !== true) state.networks.delete(oldest.value);
    }
    const learning =
      state.registrations <= this.rule.learningRegistrations ||
      time < state.first + this.rule.learningPeriodMs;
    if (learning) return;
    const input = this.input.from(event, event.accountId);
    input.values[0] = 1;
    this.windows.add(
      event.accountKey,
      time,
      this.deps.thresholds.levels(this.rule, context?.customer),
      input,
    );
  }

  override snapshot(): unknown {
    const accounts = [...this.accounts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([account, s]) => [account, s.first, s.registrations, [...s.networks.entries()]]);
    return { windows: super.snapshot(), accounts };
  }

  override restore(saved: unknown): void {
    const read = new SnapshotReader(this.name);
    const state = read.object(saved, '$');
    super.restore(state['windows']);
    read.array(state['accounts'], '$.accounts').forEach((value, i) => {
      const path = `$.accounts[${i}]`;
      const entry = read.array(value, path);
      const networks = new Map<string, number>();
      read.array(entry[3], `${path}[3]`).forEach((pair, j) => {
        const [network, time] = read.array(pair, `${path}[3][${j}]`);
        networks.set(read.string(network, `${path}[3][${j}][0]`), read.number(time, `${path}[3][${j}][1]`));
      });
      this.accounts.set(read.string(entry[0], `${path}[0]`), {
        first: read.number(entry[1], `${path}[1]`),
        registrations: read.count(entry[2], `${path}[2]`),
        networks,
      });
    });
  }
}
