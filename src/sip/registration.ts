/**
 * The registration client of one configured SIP server (the seed; RFC 3261 §10): REGISTER with
 * Expires 1200, refresh before the granted time runs out, digest on 401/407, 423, 3xx, 503,
 * back-off after failures (RFC 5626 §4.5), and disconnect = REGISTER with Expires 0.
 */
import { ServerSettings as SipServerConfig } from './settings';
import { Random } from '../util/random';
import { formatHost } from '../net/host';
import { Clock, TimerHandle } from '../util/clock';
import { VERSION } from '../version';
import { Headers, SipRequest, SipResponse } from './codec/message';
import { contactHeader, newCallId, newTag, viaHeader } from './codec/build';
import { param, parseChallenge, parseNameAddr } from './codec/header-values';
import { ServerState, ServerStatus, serverStatus } from './control';
import { DigestChallenge, authorizationValue, chooseChallenge, newCnonce } from './digest';
import { Limiter } from './limiter';
import { Resolved } from './resolver';
import { TransactionLayer } from './transaction/layer';
import { Target, Transport } from './transport/types';
import { parseSipUri, uriDomain, uriParam } from './uri';

export const REGISTER_EXPIRES = 1200;
const MAX_REDIRECTS = 5;

export interface RegistrationHost {
  readonly layer: TransactionLayer;
  readonly transport: Transport;
  readonly clock: Clock;
  resolve(server: SipServerConfig): Promise<Resolved>;
  /** RFC 5626 §4.5 back-off: base and ceiling in ms. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly random: Random;
  /** Shared by all registrations: bounds the exchanges in flight. */
  readonly limiter: Limiter;
}

/** Seconds before the granted time runs out at which to refresh: 90 %, at least 5 s early. */
export function refreshDelayMs(grantedSeconds: number): number {
  if (grantedSeconds <= 10) return Math.max(1, grantedSeconds / 2) * 1000;
  return Math.min(grantedSeconds * 0.9, grantedSeconds - 5) * 1000;
}

interface Cached {
  readonly header: 'Authorization' | 'Proxy-Authorization';
  readonly challenge: DigestChallenge;
  nc: number;
}

export class Registration {
  private stateNow: ServerState;
  private reason: string | undefined;
  private code: number | undefined;
  private nextAt: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly callId: string;
  private readonly fromTag: string;
  private cseq = 0;
  private auth: Cached | undefined;
  /** The last request carried credentials computed from a challenge of this same exchange. */
  private freshCredentials = false;
  /** Set when the next request answers a challenge just received. */
  private pendingFresh = false;
  private expires = REGISTER_EXPIRES;
  private redirects = 0;
  private failures = 0;
  private target: Target | undefined;
  private redirectTarget: Target | undefined;
  /** What the operator wants: registered, or not (after disconnect / removal). */
  private want: 'registered' | 'disconnected' | 'removed';
  private inFlight = false;
  private generation = 0;
  private doneWaiters: Array<() => void> = [];

  constructor(
    readonly config: SipServerConfig,
    private readonly host: RegistrationHost,
  ) {
    this.callId = newCallId(formatHost(config.server.host), host.random);
    this.fromTag = newTag(host.random);
    this.want = config.register ? 'registered' : 'disconnected';
    this.stateNow = config.register ? 'unregistered' : 'proxy';
  }

  get state(): ServerState {
    return this.stateNow;
  }

  get boundTarget(): Target | undefined {
    return this.target;
  }

  status(): ServerStatus {
    const now = this.host.clock.now();
    return serverStatus(this.config, {
      state: this.stateNow,
      nextSeconds: this.nextAt === undefined ? undefined : Math.max(0, Math.ceil((this.nextAt - now) / 1000)),
      reason: this.reason,
      code: this.code,
    });
  }

  /** Registers now (configuration, start-up, `sip server connect`). */
  connect(): void {
    if (!this.config.register) return;
    this.want = 'registered';
    this.failures = 0;
    this.expires = REGISTER_EXPIRES;
    this.redirects = 0;
    this.redirectTarget = undefined;
    this.clearTimer();
    this.setState('registering');
    this.send();
  }

  /** REGISTER with Expires 0 when a binding may exist, then `disconnected` (or gone, when removed). */
  disconnect(removing = false): Promise<void> {
    this.want = removing ? 'removed' : 'disconnected';
    this.clearTimer();
    const bound = this.stateNow === 'registered' || this.stateNow === 'registering' || this.inFlight;
    if (!this.config.register || !bound) {
      this.finishDisconnect();
      return Promise.resolve();
    }
    this.setState('unregistering');
    const done = new Promise<void>((resolve) => this.doneWaiters.push(resolve));
    this.send();
    return done;
  }

