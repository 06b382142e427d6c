/**
 * Slows password guessing down, per source address and across connections (telnet login,
 * `administrator`, HTTP Basic share one limiter so that a guesser cannot switch doors).
 *
 * **The curve.** Each source has a count of password attempts not yet followed by a success (an
 * attempt is counted when it is checked, so hanging up before the answer does not make it free).
 * After attempt number `n` (n = 1, 2, …) the next attempt from that source may not be checked
 * before `gap(n)` has passed since attempt `n` was checked:
 *
 *     gap(n) = 0                                        for n < freeAttempts (3)
 *     gap(n) = min(baseMs · 2^(n − freeAttempts), maxMs)  otherwise (1 s, 2 s, 4 s, … 32 s, 60 s)
 *
 * so from one source attempts 1-3 go at once, then at t = 1, 3, 7, 15, 31, 63, 123 s, … one a
 * minute. The slots are handed out in order whatever the number of connections: parallel
 * connections wait for successive slots. That is at most 8 attempts in the first minute and at
 * most 2 in any later 60 s (1 a minute sustained). A success forgets the count. A source that made
 * no attempt for `forgetMs` (15 min) is forgotten too, so waiting buys 3 quick attempts per 15 min.
 *
 * **Sources.** IPv4 addresses (and IPv4-mapped IPv6) count one by one; IPv6 addresses count per
 * /64, the block one host is given, so that a host cannot rotate its interface identifier.
 *
 * **Unauthenticated connections.** {@link GuessLimiter.admit} caps the connections that have not
 * authenticated yet, overall (`maxUnauthenticated`, 8) and per source (`maxUnauthenticatedPerSource`,
 * 2), so that guessers cannot hold every session; the caller keeps the rest of its session limit
 * for operators who authenticate. A connection admitted with an `evict` callback may be closed to
 * make room: when the overall cap is full, a newcomer (from a source under its own cap) closes the
 * OLDEST evictable unauthenticated connection instead of being refused, so that connections
 * sitting at `Password:` cannot lock the operator out (sixteen, or a thousand: the operator's
 * connection is admitted and keeps its slot until `maxUnauthenticated` newer ones arrive).
 *
 * **Memory.** At most `maxSources` (4096) sources are remembered; when full, sources idle for
 * `forgetMs` are dropped first, then the least recently seen with no open connection.
 *
 * Time comes from the injected {@link Clock}; the limiter arms no timer itself: the caller waits
 * the returned delay (through its own clock) before checking the password.
 */
import { Clock } from './clock';

/** The limiter's settings; every one has the default shown in the module comment. */
export interface GuessLimiterOptions {
  readonly freeAttempts?: number;
  readonly baseMs?: number;
  readonly maxMs?: number;
  readonly forgetMs?: number;
  readonly maxUnauthenticated?: number;
  readonly maxUnauthenticatedPerSource?: number;
  readonly maxSources?: number;
}

/** The answer to {@link GuessLimiter.admit}: a slot to release when the connection authenticates or closes. */
export type Admission =
  | { readonly ok: true; readonly release: () => void }
  | { readonly ok: false; readonly reason: 'too many unauthenticated connections' | 'too many unauthenticated connections from this address' };

interface SourceState {
  /** Attempts since the last success (or since first seen). */
  attempts: number;
  /** Earliest time the next attempt may be checked. */
  nextAt: number;
  /** Last attempt, admission or answer: for forgetting. */
  lastSeen: number;
  /** Connections admitted and not yet released. */
  open: number;
}

/**
 * The key a source address counts under: the IPv4 address, or the /64 of an IPv6 address
 * (`2001:db8:1:2::/64`); anything else (a Unix socket path, a test name) as it is.
 */
export function sourceKey(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1] as string;
  if (!a.includes(':')) return a;
  const [head = '', tail] = a.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  if (right.some((g) => g.includes('.'))) right.splice(right.length - 1, 1, '0', '0'); // embedded IPv4 tail
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const prefix = groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** See the module comment for the curve, the caps and the memory bound. */
export class GuessLimiter {
  private readonly sources = new Map<string, SourceState>();
  private unauthenticated = 0;
  /** Evictable admissions, oldest first (Set keeps insertion order). */
  private readonly evictable = new Set<() => void>();
  private readonly freeAttempts: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly forgetMs: number;
  private readonly maxUnauthenticated: number;
  private readonly maxPerSource: number;
  private readonly maxSources: number;

  constructor(
    private readonly clock: Clock,
    o: GuessLimiterOptions = {},
  ) {
    this.freeAttempts = o.freeAttempts ?? 3;
    this.baseMs = o.baseMs ?? 1000;
    this.maxMs = o.maxMs ?? 60000;
    this.forgetMs = o.forgetMs ?? 15 * 60000;
    this.maxUnauthenticated = o.maxUnauthenticated ?? 8;
    this.maxPerSource = o.maxUnauthenticatedPerSource ?? 2;
    this.maxSources = o.maxSources ?? 4096;
  }

