import { ALL_BINDINGS_CONTACT } from '../registration/registration-event.ts';

/** One registered binding of the account. */
export interface Binding {
  /** `+sip.instance` when the device sent one (stable across contact changes), else the contact URI. */
  readonly key: string;
  readonly contact: string;
  readonly instanceId: string | null;
  readonly userAgent: string | null;
  readonly registeredAtMs: number;
  /** Exclusive: the binding is active at t when t < expiresAtMs. */
  readonly expiresAtMs: number;
}

/**
 * The devices registered on one account, from REGISTER events in timestamp order: REGISTERED with a
 * positive expires adds the binding (or refreshes it: same key) until timestamp + expires; REGISTERED with
 * expires 0, UNREGISTERED and EXPIRED remove it (UNREGISTERED with contact `*` or none removes every
 * binding). A binding is identified by its `+sip.instance` when present, else by its contact URI; a removal
 * matches either. Bindings past their expiry are pruned lazily at each event.
 */
export class RegisteredDevices {
  /**
   * Exact-size arrays (see ActiveCalls): grown by copy, shrunk by copy; a refresh (same key) updates its
   * binding in place, so the usual REGISTER (a device renewing its registration) allocates nothing.
   */
  private bindings: MutableBinding[] = NO_BINDINGS;
  /** The earliest expiry among the bindings (+Infinity with none): pruning before it has nothing to do. */
  private nextExpiryMs = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.bindings.length;
  }

  /** Drops bindings expired at `instantMs` (expiresAtMs <= instantMs). */
  pruneExpired(instantMs: number): void {
    if (instantMs < this.nextExpiryMs) return;
    this.replace(this.bindings.filter((b) => b.expiresAtMs > instantMs));
  }

  register(
    contact: string,
    instanceId: string | null,
    userAgent: string | null,
    atMs: number,
    expiresSeconds: number,
  ): void {
    const key = instanceId ?? contact;
    const expiresAtMs = atMs + expiresSeconds * 1000;
    const bindings = this.bindings;
    for (let i = 0; i < bindings.length; i++) {
      const b = bindings[i] as MutableBinding;
      if (b.key !== key) continue;
      b.contact = contact;
      b.instanceId = instanceId;
      b.userAgent = userAgent;
      b.registeredAtMs = atMs;
      b.expiresAtMs = expiresAtMs;
      this.nextExpiryMs = earliestExpiry(bindings);
      return;
    }
    const binding: MutableBinding = {
      key,
      contact,
      instanceId,
      userAgent,
      registeredAtMs: atMs,
      expiresAtMs,
    };
    this.bindings = bindings.concat([binding]);
    if (expiresAtMs < this.nextExpiryMs) this.nextExpiryMs = expiresAtMs;
  }

  /** Removes the binding (by instance id or contact); `*` or null contact without instance removes all. */
  remove(contact: string | null, instanceId: string | null): void {
    if (instanceId === null && (contact === null || contact === ALL_BINDINGS_CONTACT)) {
      this.replace(NO_BINDINGS);
      return;
    }
    const matches = (b: Binding): boolean =>
      (instanceId !== null && b.key === instanceId) || (contact !== null && b.contact === contact);
    if (this.bindings.some(matches)) this.replace(this.bindings.filter((b) => !matches(b)));
  }

  /** The active bindings, in order of first registration. */
  list(): readonly Binding[] {
    return this.bindings;
  }

  toJSON(): Binding[] {
    return this.bindings.map((b) => ({ ...b }));
  }

  static fromJSON(bindings: readonly Binding[]): RegisteredDevices {
    const devices = new RegisteredDevices();
    devices.replace(bindings.map((b) => ({ ...b })));
    return devices;
  }

  private replace(bindings: MutableBinding[]): void {
    this.bindings = exact(bindings);
    this.nextExpiryMs = earliestExpiry(this.bindings);
  }

  estimatedBytes(): number {
    let bytes = 32 + (this.bindings.length === 0 ? 0 : 32 + 16 + this.bindings.length * 8);
    for (const b of this.bindings) {
      bytes += 96 + stringBytes(b.contact) + stringBytes(b.userAgent);
      if (b.instanceId !== null) bytes += stringBytes(b.instanceId);
    }
    return bytes;
  }
}

type MutableBinding = { -readonly [K in keyof Binding]: Binding[K] };

/** Shared by every account without bindings: never written (a refresh needs a binding, growth copies). */
const NO_BINDINGS: MutableBinding[] = [];

/** `filter` reserves spare slots; a copy by `map` is exact-size. */
function exact(bindings: MutableBinding[]): MutableBinding[] {
  return bindings.length === 0 ? NO_BINDINGS : bindings.map((b) => b);
}

function earliestExpiry(bindings: readonly Binding[]): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const b of bindings) if (b.expiresAtMs < earliest) earliest = b.expiresAtMs;
  return earliest;
}

function stringBytes(text: string | null): number {
  return text === null ? 0 : 24 + text.length;
}
