/**
 * At most `limit` registration exchanges in flight: the rest wait their turn, so that thousands of
 * servers configured at once do not flood the registrar (and our own socket) in one burst.
 */
export class Limiter {
  private active = 0;
  /**
   * Waiting starters in arrival order; `head` is the next one. Not `Array.shift`: with 10,000
   * servers waiting each shift moved the whole array (profile: release ~2% of a registration run).
   */
  private waiting: Array<() => void> = [];
  private head = 0;

  constructor(private readonly limit: number) {}

  /** Calls `start` now or when a slot frees. */
  acquire(start: () => void): void {
    if (this.active < this.limit) {
      this.active++;
      start();
    } else this.waiting.push(start);
  }

  release(): void {
    const next = this.waiting[this.head];
    if (next === undefined) {
      this.active = Math.max(0, this.active - 1);
      return;
    }
    this.head++;
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next();
  }
}
