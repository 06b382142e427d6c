/**
 * The registration client of one configured SIP server (RFC 3261 §10) as a state machine: a
 * discriminated union of states, one `handle(event)`, timers armed on entering a state and
 * cleared on leaving it. Every asynchronous answer (a slot, a resolution, a response) carries
 * the attempt it belongs to; an answer for an attempt that is no longer the current one is old.
 */
import { HostPort, Parsed, formatHost, formatHostPort } from '../../net/host';
import { Clock, TimerHandle } from '../../util/clock';
import { Random } from '../../util/random';
import { callIdOf, newBranch } from '../codec/build';
import { detached, param, parseNameAddr } from '../codec/header-values';
import { SipResponse } from '../codec/message';
import { ServerDetail, ServerState, ServerStatus } from '../control';
import { Limiter, SlotWaiter } from '../limiter';
import { Resolution, ResolvedTarget } from '../resolver';
import { ServerSettings } from '../settings';
import { TransactionLayer } from '../transaction/layer';
import { ClientUser } from '../transaction/context';
import { QueuedTimerOwner } from '../transaction/timer-queues';
import { Target, Transport, formatTarget } from '../transport/types';
import { SipUri, parseSipUri, uriParam } from '../uri';
import { REGISTER_EXPIRES, refreshDelayMs, retryAfterSeconds, retryDelayMs } from './backoff';
import { ChallengeCount, onChallenge } from './challenge';
import { CachedAuth, RegisterFixed, registerFixed, writeRegister } from './request';
import { learnedAddress } from './nat';
import { portRulesOut } from './other-binding';
import { LocalAddress } from '../codec/build';
import { DigestMemo, emptyDigestMemo } from '../digest';

const MAX_REDIRECTS = 5;
/** 423 is followed at most this many times per attempt (RFC 3261 §10.2.8), while Min-Expires grows. */
export const MAX_INTERVAL_TOO_BRIEF = 3;
/** The largest Min-Expires we accept: one day (the top of `register timer`). */
export const MAX_MIN_EXPIRES = 86400;

/** What the registration needs from the engine. */
export interface RegistrationHost {
  readonly layer: TransactionLayer;
  readonly transport: Transport;
  readonly clock: Clock;
  /** RFC 3263: the server's targets in the order to try them; at once when no look-up is needed (an IP literal). */
  resolve(server: ServerSettings): Resolution | Promise<Resolution>;
  /** RFC 5626 §4.5 back-off: base and ceiling in ms. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly random: Random;
  /** Shared by all registrations: bounds the exchanges in flight. */
  readonly limiter: Limiter;
  /** The User-Agent text, or undefined for none. */
  userAgent(): string | undefined;
  /** `sip outer address`: put in Via and Contact instead of the local address. */
  outerAddress(): string | undefined;
  /** RFC 5626 §4.4.1 keep-alive interval by transport, in ms; undefined = none. */
  keepAliveMs(transport: 'udp' | 'tcp'): number | undefined;
  /** Typed events for whoever listens (the log, later). */
  emit(event: RegistrationEvent): void;
}

/** What a registration tells its listeners. */
export type RegistrationEvent =
  | { readonly kind: 'registered'; readonly n: number; readonly expires: number }
  | { readonly kind: 'failed'; readonly n: number; readonly reason: string; readonly code: number | undefined; readonly retryMs: number | undefined }
  | { readonly kind: 'removed'; readonly n: number };

/** The status texts of a registration's targets, and the targets they were written for. */
interface TargetTexts {
  readonly target: ResolvedTarget | undefined;
  readonly targets: readonly ResolvedTarget[];
  readonly targetText: string | undefined;
  readonly others: readonly string[];
  readonly local: string | undefined;
}

const NO_TEXTS: readonly string[] = [];

/**
 * `name (transport:address:port)`. The last text is remembered: registrations to one registrar
 * then share one string (status of 10,000 servers: one text instead of 10,000 written each time).
 */
let lastNamed: { readonly name: string; readonly transport: string; readonly address: string; readonly port: number; readonly text: string } | undefined;

