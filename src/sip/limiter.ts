/**
 * At most `limit` registration exchanges in flight: the rest wait their turn, so that thousands of
 * servers configured at once do not flood the registrar (and our own socket) in one burst.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Calls `start` now or when a slot frees. */
  acquire(start: () => void): void {
    if (this.active < this.limit) {
      this.active++;
      start();
    } else this.waiting.push(start);
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active = Math.max(0, this.active - 1);
  }
}
