/** Who waits for a slot, and what it is told with it (a registration: the attempt that asked). */
export interface SlotWaiter<T> {
  slot(arg: T): void;
}

/** The ring's length when nobody waits (a power of two, as every length it grows to). */
const RING = 16;

/**
 * At most `limit` registration exchanges in flight: the rest wait their turn, so that thousands of
 * servers configured at once do not flood the registrar (and our own socket) in one burst.
 */
export class Limiter {
  private active = 0;
  /**
   * Waiters in arrival order, and the argument each is told: a ring over two arrays whose length
   * is a power of two, `count` of them from `head` on. Not `Array.shift`: with 10,000 servers
   * waiting each shift moved the whole array (profile: release ~2% of a registration run). Two
   * arrays, not a closure per waiter: 10,000 servers configured at once made 10,000 closures that
   * lived until their turn (seconds: promoted to the old space, then garbage). A ring, not one
   * array cut at its front now and then: `release` takes the same path for every waiter, where
   * the cut (first at ~5,000 of 10,000 waiters) and the reset at the end each threw away its
   * optimised code, and the cut also `wait`'s, which had taken the arrays for constants
   * (`--trace-deopt`, N=10,000: two deopts of release and one dependency deopt of wait in the
   * window, each compiled again).
   */
  private owners: Array<SlotWaiter<unknown> | undefined> = ring(RING);
  private args: unknown[] = ring(RING);
  private head = 0;
  private count = 0;

  constructor(private readonly limit: number) {}

  /** Calls `owner.slot(arg)` now or when a slot frees. */
  wait<T>(owner: SlotWaiter<T>, arg: T): void {
    if (this.active < this.limit) {
      this.active++;
      owner.slot(arg);
      return;
    }
    if (this.count === this.owners.length) this.grow();
    const at = (this.head + this.count) & (this.owners.length - 1);
    this.owners[at] = owner;
    this.args[at] = arg;
    this.count++;
  }

  release(): void {
    const at = this.head;
    const next = this.owners[at];
    if (next === undefined) {
      this.active = Math.max(0, this.active - 1);
      return;
    }
    const arg = this.args[at];
    // Emptied, so that neither array holds a waiter that had its turn.
    this.owners[at] = undefined;
    this.args[at] = undefined;
    this.head = (at + 1) & (this.owners.length - 1);
    this.count--;
    // The last waiter of a burst: the ring goes back to its first length (10,000 servers
    // configured at once grew it to 16,384).
    if (this.count === 0 && this.owners.length > RING) this.shrink();
    next.slot(arg);
  }

  /**
   * Twice the length, the waiters in order from index 0. By slice and concat, not a loop: a loop
   * over 8,192 waiters was compiled on the stack (OSR) and dropped at the next growth.
   */
  private grow(): void {
    const n = this.owners.length;
    const h = this.head;
    this.owners = this.owners.slice(h).concat(this.owners.slice(0, h), ring(n));
    this.args = this.args.slice(h).concat(this.args.slice(0, h), ring(n));
    this.head = 0;
  }

  private shrink(): void {
    this.owners = ring(RING);
    this.args = ring(RING);
    this.head = 0;
  }
}

/** An array of `n` undefined elements (filled: no holes). */
function ring<T>(n: number): Array<T | undefined> {
  return new Array<T | undefined>(n).fill(undefined);
}
