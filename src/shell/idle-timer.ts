/**
 * Closes a session idle for longer than `login timer`. One timer stays armed; when it fires
 * early (there was activity since), it re-arms for the time left, so typing costs no timer work.
 */
import { Clock, TimerHandle } from '../util/clock';

/** The idle timer of one session. */
export class IdleTimer {
  private handle: TimerHandle | undefined;
  private last = 0;
  /** Stored twice in the constructor: see Session's `closed`. */
  private stopped: boolean;

  /**
   * @param limit the idle limit in seconds, read live (`'clear'`: never close)
   * @param expire called once when the session has been idle for `limit`
   */
  constructor(
    private readonly clock: Clock,
    private readonly limit: () => number | 'clear',
    private readonly expire: () => void,
  ) {
    this.stopped = true;
    this.stopped = false;
  }

  /** Notes activity at `now` (the clock's time, read by the caller). */
  touch(now: number = this.clock.now()): void {
    if (this.stopped) return;
    this.last = now;
    if (this.handle === undefined) this.arm();
  }

  /** Disarms for good (the session closed). */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimer(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    const t = this.limit();
    if (t === 'clear' || this.stopped) {
      this.handle = undefined;
      return;
    }
    const left = this.last + t * 1000 - this.clock.now();
    this.handle = this.clock.setTimer(Math.max(0, left), () => {
      this.handle = undefined;
      const limit = this.limit();
      if (limit !== 'clear' && this.clock.now() - this.last >= limit * 1000) this.expire();
      else this.arm();
    });
  }
}