function namedTarget(x: ResolvedTarget): string {
  const l = lastNamed;
  if (l !== undefined && l.name === x.name && l.transport === x.transport && l.address === x.address && l.port === x.port) return l.text;
  const text = `${x.name} (${formatTarget(x)})`;
  lastNamed = { name: x.name, transport: x.transport, address: x.address, port: x.port, text };
  return text;
}

/** `address:port`, IPv6 in brackets; the last text remembered as for namedTarget. */
let lastAddress: { readonly address: string; readonly port: number; readonly text: string } | undefined;

function addressText(address: string, port: number): string {
  const l = lastAddress;
  if (l !== undefined && l.address === address && l.port === port) return l.text;
  const text = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  lastAddress = { address, port, text };
  return text;
}

/**
 * SERVER[:port] as configured; the last text remembered as for namedTarget, so that
 * registrations to one registrar share one string (the status view then finds each server's
 * Server line equal to the previous one by identity, not by comparing the texts).
 */
let lastServer: { readonly kind: string; readonly address: string; readonly port: number | undefined; readonly text: string } | undefined;

function serverText(hp: HostPort): string {
  const l = lastServer;
  if (l !== undefined && l.address === hp.host.address && l.port === hp.port && l.kind === hp.host.kind) return l.text;
  const text = formatHostPort(hp);
  lastServer = { kind: hp.host.kind, address: hp.host.address, port: hp.port, text };
  return text;
}

/** One REGISTER exchange from the first request to its final outcome. */
interface Attempt {
  readonly purpose: 'register' | 'unregister';
  /** RFC 3263 §4.3: the targets to try in turn, and the one in use. */
  targets: readonly ResolvedTarget[];
  index: number;
  expires: number;
  redirect: Target | undefined;
  redirects: number;
  /** A Contact to remove in this attempt's REGISTERs (the one registered before NAT was learned). */
  readonly drop: LocalAddress | undefined;
  tooBrief: number;
  readonly challenges: ChallengeCount;
  /** The registration it is of (told when the attempt gets its limiter slot). */
  readonly owner: Registration;
}

/** An attempt's limiter slot goes to its registration: one shared waiter, not a closure per attempt waiting. */
const ATTEMPT_SLOT: SlotWaiter<Attempt> = { slot: (attempt) => attempt.owner.handle({ kind: 'slot', attempt }) };

/**
 * The Target a REGISTER goes to, for the resolved (or redirect) target `to`: the last one made
 * when it is for the same `to` (registrations to one registrar share their resolved targets, see
 * literalResolution). Each transaction keeps its target through Timer K, 5 s: long enough to be
 * promoted to the old space, one object per REGISTER.
 */
function sendTarget(to: Target): Target {
  if (lastSendFor === to && lastSend !== undefined) return lastSend;
  const target: Target = { transport: to.transport, address: to.address, port: to.port };
  lastSendFor = to;
  lastSend = target;
  return target;
}

let lastSendFor: Target | undefined;
let lastSend: Target | undefined;

/** The targets of a registration that has resolved none yet (shared: never written to). */
const NO_TARGETS: readonly ResolvedTarget[] = [];

/** The states of a registration; each owns the timers it arms. */
type State =
  /** `no-register`: the server is only the outbound proxy for calls. */
  | { readonly kind: 'proxy' }
  /** Configured, nothing sent yet. */
  | { readonly kind: 'idle' }
  /** Waiting for a limiter slot. */
  | { readonly kind: 'queued'; readonly attempt: Attempt }
  | { readonly kind: 'resolving'; readonly attempt: Attempt }
  /** A REGISTER is in flight. */
  | { readonly kind: 'sending'; readonly attempt: Attempt }
  | {
      readonly kind: 'registered';
      readonly expires: number;
      readonly contact: string;
      /** The refresh's clock timer, when no timer queue took it (see armRefresh). */
      readonly timer: TimerHandle | undefined;
      readonly at: number;
      /** The keep-alive timer of the flow (RFC 5626 §3.5), when one is set for the transport. */
      keepAlive: TimerHandle | undefined;
    }
  /** The last attempt failed; `timer` is the retry, when one is planned. */
  | { readonly kind: 'failed'; readonly timer: TimerHandle | undefined; readonly at: number | undefined }
  | { readonly kind: 'disconnected'; readonly removed: boolean };