  /** The minimum spacing after attempt number `n` (1-based) from one source: the curve above. */
  gap(n: number): number {
    if (n < this.freeAttempts) return 0;
    return Math.min(this.baseMs * 2 ** (n - this.freeAttempts), this.maxMs);
  }

  /** Sources remembered now (for tests and `show environment`). */
  get size(): number {
    return this.sources.size;
  }

  /** Connections admitted and not released, overall. */
  get unauthenticatedCount(): number {
    return this.unauthenticated;
  }

  /**
   * A new connection from `source` that has not authenticated: admitted, or refused with why.
   * `evict`: how to close this connection if a newer one needs its slot (it must end in `release`);
   * without it the connection is never closed for another and a full cap refuses the newcomer.
   */
  admit(source: string, evict?: () => void): Admission {
    const s = this.state(sourceKey(source));
    if (s.open >= this.maxPerSource) return { ok: false, reason: 'too many unauthenticated connections from this address' };
    if (this.unauthenticated >= this.maxUnauthenticated) {
      const oldest = this.evictable.values().next();
      if (oldest.done === true) return { ok: false, reason: 'too many unauthenticated connections' };
      this.evictable.delete(oldest.value);
      oldest.value(); // closes the oldest waiting connection, which releases its slot
      if (this.unauthenticated >= this.maxUnauthenticated) return { ok: false, reason: 'too many unauthenticated connections' };
    }
    s.open++;
    this.unauthenticated++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (evict !== undefined) this.evictable.delete(evict);
      s.open--;
      this.unauthenticated--;
      s.lastSeen = this.clock.now();
    };
    if (evict !== undefined) this.evictable.add(evict);
    return { ok: true, release };
  }

  /**
   * A password attempt from `source` is about to be checked: returns how many milliseconds the
   * caller must wait before checking it (0: at once). The attempt is counted now.
   */
  check(source: string): number {
    const now = this.clock.now();
    const s = this.state(sourceKey(source));
    const at = Math.max(now, s.nextAt);
    s.attempts++;
    s.nextAt = at + this.gap(s.attempts);
    s.lastSeen = now;
    return at - now;
  }

  /** The attempt was wrong. It was counted by {@link check}; this only keeps the source remembered. */
  failure(source: string): void {
    const s = this.sources.get(sourceKey(source));
    if (s !== undefined) s.lastSeen = this.clock.now();
  }

  /** The attempt was right: the source's count starts again from zero. */
  success(source: string): void {
    const s = this.sources.get(sourceKey(source));
    if (s === undefined) return;
    s.attempts = 0;
    s.nextAt = 0;
    s.lastSeen = this.clock.now();
  }

  /**
   * The whole of one password attempt, for callers (telnet login, `administrator`, HTTP Basic):
   * waits for the source's slot through the clock, runs `verify` (e.g. `verifyPassword`), records
   * success or failure, and resolves with the result. `signal` aborted (the connection closed)
   * before the wait ends: no check, resolves false; the attempt stays counted.
   */
  async attempt(source: string, verify: () => Promise<boolean>, signal?: AbortSignal): Promise<boolean> {
    const wait = this.check(source);
    if (wait > 0) {
      // A connection that closes while it waits gives up its check (the attempt stays counted): a
      // guesser who hangs up learns nothing, and waiting attempts are bounded by open connections.
      const waited = await new Promise<boolean>((resolve) => {
        const onAbort = (): void => {
          this.clock.clearTimer(timer);
          resolve(false);
        };
        const timer = this.clock.setTimer(wait, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      if (!waited) return false;
    }
    if (signal?.aborted === true) return false;
    const ok = await verify();
    if (ok) this.success(source);
    else this.failure(source);
    return ok;
  }

  /** Attempts counted for `source` since its last success (for the log). */
  attempts(source: string): number {
    return this.sources.get(sourceKey(source))?.attempts ?? 0;
  }

  private state(key: string): SourceState {
    const now = this.clock.now();
    let s = this.sources.get(key);
    if (s !== undefined && s.open === 0 && now - s.lastSeen >= this.forgetMs) {
      this.sources.delete(key);
      s = undefined;
    }
    if (s !== undefined) {
      // Map order is the eviction order: move to the end (most recently seen).
      this.sources.delete(key);
      this.sources.set(key, s);
      return s;
    }
    if (this.sources.size >= this.maxSources) this.evict(now);
    s = { attempts: 0, nextAt: 0, lastSeen: now, open: 0 };
    this.sources.set(key, s);
    return s;
  }

  private evict(now: number): void {
    for (const [k, s] of this.sources) if (s.open === 0 && now - s.lastSeen >= this.forgetMs) this.sources.delete(k);
    if (this.sources.size < this.maxSources) return;
    // Least recently seen first; a source with an open connection is kept (its count of
    // unauthenticated connections must stay right), and there are at most maxUnauthenticated of those.
    for (const [k, s] of this.sources) {
      if (s.open > 0) continue;
      this.sources.delete(k);
      if (this.sources.size < this.maxSources) return;
    }
  }
}
