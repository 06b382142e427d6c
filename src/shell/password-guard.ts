/**
 * The one door-keeper of every password the program checks for someone on the network: the telnet
 * login, `administrator` (and the Old_Password of a password change), HTTP Basic of the web pages,
 * and — through the same instance, `shell.guard` — the SSH server. One {@link GuessLimiter} counts
 * the attempts per source address across connections and doors (a guesser cannot switch doors to
 * start again), the check runs off the event loop ({@link verifyPassword}), and each failure and
 * success goes to the log with the door and the source, in the router's words.
 *
 * For the SSH server: `shell.guard.admit(address, closeFn)` when a connection arrives (release the
 * slot once authenticated or closed) and `await shell.guard.check('SSH', address, password, hash)`
 * for each password (or `shell.guard.note('SSH', address, ok)` for a public key already verified).
 */
import { Door, PasswordChecker, Purpose } from '../commands/types';
import { verifyPassword } from '../config/passwords';
import { Clock } from '../util/clock';
import { EventLog } from '../util/event-log';
import { Admission, GuessLimiter, GuessLimiterOptions } from '../util/guess-limiter';
import { LogThrottle } from '../util/log-throttle';

/** Shared password checking: slowed per source, logged, never blocking the event loop. */
export class PasswordGuard implements PasswordChecker {
  readonly limiter: GuessLimiter;
  /** Verifications running (past their wait; tests on a fake clock wait for them). */
  private inFlight = new Set<Promise<boolean>>();
  private readonly refusals: LogThrottle;

  constructor(
    clock: Clock,
    private readonly log: EventLog,
    options: GuessLimiterOptions = {},
  ) {
    this.limiter = new GuessLimiter(clock, options);
    this.refusals = new LogThrottle(clock);
  }

  /** A connection that must still authenticate: see {@link GuessLimiter.admit}. */
  admit(source: string, evict?: () => void): Admission {
    const a = this.limiter.admit(source, evict);
    if (!a.ok) {
      // Anyone can provoke this at will: once a minute per source, so that it cannot flush the log.
      const more = this.refusals.pass(source);
      if (more !== undefined) this.log.add(`Connection refused for ${source}: ${a.reason}${more}`);
    }
    return a;
  }

  /**
   * Checks `plain` against `stored` (a hash; undefined: no password is set and only the empty
   * answer is right), after the source's wait; logs the outcome. Resolves true when right; false,
   * unchecked and unlogged, when `signal` aborts (the connection closed) during the wait.
   */
  check(door: Door, source: string, purpose: Purpose, plain: string, stored: string | undefined, signal?: AbortSignal): Promise<boolean> {
    const verify = (): Promise<boolean> => {
      // Tracked from the end of the wait to the logged outcome: the part a fake clock cannot drive.
      const v = (stored === undefined ? Promise.resolve(plain === '') : verifyPassword(plain, stored)).then((ok) => {
        this.note(door, source, purpose, ok);
        return ok;
      });
      this.inFlight.add(v);
      const forget = (): void => {
        this.inFlight.delete(v);
      };
      v.then(forget, forget);
      return v;
    };
    return this.limiter.attempt(source, verify, signal);
  }

  /**
   * A login with no password set (anyone who reaches the port is in): logged like any login, but
   * once a minute per source, as a connect-and-hang-up loop could otherwise flush the log.
   * Returns whether it was logged (the session then logs its logout too).
   */
  openLogin(door: Door, source: string): boolean {
    const more = this.refusals.pass(`open login ${door} ${source}`);
    if (more === undefined) return false;
    this.log.add(`Login succeeded for ${door}: ${source} (no login password)${more}`);
    return true;
  }

  /** Logs an outcome decided elsewhere (a login with no password set, an SSH public key). */
  note(door: Door, source: string, purpose: Purpose, ok: boolean): void {
    const what = purpose === 'login' ? 'Login' : purpose === 'administrator' ? "'administrator'" : 'Password change';
    this.log.add(`${what} ${ok ? 'succeeded' : 'failed'} for ${door}: ${source}`);
  }

  /** Resolves once no verification is running (for tests driven by a fake clock; a check still waiting for its slot is not waited for). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Verifications running now. */
  get pending(): number {
    return this.inFlight.size;
  }
}