  /** The TCP connection to the server dropped: renew the registration over a new one. */
  connectionLost(reason: string): void {
    if (this.want !== 'registered' || this.stateNow !== 'registered') return;
    this.reason = `${reason}; re-registering`;
    this.code = undefined;
    this.clearTimer();
    this.setState('registering');
    this.send();
  }

  /** Stops every timer without sending anything (engine shutdown). */
  halt(): void {
    this.clearTimer();
    this.generation++;
    this.finishDisconnect();
  }

  private finishDisconnect(): void {
    this.inFlight = false;
    this.releaseSlot();
    this.nextAt = undefined;
    if (this.config.register) {
      this.setState(this.want === 'removed' ? 'unregistered' : 'disconnected');
      this.reason = undefined;
      this.code = undefined;
    }
    for (const w of this.doneWaiters.splice(0)) w();
  }

  private setState(s: ServerState): void {
    this.stateNow = s;
  }

  private clearTimer(): void {
    this.host.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
  }

  private schedule(ms: number, fn: () => void): void {
    this.clearTimer();
    this.nextAt = this.host.clock.now() + ms;
    this.timer = this.host.clock.setTimer(ms, () => {
      this.timer = undefined;
      this.nextAt = undefined;
      fn();
    });
  }

  private get unregistering(): boolean {
    return this.want !== 'registered';
  }

  /** Holds a limiter slot from the first request of an exchange to its end. */
  private slot = false;

  private releaseSlot(): void {
    if (this.slot) {
      this.slot = false;
      this.host.limiter.release();
    }
  }

  private send(): void {
    if (!this.slot) {
      const gen = this.generation;
      this.host.limiter.acquire(() => {
        this.slot = true;
        if (gen !== this.generation) {
          this.releaseSlot(); // superseded while waiting
          return;
        }
        this.sendNow();
      });
      return;
    }
    this.sendNow();
  }

  private sendNow(): void {
    const gen = ++this.generation;
    this.inFlight = true;
    const proceed = (target: Target): void => {
      if (gen !== this.generation) return;
      this.target = target;
      this.transmit(this.redirectTarget ?? target, gen);
    };
    if (this.target !== undefined) {
      proceed(this.target);
      return;
    }
    this.host
      .resolve(this.config)
      .then((r) => {
        if (gen !== this.generation) return;
        if (!r.ok) {
          this.fail(r.reason, undefined, 'backoff');
          return;
        }
        proceed({ transport: this.config.transport, address: r.address, port: this.config.server.port ?? 5060 });
      })
      .catch((e: unknown) => {
        if (gen === this.generation) this.fail(`internal error: ${(e as Error).message}`, undefined, 'backoff');
      });
  }

  private buildRequest(target: Target): SipRequest {
    const s = this.config;
    const uri = parseSipUri(s.sipAddress);
    const domain = uri.ok ? uriDomain(uri.value) : formatHost(s.server.host);
    const local = this.host.transport.local(target);
    const me = { transport: target.transport, host: local.address, port: local.port };
    const contactUser = s.user ?? (uri.ok ? uri.value.user : undefined) ?? 'sipsh';
    const requestUri = `sip:${domain}`;
    const h = new Headers();
    h.add('Via', viaHeader(me, this.host.random));
    h.add('Max-Forwards', '70');
    h.add('From', `<${s.sipAddress}>;tag=${this.fromTag}`);
    h.add('To', `<${s.sipAddress}>`);
    h.add('Call-ID', this.callId);
    h.add('CSeq', `${++this.cseq} REGISTER`);
    h.add('Contact', contactHeader(contactUser, me));
    h.add('Expires', String(this.unregistering ? 0 : this.expires));
    h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
    h.add('User-Agent', `sipsh/${VERSION}`);
    if (this.auth !== undefined && s.user !== undefined) {
      this.auth.nc++;
      h.add(this.auth.header, authorizationValue({ challenge: this.auth.challenge, username: s.user, password: s.password ?? '', method: 'REGISTER', uri: requestUri, nc: this.auth.nc, cnonce: newCnonce(this.host.random) }));
    }
    return { kind: 'request', method: 'REGISTER', uri: requestUri, headers: h, body: Buffer.alloc(0) };
  }

  private transmit(target: Target, gen: number): void {
    const req = this.buildRequest(target);
    const fresh = this.pendingFresh;
    this.pendingFresh = false;
    this.freshCredentials = fresh;
    this.host.layer.sendRequest(req, target, {
      response: (res) => {
        if (gen === this.generation) this.onResponse(res, req);
      },
      timeout: () => {
        if (gen === this.generation) this.fail('no response from server', undefined, 'backoff');
      },
      transportError: (reason) => {
        if (gen === this.generation) this.fail(reason, undefined, 'backoff');
      },
    });
  }