/** The states without fields, shared by every registration (one object fewer per server made). */
const IDLE: State = { kind: 'idle' };
const PROXY: State = { kind: 'proxy' };

/** Everything that can happen to a registration. */
export type RegistrationInput =
  | { readonly kind: 'connect' }
  | { readonly kind: 'disconnect'; readonly removing: boolean }
  | { readonly kind: 'connection-lost'; readonly reason: string }
  | { readonly kind: 'halt' }
  | { readonly kind: 'slot'; readonly attempt: Attempt }
  | { readonly kind: 'resolved'; readonly attempt: Attempt; readonly result: Resolution }
  /** `contact`: the (first) Contact of the request answered. */
  | { readonly kind: 'response'; readonly attempt: Attempt; readonly res: SipResponse; readonly contact: string }
  | { readonly kind: 'no-response'; readonly attempt: Attempt; readonly reason: string }
  | { readonly kind: 'timer'; readonly timer: TimerHandle }
  /** The refresh armed with `token` is due (see armRefresh). */
  | { readonly kind: 'refresh'; readonly token: number }
  | { readonly kind: 'keep-alive'; readonly timer: TimerHandle };

/** What the transaction of one REGISTER tells its registration: one object, not three closures per request. */
class AttemptUser implements ClientUser {
  constructor(
    private readonly reg: Registration,
    private readonly attempt: Attempt,
    /** The request's Contact, as the 2xx is read for it. */
    private readonly contact: string,
  ) {}

  response(res: SipResponse): void {
    this.reg.handle({ kind: 'response', attempt: this.attempt, res, contact: this.contact });
  }

  timeout(): void {
    this.reg.handle({ kind: 'no-response', attempt: this.attempt, reason: 'no response from server' });
  }

  transportError(reason: string): void {
    this.reg.handle({ kind: 'no-response', attempt: this.attempt, reason });
  }
}

/** The registration of one configured server: the state machine and its view for the status. */
export class Registration implements QueuedTimerOwner {
  private state: State;
  private readonly callId: string;
  private readonly fromTag: string;
  private cseq = 0;
  private auth: CachedAuth | undefined;
  /** HA1 of this server's credentials, kept across challenges; made at the first challenge. */
  private digestMemo: DigestMemo | undefined;
  private failures = 0;
  private reason: string | undefined;
  private code: number | undefined;
  /** The targets of the last resolution, the one that answered first (reused until a failure). */
  private targets: readonly ResolvedTarget[] = NO_TARGETS;
  private target: ResolvedTarget | undefined;
  private slotHeld = false;
  /** Who waits for a disconnect to end; made by the first `disconnect`. */
  private doneWaiters: Array<() => void> | undefined;

  constructor(
    readonly config: ServerSettings,
    private readonly host: RegistrationHost,
  ) {
    // The Call-ID's 96 random bits and the From tag's 48 in one draw: the same bytes in the same
    // order as newCallId then newTag, one call into Buffer's hex writer instead of two.
    const ids = host.random.hex(18);
    this.callId = detached(callIdOf(ids.slice(0, 24), formatHost(config.server.host)));
    this.fromTag = ids.slice(24);
    this.state = config.register ? IDLE : PROXY;
  }

  /** The target of the current binding (TCP: the connection whose loss re-registers). */
  get boundTarget(): Target | undefined {
    return this.target;
  }

