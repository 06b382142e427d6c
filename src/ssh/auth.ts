/**
 * SSH user authentication of one connection (RFC 4252) as a state machine. The connection checks
 * each request's credentials and hands the verdict here; the machine decides the answer and when:
 * `none` and public-key queries are not failed tries and answer at once; a wrong password or
 * signature is a failure, answered after a delay that grows with each one (as the telnet login);
 * the third failure closes the connection; a connection that does not authenticate within the
 * grace time is closed. A password is checked by the program's shared guard (shell.guard: the
 * source's wait across connections and doors, scrypt off the event loop): the request enters
 * `checking`, and the guard's verdict comes back as a `checked` event. Timers go through the
 * injected Clock.
 */
import { Clock, TimerHandle } from '../util/clock';

/** How a request is answered: accepted, rejected, or (public-key query, RFC 4252 §7) "this key would do". */
export type AuthReply = 'accept' | 'reject' | 'pk-ok';

/** What one authentication request was, after the connection checked it. */
export type AuthAttempt =
  /** RFC 4252 §5.2: asks which methods may continue; never a failure. */
  | { readonly t: 'none' }
  /** A method that is off (`sshd auth method`) or unsupported (hostbased): rejected, not counted. */
  | { readonly t: 'not-allowed' }
  /** RFC 4252 §7: a public key without a signature; `known` when it is authorized for the user. */
  | { readonly t: 'publickey-query'; readonly known: boolean }
  /** A password (also from keyboard-interactive) or a signed public key; `ok` when it checked out. */
  | { readonly t: 'credential'; readonly ok: boolean }
  /** A password (also from keyboard-interactive) whose check has started; the verdict comes as a `checked` event. */
  | { readonly t: 'checking' };

/** An event for {@link AuthMachine.handle}. */
export type AuthEvent =
  | { readonly t: 'request'; readonly user: string; readonly attempt: AuthAttempt; readonly reply: (r: AuthReply) => void }
  | { readonly t: 'checked'; readonly ok: boolean }
  | { readonly t: 'delay-over' }
  | { readonly t: 'grace-over' }
  | { readonly t: 'closed' };

/** The machine's state. `grace` is the login-grace timer, armed while not yet authenticated. */
export type AuthState =
  | { readonly t: 'waiting'; readonly failures: number; readonly requests: number; readonly grace: TimerHandle }
  | {
      readonly t: 'checking';
      readonly user: string;
      readonly failures: number;
      readonly requests: number;
      readonly grace: TimerHandle;
      readonly reply: (r: AuthReply) => void;
    }
  | {
      readonly t: 'delaying';
      readonly failures: number;
      readonly requests: number;
      readonly grace: TimerHandle;
      readonly delay: TimerHandle;
      readonly reply: (r: AuthReply) => void;
    }
  | { readonly t: 'authenticated'; readonly user: string }
  | { readonly t: 'closed' };

/** What the machine needs from the connection. */
export interface AuthOptions {
  readonly clock: Clock;
  /** Delay after the first failure; the n-th failure waits n times this (Shell.loginDelayMs). */
  readonly delayMs: number;
  /** Failures before the connection is closed (3, as the telnet login). */
  readonly maxFailures?: number;
  /** Requests of any kind before the connection is closed (bounds endless key queries). */
  readonly maxRequests?: number;
  /** Time to authenticate before the connection is closed. */
  readonly graceMs?: number;
  /** Called once, when a request is accepted. */
  onAuthenticated(user: string): void;
  /** Called once, when the machine gives up on the connection (it must close it). */
  onGiveUp(reason: string): void;
}

/** Default limits. */
export const AUTH_DEFAULTS = { maxFailures: 3, maxRequests: 20, graceMs: 120000 } as const;

/** The authentication of one connection. */
export class AuthMachine {
  private s: AuthState;

  constructor(private readonly o: AuthOptions) {
    this.s = { t: 'waiting', failures: 0, requests: 0, grace: this.armGrace() };
  }

  /** The current state (for tests and logs). */
  get state(): AuthState {
    return this.s;
  }

  /**
   * Feeds one event. The state is always changed BEFORE a reply goes out: answering one request
   * makes ssh2 hand over the next queued request at once, re-entering here.
   */
  handle(ev: AuthEvent): void {
    const s = this.s;
    switch (s.t) {
      case 'waiting':
        this.inWaiting(s, ev);
        return;
      case 'checking':
        this.inChecking(s, ev);
        return;
      case 'delaying':
        this.inDelaying(s, ev);
        return;
      case 'authenticated':
        // A request after success (RFC 4252 §5.1 says it SHOULD be ignored): reject it, nothing else.
        if (ev.t === 'request') ev.reply('reject');
        if (ev.t === 'closed') this.s = { t: 'closed' };
        return;
      case 'closed':
        if (ev.t === 'request') ev.reply('reject');
        return;
      default: {
        const never: never = s;
        throw new Error(`internal: auth state ${JSON.stringify(never)}`);
      }
    }
  }

