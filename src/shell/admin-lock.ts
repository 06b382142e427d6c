/**
 * Who holds the administrator level. A real RT lets more than one session be administrator at
 * once (the Terraform RTX provider keeps two pooled SSH sessions at `#`), so the lock counts
 * holders up to a capacity; a capacity of 1 gives the strict one-administrator policy.
 */

/** A session as the lock sees it: enough to name it in the refusal message. */
export interface AdminHolder {
  readonly id: number;
  readonly peer: string;
  readonly isClosed: boolean;
}

/** The administrator level's holders, at most `capacity` at once. */
export class AdminLock {
  private readonly holders = new Set<AdminHolder>();

  /** `capacity`: how many sessions may be administrator at once (default: no limit). */
  constructor(readonly capacity = Infinity) {}

  /** Takes the level for `s`; false when `capacity` other live sessions hold it. */
  acquire(s: AdminHolder): boolean {
    if (this.holders.has(s)) return true;
    for (const h of this.holders) if (h.isClosed) this.holders.delete(h);
    if (this.holders.size >= this.capacity) return false;
    this.holders.add(s);
    return true;
  }

  /** Gives the level back (no-op when `s` does not hold it). */
  release(s: AdminHolder): void {
    this.holders.delete(s);
  }

  /** A live holder other than `except`, for the refusal message; undefined when there is room. */
  blocker(except?: AdminHolder): { id: number; peer: string } | undefined {
    const live = [...this.holders].filter((h) => !h.isClosed && h !== except);
    if (live.length < this.capacity) return undefined;
    const h = live[0];
    return h === undefined ? undefined : { id: h.id, peer: h.peer };
  }

  /** How many sessions hold the level now. */
  get count(): number {
    return [...this.holders].filter((h) => !h.isClosed).length;
  }
}