  /** The live view for the status; `now` read once by the caller for every server. */
  status(now: number = this.host.clock.now()): ServerStatus {
    const s = this.state;
    const at = s.kind === 'registered' || s.kind === 'failed' ? s.at : undefined;
    const c = this.config;
    // One object per server (not the live parts and then a copy): the status of 10,000 servers.
    return {
      n: c.n,
      server: (this.serverText ??= serverText(c.server)),
      transport: c.transport,
      register: c.register,
      sipAddress: c.sipAddress,
      state: s.kind === 'registered' ? 'registered' : this.stateName(),
      nextSeconds: at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000)),
      reason: this.reason,
      code: this.code,
      detail: this.detail(),
    };
  }

  /** What every REGISTER of this server repeats (the settings of a registration do not change). */
  private fixed: RegisterFixed | undefined;
  /** SERVER[:port] as configured, written once. */
  private serverText: string | undefined;
  /** The texts of the target, the other targets and the local address, for the targets they were written for. */
  private targetTexts: TargetTexts | undefined;

  private detail(): ServerDetail {
    const s = this.state;
    const t = this.target;
    let texts = this.targetTexts;
    if (texts === undefined || texts.target !== t || texts.targets !== this.targets) {
      const local = t !== undefined ? this.host.transport.local(t) : undefined;
      const others = this.targets.length === 0 || (this.targets.length === 1 && this.targets[0] === t) ? NO_TEXTS : this.targets.filter((x) => x !== t).map(namedTarget);
      texts = { target: t, targets: this.targets, targetText: t !== undefined ? namedTarget(t) : undefined, others, local: local !== undefined ? addressText(local.address, local.port) : undefined };
      this.targetTexts = texts;
    }
    return {
      target: texts.targetText,
      otherTargets: texts.others,
      local: texts.local,
      contact: s.kind === 'registered' ? s.contact : undefined,
      grantedSeconds: s.kind === 'registered' ? s.expires : undefined,
      publicAddress: this.learned,
      lastResponse: this.lastResponse,
      failover: this.skipped,
    };
  }

  /** The last final response, `code reason`. */
  private lastResponse: string | undefined;
  /** The public address learned from Via received/rport. */
  private learned: string | undefined;
  private publicContact: LocalAddress | undefined;

  private stateName(): ServerState {
    const s = this.state;
    switch (s.kind) {
      case 'proxy':
        return 'proxy';
      case 'idle':
        return 'unregistered';
      case 'queued':
      case 'resolving':
      case 'sending':
        return s.attempt.purpose === 'register' ? 'registering' : 'unregistering';
      case 'registered':
        return 'registered';
      case 'failed':
        return 'failed';
      case 'disconnected':
        return s.removed ? 'unregistered' : 'disconnected';
    }
  }

  /** Registers now (configuration, start-up, `sip server connect`). */
  connect(): void {
    this.handle({ kind: 'connect' });
  }

  /** REGISTER with Expires 0 when a binding may exist; resolves when disconnected. */
  disconnect(removing = false): Promise<void> {
    const done = new Promise<void>((resolve) => (this.doneWaiters ??= []).push(resolve));
    this.handle({ kind: 'disconnect', removing });
    return done;
  }

  /** The TCP connection to the server dropped: renew the registration over a new one. */
  connectionLost(reason: string): void {
    this.handle({ kind: 'connection-lost', reason });
  }

  /** Stops every timer without sending anything (engine shutdown). */
  halt(): void {
    this.handle({ kind: 'halt' });
  }

  /** The one entry point of the machine. */
  handle(e: RegistrationInput): void {
    const s = this.state;
    switch (e.kind) {
      case 'connect':
        if (s.kind === 'proxy') return;
        this.failures = 0;
        this.startAttempt('register');
        return;
      case 'disconnect':
        switch (s.kind) {
          case 'queued':
          case 'resolving':
          case 'sending':
            // Already un-registering: the waiters are released when it ends.
            if (s.attempt.purpose === 'unregister') this.removing ||= e.removing;
            else this.unregister(e.removing);
            return;
          case 'registered':
            return this.unregister(e.removing);
          case 'proxy':
          case 'idle':
          case 'failed':
          case 'disconnected':
            // No binding can exist: nothing to send.
            return this.finishDisconnect(e.removing);
        }
        return;
      case 'connection-lost':
        if (s.kind !== 'registered') return;
        this.reason = `${e.reason}; re-registering`;
        this.code = undefined;
        this.startAttempt('register');
        return;
      case 'halt':
        this.leave();
        this.state = s.kind === 'proxy' ? s : { kind: 'disconnected', removed: true };
        this.releaseWaiters();
        return;
      case 'timer':
        if (s.kind === 'failed' && s.timer === e.timer) this.startAttempt('register');
        return;
      case 'refresh':
        if (s.kind === 'registered' && e.token === this.refreshToken) this.startAttempt('register');
        return;
      case 'keep-alive':
        if (s.kind !== 'registered' || s.keepAlive !== e.timer) return;
        if (this.target !== undefined) this.host.transport.keepAlive?.({ transport: this.target.transport, address: this.target.address, port: this.target.port });
        s.keepAlive = this.armKeepAlive();
        return;
      case 'slot':
        if (s.kind !== 'queued' || s.attempt !== e.attempt) {
          this.host.limiter.release(); // superseded while waiting
          return;
        }
        this.slotHeld = true;
        this.resolve(e.attempt);
        return;
      case 'resolved':
        if (s.kind !== 'resolving' || s.attempt !== e.attempt) return;
        if (!e.result.ok) return this.fail(e.attempt, e.result.reason, undefined, 'retry');
        this.targets = e.result.targets;
        e.attempt.targets = e.result.targets;
        e.attempt.index = 0;
        this.transmit(e.attempt);
        return;
      case 'no-response':
        if (s.kind !== 'sending' || s.attempt !== e.attempt) return;
        // RFC 3263 §4.3: a timeout or a transport error moves on to the next target.
        if (this.nextTarget(e.attempt, e.reason)) return;
        this.fail(e.attempt, e.reason, undefined, 'retry');
        return;
      case 'response':
        if (s.kind !== 'sending' || s.attempt !== e.attempt || e.res.status < 200) return;
        this.onFinal(e.attempt, e.res, e.contact);
        return;
    }
  }

  /** Arms the next keep-alive of the registered flow, when the transport has an interval. */
  private armKeepAlive(): TimerHandle | undefined {
    const ms = this.target !== undefined ? this.host.keepAliveMs(this.target.transport) : undefined;
    if (ms === undefined) return undefined;
    const timer = this.host.clock.setTimer(ms, () => this.handle({ kind: 'keep-alive', timer }));
    return timer;
  }

  /** Set while an un-REGISTER runs for a server being removed. */
  private removing = false;

  private unregister(removing: boolean): void {
    this.removing = removing;
    this.startAttempt('unregister');
  }

  /**
   * The token of the refresh armed now; every other is outdated. The refresh of a registered
   * server waits in the transaction layer's queue for its duration (every server granted the
   * same time has the same one), not as a clock timer of its own. Profile (callgrind, 3,000
   * registrations): the refresh timer (a handle, Node's Timeout, a closure and its arguments,
   * ~250 bytes) was the largest part of what a registered server keeps for the garbage
   * collector's mark-compact, and each setTimeout and unref toggled the loop's reference.
   */
  private refreshToken = 0;

  /** The queued refresh armed with `token` is due. */
  fireQueued(token: number): void {
    this.handle({ kind: 'refresh', token });
  }

  /** Whether the refresh armed with `token` was outdated since (the token only moves on). */
  outdated(token: number): boolean {
    return token !== this.refreshToken;
  }

  /** Arms the refresh in `ms`: in the layer's queue for that duration, else on the clock. */
  private armRefresh(ms: number): TimerHandle | undefined {
    const token = ++this.refreshToken;
    if (this.host.layer.queues.arm(ms, this, token)) return undefined;
    return this.host.clock.setTimer(ms, () => this.handle({ kind: 'refresh', token }));
  }

  /** Clears what the current state owns: its timer, and its limiter slot. */
  private leave(): void {
    const s = this.state;
    if (s.kind === 'registered' || s.kind === 'failed') this.host.clock.clearTimer(s.timer);
    if (s.kind === 'registered') {
      this.refreshToken++;
      this.host.clock.clearTimer(s.keepAlive);
    }
    if (this.slotHeld) {
      this.slotHeld = false;
      this.host.limiter.release();
    }
  }

  private startAttempt(purpose: Attempt['purpose'], drop?: LocalAddress): void {
    const wasAttempt = this.state.kind === 'queued' || this.state.kind === 'resolving' || this.state.kind === 'sending';
    const keepSlot = wasAttempt && this.slotHeld;
    // An attempt under way (queued, resolving, sending) owns no timer: with its slot kept, nothing to leave.
    if (!keepSlot) this.leave();
    this.skipped = undefined;
    const attempt: Attempt = {
      purpose,
      expires: purpose === 'unregister' ? 0 : (this.config.registerTimer?.okSeconds ?? REGISTER_EXPIRES),
      targets: [],
      index: 0,
      drop,
      redirect: undefined,
      redirects: 0,
      tooBrief: 0,
      challenges: { answered: 0, first: undefined, nonces: undefined, fresh: false },
      owner: this,
    };
    if (keepSlot) {
      this.resolve(attempt);
      return;
    }
    this.state = { kind: 'queued', attempt };
    this.host.limiter.wait(ATTEMPT_SLOT, attempt);
  }

  /** Moves the attempt to its next target, if there is one; the failure is kept for the status. */
  private nextTarget(attempt: Attempt, why: string): boolean {
    if (attempt.redirect !== undefined || attempt.index + 1 >= attempt.targets.length) return false;
    attempt.index++;
    attempt.challenges.fresh = false;
    this.skipped = `${attempt.targets[attempt.index - 1]?.name ?? '?'}: ${why}`;
    this.transmit(attempt);
    return true;
  }

  /** Why the previous target was left, while the attempt goes on with the next one. */
  private skipped: string | undefined;

  private resolve(attempt: Attempt): void {
    if (this.targets.length > 0) {
      this.state = { kind: 'resolving', attempt };
      attempt.targets = this.targets;
      attempt.index = 0;
      this.transmit(attempt);
      return;
    }
    this.state = { kind: 'resolving', attempt };
    const now = this.host.resolve(this.config);
    if (!(now instanceof Promise)) {
      this.handle({ kind: 'resolved', attempt, result: now });
      return;
    }
    now.then(
      (result) => this.handle({ kind: 'resolved', attempt, result }),
      (e: unknown) => this.handle({ kind: 'resolved', attempt, result: { ok: false, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` } }),
    );
  }

  private transmit(attempt: Attempt): void {
    const chosen = attempt.targets[attempt.index];
    this.target = chosen;
    const to = attempt.redirect ?? chosen;
    if (to === undefined) return this.fail(attempt, 'no target', undefined, 'retry');
    const target = sendTarget(to);
    const local = this.host.transport.local(target);
    const outer = this.host.outerAddress();
    const branch = newBranch(this.host.random);
    const req = writeRegister({
      server: this.config,
      local: { transport: target.transport, host: outer ?? local.address, port: local.port },
      // `sip outer address` set by hand wins over what the registrar tells us.
      contact: outer === undefined && this.publicContact?.transport === target.transport ? this.publicContact : undefined,
      drop: attempt.drop,
      callId: this.callId,
      fromTag: this.fromTag,
      cseq: ++this.cseq,
      expires: attempt.expires,
      auth: this.auth,
      userAgent: this.host.userAgent(),
      random: this.host.random,
      fixed: (this.fixed ??= registerFixed(this.config)),
    }, branch);
    this.state = { kind: 'sending', attempt };
    this.host.layer.sendRequest(req, target, new AttemptUser(this, attempt, req.source.contact), undefined, branch);
  }

  /** Sends the next request of the same attempt (after a challenge, a 423 or a redirect). */
  private again(attempt: Attempt, fresh: boolean): void {
    attempt.challenges.fresh = fresh;
    this.transmit(attempt);
  }

  private onFinal(attempt: Attempt, res: SipResponse, ourContact: string): void {
    const st = res.status;
    const fresh = attempt.challenges.fresh;
    this.lastResponse = `${st} ${res.reason}`;
    if (st < 300) {
      if (attempt.purpose === 'unregister') return this.finishDisconnect(this.removing);
      const granted = this.grantedSeconds(res, ourContact, attempt.expires);
      if (granted <= 0) return this.fail(attempt, 'the registrar granted no time', st, 'retry');
      if (this.learnNat(res, attempt)) return;
      this.leave();
      this.failures = 0;
      this.reason = undefined;
      this.code = undefined;
      // The target that answered is tried first next time (RFC 3263 §4.3 leaves this to the client).
      const good = attempt.targets[attempt.index];
      if (good !== undefined) this.targets = attempt.targets[0] === good ? attempt.targets : [good, ...attempt.targets.filter((t) => t !== good)];
      const ms = refreshDelayMs(granted);
      const timer = this.armRefresh(ms);
      this.state = { kind: 'registered', expires: granted, contact: ourContact, timer, at: this.host.clock.now() + ms, keepAlive: this.armKeepAlive() };
      this.host.emit({ kind: 'registered', n: this.config.n, expires: granted });
      return;
    }
    if (st === 401 || st === 407) {
      const o = onChallenge(res, this.config.user, attempt.challenges);
      if (o.kind === 'refuse') return this.fail(attempt, o.reason, st, o.credentialsWrong && this.config.registerTimer === undefined ? 'stop' : 'retry');
      this.auth = { header: o.auth.header, challenge: o.auth.challenge, nc: o.auth.nc, memo: (this.digestMemo ??= emptyDigestMemo()) };
      return this.again(attempt, true);
    }
    if (st === 423) {
      // RFC 3261 §10.2.8: retry with Min-Expires, but only while it grows and stays sane.
      const min = Number((res.headers.get('min-expires') ?? '').trim());
      const usable = Number.isInteger(min) && min > attempt.expires && min <= MAX_MIN_EXPIRES;
      if (attempt.purpose === 'unregister' || !usable || attempt.tooBrief >= MAX_INTERVAL_TOO_BRIEF) return this.fail(attempt, res.reason, st, 'retry');
      attempt.tooBrief++;
      attempt.expires = min;
      return this.again(attempt, fresh);
    }
    if (st >= 300 && st < 400) {
      const contact = res.headers.list('contact')[0];
      const na = contact !== undefined ? parseNameAddr(contact) : undefined;
      const uri = na ? parseSipUri(na.uri) : undefined;
      if (!uri?.ok || attempt.redirects >= MAX_REDIRECTS || uri.value.host.kind === 'fqdn') return this.fail(attempt, `${res.reason} (cannot follow the redirect)`, st, 'retry');
      attempt.redirects++;
      const t = uriParam(uri.value, 'transport');
      attempt.redirect = { transport: t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : this.config.transport, address: uri.value.host.address, port: uri.value.port ?? 5060 };
      return this.again(attempt, false);
    }
    // 403: as the seed without a register timer (wrong credentials: stop, shown); with one, retried after NG.
    if (st === 403) return this.fail(attempt, res.reason, st, this.config.registerTimer === undefined ? 'stop' : 'retry');
    if (st === 503 && this.nextTarget(attempt, `${st} ${res.reason}`)) return;
    const after = retryAfterSeconds(res.headers.get('retry-after'));
    if (st === 503 && after !== undefined) return this.fail(attempt, res.reason, st, after * 1000);
    this.fail(attempt, res.reason, st, 'retry');
  }

  /**
   * NAT: when the registrar saw us at another address than our Contact names, register the
   * learned Contact at once and remove the old one in the same REGISTER. Once per new address.
   */
  private learnNat(res: SipResponse, attempt: Attempt): boolean {
    const target = attempt.targets[attempt.index];
    if (target === undefined || this.host.outerAddress() !== undefined) return false;
    const local = this.host.transport.local(target);
    const sent: LocalAddress = this.publicContact ?? { transport: target.transport, host: local.address, port: local.port };
    const seen = learnedAddress(res, { transport: target.transport, host: local.address, port: local.port });
    if (seen === undefined || (seen.host === sent.host && seen.port === sent.port)) return false;
    this.publicContact = seen;
    this.learned = addressText(seen.host, seen.port);
    this.startAttempt('register', sent);
    return true;
  }

  /**
   * Our Contact header value as last sent and found to name a well-formed URI, kept detached (it
   * is also the registered state's contact), and where that URI is in it: every 2xx of one
   * registration answers the same Contact, which is then not read again (profile: parsing our own
   * Contact URI per 2xx). Two small integers, not a slice and an object: ~30 bytes less per
   * registration.
   */
  private knownContact: string | undefined;
  private knownUriStart = 0;
  private knownUriEnd = 0;
  /** The port of the known Contact's URI (ours always has one). */
  private knownPort: number | undefined;

  /** The expires of our own Contact in the 2xx, else its Expires header, else what we asked. */
  private grantedSeconds(res: SipResponse, ourText: string, asked: number): number {
    const known = this.knownContact !== undefined && this.knownContact === ourText ? this.knownContact : undefined;
    // Our own URI is parsed only when not known, or when a Contact of the 2xx names another text.
    let ourUriText: string | undefined;
    let ourUri: Parsed<SipUri> | undefined;
    let ourOk: boolean;
    let ourPort: number | undefined;
    if (known !== undefined) {
      ourOk = true;
      ourPort = this.knownPort;
    } else {
      const ours = parseNameAddr(ourText);
      ourUriText = ours?.uri;
      ourUri = ours ? parseSipUri(ours.uri) : undefined;
      ourOk = ourUri?.ok === true;
      ourPort = ourUri?.ok === true ? ourUri.value.port : undefined;
      if (ours !== undefined && ourOk) {
        this.knownContact = ourText;
        this.knownUriStart = ourText.indexOf(ours.uri);
        this.knownUriEnd = this.knownUriStart + ours.uri.length;
        this.knownPort = ourPort;
      }
    }
    for (const c of res.headers.list('contact')) {
      // Another binding of the address of record (another port) is passed over unparsed.
      if (ourOk && ourPort !== undefined && portRulesOut(c, ourPort)) continue;
      const na = parseNameAddr(c);
      if (!na || !ourOk) continue;
      // The registrar echoes our URI as we wrote it: the same text reads the same.
      const same = known !== undefined ? na.uri.length === this.knownUriEnd - this.knownUriStart && known.startsWith(na.uri, this.knownUriStart) : na.uri === ourUriText;
      if (!same) {
        if (known !== undefined) ourUriText ??= known.slice(this.knownUriStart, this.knownUriEnd);
        ourUri ??= ourUriText !== undefined ? parseSipUri(ourUriText) : undefined;
        const u = parseSipUri(na.uri);
        if (!u.ok || !ourUri?.ok) continue;
        if (u.value.user !== ourUri.value.user || u.value.host.address !== ourUri.value.host.address || u.value.port !== ourUri.value.port) continue;
      }
      const e = param(na.params, 'expires');
      if (typeof e === 'string' && /^\d+$/.test(e)) return Number(e);
    }
    const e = (res.headers.get('expires') ?? '').trim();
    return /^\d+$/.test(e) ? Number(e) : asked;
  }

  /**
   * The attempt ended without a binding. An un-REGISTER gives up at once (one attempt); a
   * REGISTER is retried after the NG interval / back-off / Retry-After, or not at all.
   */
  private fail(attempt: Attempt, reason: string, code: number | undefined, retry: 'retry' | 'stop' | number): void {
    if (attempt.purpose === 'unregister') return this.finishDisconnect(this.removing);
    this.leave();
    this.failures++;
    this.reason = reason;
    this.code = code;
    if (this.config.server.host.kind === 'fqdn') this.targets = []; // resolve again next time
    if (retry === 'stop') {
      this.state = { kind: 'failed', timer: undefined, at: undefined };
      this.host.emit({ kind: 'failed', n: this.config.n, reason, code, retryMs: undefined });
      return;
    }
    const ms = retry === 'retry' ? retryDelayMs(this.failures, this.config.registerTimer, { baseMs: this.host.retryBaseMs, maxMs: this.host.retryMaxMs, random: this.host.random }) : retry;
    const timer = this.host.clock.setTimer(ms, () => this.handle({ kind: 'timer', timer }));
    this.state = { kind: 'failed', timer, at: this.host.clock.now() + ms };
    this.host.emit({ kind: 'failed', n: this.config.n, reason, code, retryMs: ms });
  }

  private finishDisconnect(removed: boolean): void {
    this.leave();
    this.reason = undefined;
    this.code = undefined;
    this.removing = false;
    if (this.state.kind !== 'proxy') this.state = { kind: 'disconnected', removed };
    if (removed) this.host.emit({ kind: 'removed', n: this.config.n });
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    const waiters = this.doneWaiters;
    if (waiters === undefined) return;
    this.doneWaiters = undefined;
    for (const w of waiters) w();
  }
}
