/**
 * Time and timers through one injected object, so that tests run timers instantly with FakeClock.
 */

/** A timer armed through a `Clock`, for clearing it. */
export interface TimerHandle {
  readonly id: number;
}

/** Time and timers, injected: `SystemClock` in the program, `FakeClock` in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle | undefined): void;
}

/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay fires after 1 ms with a
 * warning. Longer delays are chained in steps of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The real clock: `Date.now()` and Node timers. */
export class SystemClock implements Clock {
  private next = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.next++;
    const due = Date.now() + Math.max(0, Number.isFinite(ms) ? ms : MAX_TIMER_MS);
    this.arm(id, due, fn);
    return { id };
  }
  /** Arms one step towards `due` under the same id, so clearTimer stops the whole chain. */
  private arm(id: number, due: number, fn: () => void): void {
    const left = Math.max(0, due - Date.now());
    const t = setTimeout(() => {
      if (left > MAX_TIMER_MS) {
        this.arm(id, due, fn);
        return;
      }
      this.timers.delete(id);
      fn();
    }, Math.min(left, MAX_TIMER_MS));
    t.unref?.();
    this.timers.set(id, t);
  }
  clearTimer(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    const t = this.timers.get(handle.id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(handle.id);
  }
}

/** A clock that moves only when told: `advance(ms)` runs every timer due, in order. */
export class FakeClock implements Clock {
  private time: number;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  constructor(start = Date.UTC(2026, 10, 26, 3, 0, 0)) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.next++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return { id };
  }
  clearTimer(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.timers.delete(handle.id);
  }
  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let dueId: number | undefined;
      let dueAt = Infinity;
      for (const [id, t] of this.timers) {
        if (t.at <= end && (t.at < dueAt || (t.at === dueAt && id < (dueId ?? Infinity)))) {
          dueAt = t.at;
          dueId = id;
        }
      }
      if (dueId === undefined) break;
      const t = this.timers.get(dueId);
      this.timers.delete(dueId);
      this.time = Math.max(this.time, dueAt);
      t?.fn();
    }
    this.time = end;
  }
}
