/**
 * Calls in progress on one account, for the simultaneous-calls limit. A call occupies the half-open
 * interval [start, end): a call ending at t and another starting at t do NOT overlap, and a call whose
 * end equals its start occupies nothing after its start. Calls arrive by start time, so only the end
 * times (and ids, for evidence) of calls still in progress are kept, pruned at each new start.
 *
 * Storage: two arrays allocated on the first call at their exact capacity (2, then doubling; V8 would
 * reserve 17 slots on a first push), compacted in place, so that the per-call path allocates nothing.
 */
export class ActiveCalls {
  private endMs: number[] = NO_NUMBERS;
  private callIds: string[] = NO_STRINGS;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Drops calls that ended at or before `instantMs`. */
  pruneEndedBy(instantMs: number): void {
    let kept = 0;
    const ends = this.endMs;
    const ids = this.callIds;
    for (let i = 0; i < this.count; i++) {
      const end = ends[i] ?? 0;
      if (end <= instantMs) continue;
      if (kept !== i) {
        ends[kept] = end;
        ids[kept] = ids[i] ?? '';
      }
      kept += 1;
    }
    for (let i = kept; i < this.count; i++) ids[i] = ''; // release the ids
    this.count = kept;
  }

  /** Records a call that started now and is in progress until `endMs` (exclusive). */
  add(callId: string, startMs: number, endMs: number): void {
    if (endMs <= startMs) return;
    if (this.count === this.endMs.length) this.grow(Math.max(2, this.count * 2));
    this.endMs[this.count] = endMs;
    this.callIds[this.count] = callId;
    this.count += 1;
  }

  /** Frees the arrays when no call is in progress (for idle accounts). */
  compact(): void {
    if (this.count === 0) {
      this.endMs = NO_NUMBERS;
      this.callIds = NO_STRINGS;
    }
  }

  /** Ids of the calls in progress, in start order. */
  ids(): string[] {
    return this.callIds.slice(0, this.count);
  }

  toJSON(): { callId: string; endMs: number }[] {
    return this.ids().map((callId, i) => ({ callId, endMs: this.endMs[i] ?? 0 }));
  }

  static fromJSON(calls: readonly { readonly callId: string; readonly endMs: number }[]): ActiveCalls {
    const active = new ActiveCalls();
    if (calls.length > 0) {
      active.grow(calls.length);
      for (const call of calls) {
        active.endMs[active.count] = call.endMs;
        active.callIds[active.count] = call.callId;
        active.count += 1;
      }
    }
    return active;
  }

  estimatedBytes(): number {
    let bytes = 48;
    if (this.endMs.length > 0) bytes += 2 * (32 + 16) + this.endMs.length * 16;
    for (let i = 0; i < this.count; i++) bytes += 24 + (this.callIds[i]?.length ?? 0);
    return bytes;
  }

  private grow(capacity: number): void {
    const ends = new Array<number>(capacity).fill(0.5);
    const ids = new Array<string>(capacity).fill('');
    for (let i = 0; i < this.count; i++) {
      ends[i] = this.endMs[i] ?? 0;
      ids[i] = this.callIds[i] ?? '';
    }
    this.endMs = ends;
    this.callIds = ids;
  }
}

// Shared empty arrays of idle accounts: never written (capacity 0 makes `add` grow first).
const NO_NUMBERS: number[] = [];
const NO_STRINGS: string[] = [];
