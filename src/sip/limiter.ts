/** Who waits for a slot, and what it is told with it (a registration: the attempt that asked). */
export interface SlotWaiter<T> {
  slot(arg: T): void;
}

/**
 * At most `limit` registration exchanges in flight: the rest wait their turn, so that thousands of
 * servers configured at once do not flood the registrar (and our own socket) in one burst.
 */
export class Limiter {
  private active = 0;
  /**
   * Waiters in arrival order, and the argument each is told; `head` is the next one. Not
   * `Array.shift`: with 10,000 servers waiting each shift moved the whole array (profile: release
   * ~2% of a registration run). Two arrays, not a closure per waiter: 10,000 servers configured
   * at once made 10,000 closures that lived until their turn (seconds: promoted to the old
   * space, then garbage).
   */
  private owners: Array<SlotWaiter<unknown>> = [];
  private args: unknown[] = [];
  private head = 0;

  constructor(private readonly limit: number) {}

  /** Calls `owner.slot(arg)` now or when a slot frees. */
  wait<T>(owner: SlotWaiter<T>, arg: T): void {
    if (this.active < this.limit) {
      this.active++;
      owner.slot(arg);
    } else {
      this.owners.push(owner);
      this.args.push(arg);
    }
  }

  release(): void {
    const at = this.head;
    const next = this.owners[at];
    if (next === undefined) {
      this.active = Math.max(0, this.active - 1);
      return;
    }
    const arg = this.args[at];
    this.head++;
    if (this.head === this.owners.length) {
      this.owners = [];
      this.args = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.owners.length) {
      this.owners = this.owners.slice(this.head);
      this.args = this.args.slice(this.head);
      this.head = 0;
    }
    next.slot(arg);
  }
}
