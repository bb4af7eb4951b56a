import { parseOptions } from '../config/options.ts';
import { AccountFairUseState } from './account-state.ts';
import type { BreachEvent } from './breach.ts';
import type { FairUseDecision } from './decision.ts';
import { fairUseOptionsSpec, type FairUseOptions } from './fair-use-options.ts';
import type { FairUseCall, FairUseDestination, FairUseRegistration, FairUseTerms } from './fair-use-terms.ts';
import type { FairUseSnapshot } from './snapshot.ts';

export interface FairUseMemory {
  readonly accounts: number;
  /** Sum of the states' estimates plus the map's entries. */
  readonly estimatedBytes: number;
  readonly bytesPerAccount: number;
}

/** Approximate bytes of one Map entry (hash table slot, key pointer, value pointer) besides the key string. */
const MAP_ENTRY_BYTES = 32;

/**
 * The fair-use states of the accounts one instance owns (the accounts of its assigned partitions), by
 * account id, created on first event. Restart and rebalance go through snapshots: `snapshots()` on the
 * way out (or periodically, at a point consistent with the committed input offsets), `restore()` on the
 * way in, before processing resumes.
 */
export class AccountStateStore {
  readonly options: FairUseOptions;
  private readonly states = new Map<string, AccountFairUseState>();

  constructor(options: Readonly<Record<string, unknown>> = {}) {
    this.options = parseOptions('fairUse', fairUseOptionsSpec, options);
  }

  get size(): number {
    return this.states.size;
  }

  get(accountId: string): AccountFairUseState | undefined {
    return this.states.get(accountId);
  }

  /** The account's state, created empty on first use. */
  stateOf(accountId: string): AccountFairUseState {
    let state = this.states.get(accountId);
    if (state === undefined) {
      state = new AccountFairUseState(accountId, this.options);
      this.states.set(accountId, state);
    }
    return state;
  }

  decideCall(call: FairUseCall, destination: FairUseDestination, terms: FairUseTerms): FairUseDecision {
    return this.stateOf(call.accountId).decideCall(call, destination, terms);
  }

  applyRegistration(event: FairUseRegistration, terms: FairUseTerms): readonly BreachEvent[] {
    if (event.type === 'AUTH_FAILED' && !this.states.has(event.accountId)) return [];
    return this.stateOf(event.accountId).applyRegistration(event, terms);
  }

  /** Evicts old months from every state and forgets accounts left empty; returns how many were forgotten. */
  evictBefore(instant: Date): number {
    let forgotten = 0;
    for (const [accountId, state] of this.states) {
      if (state.evictBefore(instant)) {
        this.states.delete(accountId);
        forgotten += 1;
      }
    }
    return forgotten;
  }

  /** Forgets an account (its partition was revoked); true when it was held. */
  remove(accountId: string): boolean {
    return this.states.delete(accountId);
  }

  /** Replaces (or adds) an account's state from a snapshot; validates it. */
  restore(snapshot: unknown): AccountFairUseState {
    const state = AccountFairUseState.fromSnapshot(snapshot, this.options);
    this.states.set(state.accountId, state);
    return state;
  }

  snapshotOf(accountId: string): FairUseSnapshot | undefined {
    return this.states.get(accountId)?.toSnapshot();
  }

  /** Every state's snapshot, by account id order (deterministic output for identical input). */
  snapshots(): FairUseSnapshot[] {
    return [...this.states.keys()].sort().map((accountId) => this.snapshotOf(accountId) as FairUseSnapshot);
  }

  memory(): FairUseMemory {
    let estimatedBytes = 0;
    for (const [accountId, state] of this.states) {
      estimatedBytes += MAP_ENTRY_BYTES + 24 + accountId.length + state.estimatedBytes();
    }
    const accounts = this.states.size;
    return { accounts, estimatedBytes, bytesPerAccount: accounts === 0 ? 0 : estimatedBytes / accounts };
  }
}
