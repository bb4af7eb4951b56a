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
  /** Replaced, never grown in place: exact-size arrays (see ActiveCalls). */
  private bindings: readonly Binding[] = NO_BINDINGS;

  get size(): number {
    return this.bindings.length;
  }

  /** Drops bindings expired at `instantMs` (expiresAtMs <= instantMs). */
  pruneExpired(instantMs: number): void {
    if (this.bindings.some((b) => b.expiresAtMs <= instantMs)) {
      this.bindings = exact(this.bindings.filter((b) => b.expiresAtMs > instantMs));
    }
  }

  register(
    contact: string,
    instanceId: string | null,
    userAgent: string | null,
    atMs: number,
    expiresSeconds: number,
  ): void {
    const key = instanceId ?? contact;
    const binding: Binding = {
      key,
      contact,
      instanceId,
      userAgent,
      registeredAtMs: atMs,
      expiresAtMs: atMs + expiresSeconds * 1000,
    };
    const index = this.bindings.findIndex((b) => b.key === key);
    this.bindings =
      index >= 0 ? this.bindings.map((b, i) => (i === index ? binding : b)) : this.bindings.concat([binding]);
  }

  /** Removes the binding (by instance id or contact); `*` or null contact without instance removes all. */
  remove(contact: string | null, instanceId: string | null): void {
    if (instanceId === null && (contact === null || contact === ALL_BINDINGS_CONTACT)) {
      this.bindings = NO_BINDINGS;
      return;
    }
    this.bindings = exact(
      this.bindings.filter(
        (b) =>
          !((instanceId !== null && b.key === instanceId) || (contact !== null && b.contact === contact)),
      ),
    );
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
    devices.bindings = bindings.map((b) => ({ ...b }));
    return devices;
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

const NO_BINDINGS: readonly Binding[] = Object.freeze([]);

/** `filter` reserves spare slots; a copy by `map` is exact-size. */
function exact(bindings: readonly Binding[]): readonly Binding[] {
  return bindings.length === 0 ? NO_BINDINGS : bindings.map((b) => b);
}

function stringBytes(text: string | null): number {
  return text === null ? 0 : 24 + text.length;
}