  private inWaiting(s: Extract<AuthState, { t: 'waiting' }>, ev: AuthEvent): void {
    switch (ev.t) {
      case 'request': {
        const requests = s.requests + 1;
        const a = ev.attempt;
        if (a.t === 'credential' && a.ok) {
          this.o.clock.clearTimer(s.grace);
          this.s = { t: 'authenticated', user: ev.user };
          ev.reply('accept');
          this.o.onAuthenticated(ev.user);
          return;
        }
        if (a.t === 'credential') {
          this.fail(s.failures, requests, s.grace, ev.reply);
          return;
        }
        if (a.t === 'checking') {
          this.s = { t: 'checking', user: ev.user, failures: s.failures, requests, grace: s.grace, reply: ev.reply };
          return;
        }
        const answer = a.t === 'publickey-query' && a.known ? 'pk-ok' : 'reject';
        if (requests >= (this.o.maxRequests ?? AUTH_DEFAULTS.maxRequests)) {
          this.giveUp(s.grace, `${requests} authentication requests`);
          ev.reply(answer);
          return;
        }
        this.s = { ...s, requests };
        ev.reply(answer);
        return;
      }
      case 'grace-over':
        this.giveUp(undefined, 'not authenticated in time');
        return;
      case 'closed':
        this.o.clock.clearTimer(s.grace);
        this.s = { t: 'closed' };
        return;
      case 'delay-over':
      case 'checked':
        return;
      default: {
        const never: never = ev;
        throw new Error(`internal: auth event ${JSON.stringify(never)}`);
      }
    }
  }

  private inChecking(s: Extract<AuthState, { t: 'checking' }>, ev: AuthEvent): void {
    switch (ev.t) {
      case 'request':
        // ssh2 hands over one request at a time; one that comes anyway is not checked or counted.
        ev.reply('reject');
        return;
      case 'checked':
        if (ev.ok) {
          this.o.clock.clearTimer(s.grace);
          this.s = { t: 'authenticated', user: s.user };
          s.reply('accept');
          this.o.onAuthenticated(s.user);
          return;
        }
        this.fail(s.failures, s.requests, s.grace, s.reply);
        return;
      case 'grace-over':
        this.giveUp(undefined, 'not authenticated in time');
        return;
      case 'closed':
        this.o.clock.clearTimer(s.grace);
        this.s = { t: 'closed' };
        return;
      case 'delay-over':
        return;
      default: {
        const never: never = ev;
        throw new Error(`internal: auth event ${JSON.stringify(never)}`);
      }
    }
  }

  private inDelaying(s: Extract<AuthState, { t: 'delaying' }>, ev: AuthEvent): void {
    switch (ev.t) {
      case 'request':
        // A request sent before the answer to the failed one: answered (after it, in order) without
        // checking, and not counted, so that pipelining gains an attacker nothing.
        ev.reply('reject');
        return;
      case 'checked':
        return;
      case 'delay-over':
        if (s.failures >= (this.o.maxFailures ?? AUTH_DEFAULTS.maxFailures)) {
          this.giveUp(s.grace, `${s.failures} failed authentications`);
          s.reply('reject');
          return;
        }
        this.s = { t: 'waiting', failures: s.failures, requests: s.requests, grace: s.grace };
        s.reply('reject');
        return;
      case 'grace-over':
        this.o.clock.clearTimer(s.delay);
        this.giveUp(undefined, 'not authenticated in time');
        return;
      case 'closed':
        this.o.clock.clearTimer(s.delay);
        this.o.clock.clearTimer(s.grace);
        this.s = { t: 'closed' };
        return;
      default: {
        const never: never = ev;
        throw new Error(`internal: auth event ${JSON.stringify(never)}`);
      }
    }
  }

  /** A failed try: answered after `failures × delayMs` (the per-connection delay, as the telnet login). */
  private fail(before: number, requests: number, grace: TimerHandle, reply: (r: AuthReply) => void): void {
    const failures = before + 1;
    const delay = this.o.clock.setTimer(failures * this.o.delayMs, () => this.handle({ t: 'delay-over' }));
    this.s = { t: 'delaying', failures, requests, grace, delay, reply };
  }

  private armGrace(): TimerHandle {
    return this.o.clock.setTimer(this.o.graceMs ?? AUTH_DEFAULTS.graceMs, () => this.handle({ t: 'grace-over' }));
  }

  private giveUp(grace: TimerHandle | undefined, reason: string): void {
    this.o.clock.clearTimer(grace);
    this.s = { t: 'closed' };
    this.o.onGiveUp(reason);
  }
}
