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

/** A SystemClock timer: its id, and the Node timer of the step now armed. */
class SystemTimer implements TimerHandle {
  /** The Node timer of the current step; undefined once fired or cleared. */
  timeout: NodeJS.Timeout | undefined;
  constructor(readonly id: number) {}
}

/**
 * The real clock: `Date.now()` and Node timers. The handle holds its Node timer (no map from id to
 * timer: a REGISTER transaction arms and clears two or three timers, and the map's set/delete
 * was a tenth of the timer cost in a registration run's profile).
 */
export class SystemClock implements Clock {
  private next = 1;
  now(): number {
    return Date.now();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const handle = new SystemTimer(this.next++);
    const delay = Math.max(0, Number.isFinite(ms) ? ms : MAX_TIMER_MS);
    if (delay <= MAX_TIMER_MS) {
      // The common case, one step: no closure over a due time.
      handle.timeout = setTimeout(fire, delay, handle, fn);
      handle.timeout.unref?.();
    } else this.arm(handle, Date.now() + delay, fn);
    return handle;
  }
  /** Arms one step towards `due` on the same handle, so clearTimer stops the whole chain. */
  private arm(handle: SystemTimer, due: number, fn: () => void): void {
    const left = Math.max(0, due - Date.now());
    const t = setTimeout(() => {
      if (left > MAX_TIMER_MS) {
        this.arm(handle, due, fn);
        return;
      }
      fire(handle, fn);
    }, Math.min(left, MAX_TIMER_MS));
    t.unref?.();
    handle.timeout = t;
  }
  clearTimer(handle: TimerHandle | undefined): void {
    if (!(handle instanceof SystemTimer) || handle.timeout === undefined) return;
    clearTimeout(handle.timeout);
    handle.timeout = undefined;
  }
}

/** The last step of a SystemClock timer: the handle forgets its Node timer, then the function runs. */
function fire(handle: SystemTimer, fn: () => void): void {
  handle.timeout = undefined;
  fn();
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
