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

/** A timer of FakeClock: due at `at`, armed as the `id`th. */
interface FakeTimer {
  readonly at: number;
  readonly id: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told: `advance(ms)` runs every timer due, in order of due time,
 * then of arming. The timers wait in a binary heap (a cleared one stays there until it comes up,
 * or until cleared ones are half of the heap): a registration run of 10,000 servers keeps ~10,000
 * refresh timers, and a scan of every timer per timer fired made `advance` quadratic.
 */
export class FakeClock implements Clock {
  private time: number;
  private next = 1;
  private heap: FakeTimer[] = [];
  /** The ids of the timers armed and neither fired nor cleared. */
  private readonly live = new Set<number>();
  constructor(start = Date.UTC(2026, 10, 26, 3, 0, 0)) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    const id = this.next++;
    this.live.add(id);
    const h = this.heap;
    h.push({ at: this.time + Math.max(0, ms), id, fn });
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
    return { id };
  }
  clearTimer(handle: TimerHandle | undefined): void {
    if (handle === undefined || !this.live.delete(handle.id)) return;
    // The cleared ones out when they are half the heap: sorted, an array is a heap again.
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) {
      this.heap = this.heap.filter((t) => this.live.has(t.id)).sort((a, b) => a.at - b.at || a.id - b.id);
    }
  }
  /** Number of timers waiting. */
  get pending(): number {
    return this.live.size;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (let top = this.heap[0]; top !== undefined && top.at <= end; top = this.heap[0]) {
      this.pop();
      if (!this.live.delete(top.id)) continue;
      this.time = Math.max(this.time, top.at);
      top.fn();
    }
    this.time = end;
  }

  private before(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    return a !== undefined && b !== undefined && (a.at < b.at || (a.at === b.at && a.id < b.id));
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i];
    const u = h[j];
    if (t === undefined || u === undefined) return;
    h[i] = u;
    h[j] = t;
  }

  /** Takes the first timer off the heap. */
  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last === undefined || h.length === 0) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      let m = i;
      if (l < h.length && this.before(l, m)) m = l;
      if (l + 1 < h.length && this.before(l + 1, m)) m = l + 1;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
