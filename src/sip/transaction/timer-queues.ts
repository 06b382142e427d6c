/**
 * Transaction timers of one duration kept in arming order under one clock timer. Every
 * transaction arms the same few durations (Timer E's T1, Timer K's T4): a queue per duration
 * holds them in due order, so arming is an append, and a timer that is no longer wanted is
 * not cleared but passed over when it comes due (its owner's token has moved on).
 *
 * Profile of a registration run: each transaction armed two or three Node timers (a Timeout, a
 * handle and a closure each), and the completed ones lived 5 s for Timer K with their Timeout,
 * long enough to be promoted to the old space.
 */
import { Clock, TimerHandle } from '../../util/clock';

/** What a queued timer fires: the token it was armed with, for the owner to tell a stale one. */
export interface QueuedTimerOwner {
  fireQueued(token: number): void;
  /**
   * Whether the timer armed with `token` is outdated for good (its `fireQueued` would do
   * nothing): the queue then drops it without waiting for it to come due.
   */
  outdated?(token: number): boolean;
}

/** At most this many durations get a queue (the rest, e.g. Timer F's remainders, are clock timers). */
const MAX_QUEUES = 8;

/** The timers of one duration, oldest first. */
class DurationQueue {
  private owners: Array<QueuedTimerOwner | undefined> = [];
  private tokens: number[] = [];
  /**
   * Due times in ms after `origin`: small integers (a clock time is beyond V8's small integers,
   * and the first one stored deoptimised the code that pushed it).
   */
  private dues: number[] = [];
  private readonly origin: number;
  private head = 0;
  private timer: TimerHandle | undefined;
  private running = false;
  private readonly onTimer = (): void => this.run();

  constructor(
    private readonly clock: Clock,
    private readonly ms: number,
  ) {
    this.origin = clock.now();
  }

  /** How many timers wait (stale ones included). */
  get size(): number {
    return this.dues.length - this.head;
  }

  arm(owner: QueuedTimerOwner, token: number): void {
    let due = this.clock.now() - this.origin + this.ms;
    // A clock set back must not put a later timer before an earlier one: it waits for that one.
    const last = this.dues.length > this.head ? (this.dues[this.dues.length - 1] as number) : due;
    if (due < last) due = last;
    this.owners.push(owner);
    this.tokens.push(token);
    this.dues.push(due);
    if (this.timer === undefined && !this.running) this.timer = this.clock.setTimer(this.ms, this.onTimer);
  }

  /** Fires every timer due, then arms the clock for the next one. */
  private run(): void {
    this.timer = undefined;
    this.running = true;
    const now = this.clock.now() - this.origin;
    while (this.head < this.dues.length && (this.dues[this.head] as number) <= now) {
      const owner = this.owners[this.head];
      const token = this.tokens[this.head] as number;
      this.owners[this.head] = undefined;
      this.head++;
      owner?.fireQueued(token);
    }
    this.running = false;
    this.dropOutdated();
    this.compact();
    if (this.head < this.dues.length) this.timer = this.clock.setTimer((this.dues[this.head] as number) - now, this.onTimer);
  }

  /**
   * Passes over the outdated timers at the head, so that the clock is armed for the first one
   * still wanted: a REGISTER's Timer E is outdated by its answer long before it is due, and
   * the queue woke for each of them in turn (profile of a registration run against Kamailio:
   * ~6,000 clock timers for 20,000 transactions, mostly Timer E entries already answered).
   */
  private dropOutdated(): void {
    while (this.head < this.dues.length) {
      const owner = this.owners[this.head];
      if (owner !== undefined && owner.outdated?.(this.tokens[this.head] as number) !== true) return;
      this.owners[this.head] = undefined;
      this.head++;
    }
  }

  /** Drops the fired entries' slots: all of them when the queue is empty, else once they are most of it. */
  private compact(): void {
    if (this.head === this.dues.length) {
      this.owners.length = 0;
      this.tokens.length = 0;
      this.dues.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.dues.length) {
      this.owners.splice(0, this.head);
      this.tokens.splice(0, this.head);
      this.dues.splice(0, this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.head = this.dues.length;
    this.compact();
  }
}

/** The queues of one transaction layer, one per duration armed. */
export class TimerQueues {
  private readonly queues = new Map<number, DurationQueue>();

  constructor(private readonly clock: Clock) {}

  /**
   * Arms `owner.fireQueued(token)` in `ms`; false when no queue takes it (a duration of 0, or too
   * many durations already): the caller then arms a clock timer of its own.
   */
  arm(ms: number, owner: QueuedTimerOwner, token: number): boolean {
    let q = this.queues.get(ms);
    if (q === undefined) {
      if (!(ms > 0) || !Number.isFinite(ms) || this.queues.size >= MAX_QUEUES) return false;
      q = new DurationQueue(this.clock, ms);
      this.queues.set(ms, q);
    }
    q.arm(owner, token);
    return true;
  }

  /** Timers waiting in every queue, stale ones included (for tests). */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** Stops every queue's clock timer and forgets what waits (layer shutdown). */
  clear(): void {
    for (const q of this.queues.values()) q.clear();
  }
}