  private onResponse(res: SipResponse, req: SipRequest): void {
    const st = res.status;
    if (st < 200) return;
    if (st < 300) {
      this.inFlight = false;
      this.redirects = 0;
      this.releaseSlot();
      if (this.unregistering) {
        this.finishDisconnect();
        return;
      }
      const granted = this.grantedSeconds(res, req);
      if (granted <= 0) {
        this.fail('the registrar granted no time', st, 'backoff');
        return;
      }
      this.failures = 0;
      this.reason = undefined;
      this.code = undefined;
      this.setState('registered');
      this.schedule(refreshDelayMs(granted), () => this.send());
      return;
    }
    if (st === 401 || st === 407) {
      const header = st === 401 ? 'www-authenticate' : 'proxy-authenticate';
      const challenges = res.headers.getAll(header).map(parseChallenge).filter((c) => c !== undefined);
      const chosen = chooseChallenge(challenges);
      if (this.config.user === undefined) {
        this.fail(`${res.reason} (no user ID configured)`, st, 'stop');
        return;
      }
      if (!chosen) {
        this.fail(`${res.reason} (no supported digest challenge)`, st, 'stop');
        return;
      }
      if (this.freshCredentials && !chosen.stale) {
        this.fail(`${res.reason} (authentication failed)`, st, 'stop');
        return;
      }
      this.auth = { header: st === 401 ? 'Authorization' : 'Proxy-Authorization', challenge: chosen, nc: 0 };
      this.pendingFresh = true;
      this.send();
      return;
    }
    if (st === 423) {
      const min = Number((res.headers.get('min-expires') ?? '').trim());
      if (!Number.isInteger(min) || min <= this.expires || this.unregistering) {
        this.fail(res.reason, st, 'backoff');
        return;
      }
      this.expires = min;
      this.pendingFresh = this.freshCredentials;
      this.send();
      return;
    }
    if (st >= 300 && st < 400) {
      const contact = res.headers.list('contact')[0];
      const na = contact !== undefined ? parseNameAddr(contact) : undefined;
      const uri = na ? parseSipUri(na.uri) : undefined;
      if (!uri?.ok || this.redirects >= MAX_REDIRECTS || uri.value.host.kind === 'fqdn') {
        this.fail(`${res.reason} (cannot follow the redirect)`, st, 'backoff');
        return;
      }
      this.redirects++;
      const t = uriParam(uri.value, 'transport');
      this.redirectTarget = { transport: t === 'tcp' ? 'tcp' : t === 'udp' ? 'udp' : this.config.transport, address: uri.value.host.address, port: uri.value.port ?? 5060 };
      this.send();
      return;
    }
    if (st === 403) {
      this.fail(res.reason, st, 'stop');
      return;
    }
    const retryAfter = Number((res.headers.get('retry-after') ?? '').trim().split(/[\s;(]/)[0]);
    if (st === 503 && Number.isInteger(retryAfter) && retryAfter > 0) {
      this.fail(res.reason, st, retryAfter * 1000);
      return;
    }
    this.fail(res.reason, st, 'backoff');
  }

  /** The expires of our own Contact in the 2xx, else its Expires header, else what we asked. */
  private grantedSeconds(res: SipResponse, req: SipRequest): number {
    const ours = parseNameAddr(req.headers.get('contact') ?? '');
    const ourUri = ours ? parseSipUri(ours.uri) : undefined;
    for (const c of res.headers.list('contact')) {
      const na = parseNameAddr(c);
      const u = na ? parseSipUri(na.uri) : undefined;
      if (!na || !u?.ok || !ourUri?.ok) continue;
      if (u.value.user === ourUri.value.user && u.value.host.address === ourUri.value.host.address && u.value.port === ourUri.value.port) {
        const e = param(na.params, 'expires');
        if (typeof e === 'string' && /^\d+$/.test(e)) return Number(e);
      }
    }
    const e = (res.headers.get('expires') ?? '').trim();
    return /^\d+$/.test(e) ? Number(e) : this.expires;
  }

  private fail(reason: string, code: number | undefined, retry: 'backoff' | 'stop' | number): void {
    this.inFlight = false;
    this.releaseSlot();
    if (this.unregistering) {
      // An un-REGISTER that fails still ends in the state the operator asked for.
      this.finishDisconnect();
      return;
    }
    this.failures++;
    this.reason = reason;
    this.code = code;
    this.redirectTarget = undefined;
    this.setState('failed');
    if (this.config.server.host.kind === 'fqdn') this.target = undefined; // resolve again next time
    if (retry === 'stop') {
      this.clearTimer();
      return;
    }
    const ms =
      retry === 'backoff'
        ? Math.min(this.host.retryMaxMs, this.host.retryBaseMs * 2 ** Math.min(this.failures - 1, 16)) * (0.5 + 0.5 * this.host.random.float())
        : retry;
    this.schedule(ms, () => {
      this.expires = REGISTER_EXPIRES;
      this.send();
    });
  }
}
