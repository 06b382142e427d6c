/**
 * The SIP engine: transport, transactions, one Registration per configured server, and the
 * telephones. It follows its settings (`apply`) and answers the shell through SipControl.
 */
import { Clock } from '../util/clock';
import { Random, systemRandom } from '../util/random';
import { SipRequest } from './codec/message';
import { responseTo } from './codec/build';
import { ControlResult, ENGINE_NOT_RUNNING, PhoneAction, PortStatus, ServerStatus, SipControl, serverStatus } from './control';
import { CallHost } from './calls/call';
import { ALLOW } from './calls/call-messages';
import { CallSettings, randomTag } from './calls/call-settings';
import { Phones } from './calls/phones';
import { RtpFactory, UdpRtp } from './calls/rtp';
import { Limiter } from './limiter';
import { Registration, RegistrationEvent, RegistrationHost } from './registration/registration';
import { DnsClient, Resolution, SystemLookup, literalResolution, resolveHost, resolveServer } from './resolver';
import { DnsAtServers } from '../net/dns';
import { DEFAULT_USER_AGENT, DnsServer, ServerSettings, SipSettings } from './settings';
import { ServerTransaction } from './transaction/server';
import { TransactionLayer } from './transaction/layer';
import { TimerValues } from './transaction/context';
import { NodeTransport, TcpLimits } from './transport/node-transport';
import { Received, Transport, TransportEvents, formatTarget, targetKey } from './transport/types';

/** How the engine is built: its clock, addresses, port, log and randomness, and stand-ins for sockets and DNS in tests. */
export interface EngineOptions {
  readonly clock: Clock;
  /** Local addresses to bind (default 127.0.0.1 and ::1). */
  readonly addresses?: readonly string[];
  /** SIP port (0 = any free port). */
  readonly port: number;
  /** Where `sip log on` lines and engine events go. */
  readonly log: (line: string) => void;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Ids, tags and jitter (default: the system's cryptographic source). */
  readonly random?: Random;
  readonly lookup?: SystemLookup;
  /** DNS at the `dns server`s (default: Node's resolver at those servers). */
  readonly dns?: (servers: readonly DnsServer[]) => DnsClient;
  /**
   * RFC 5626 keep-alive intervals in ms while registered (CRLF ping); `undefined` for a transport
   * means none. Default: TCP every 120 s (§4.4.1), UDP none.
   */
  readonly keepAliveMs?: { readonly udp?: number; readonly tcp?: number };
  /** TCP limits of the real transport (defaults in node-transport.ts). */
  readonly tcp?: Partial<TcpLimits>;
  /** A transport to use instead of real sockets (unit tests). */
  readonly transport?: (events: TransportEvents) => Promise<Transport & { readonly port: number }>;
  /** RTP endpoints to use instead of real sockets (unit tests). */
  readonly rtp?: RtpFactory;
}

/** Whether a server's registration can stay as it is: every setting but its name is the same. */
function sameServer(a: ServerSettings, b: ServerSettings): boolean {
  // The settings builder reuses an unchanged server's frozen object: then no text is made.
  return a === b || JSON.stringify({ ...a, name: undefined }) === JSON.stringify({ ...b, name: undefined });
}

/**
 * The running SIP user agent of the router: binds the transport on `start`, keeps one registration
 * per server in step with `apply(settings)`, and carries the telephones' calls.
 */
export class SipEngine implements SipControl {
  private transport: (Transport & { readonly port: number }) | undefined;
  private layer: TransactionLayer | undefined;
  private readonly registrations = new Map<number, Registration>();
  private config: SipSettings | undefined;
  private timerValues: TimerValues = { t1: 500, t2: 4000, t4: 5000 };
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private portNow = 0;
  private readonly phones: Phones;
  /** At most this many registration exchanges at once (RFC 3261 leaves pacing to the UA). */
  private readonly limiter = new Limiter(128);
  private readonly listeners = new Set<(e: RegistrationEvent) => void>();

  constructor(private readonly o: EngineOptions) {
    this.phones = new Phones(() => this.callHost(), () => this.config);
  }

  private callHost(): CallHost | undefined {
    const layer = this.layer;
    const transport = this.transport;
    if (!layer || !transport) return undefined;
    const addresses = this.o.addresses ?? ['127.0.0.1', '::1'];
    return {
      layer,
      transport,
      clock: this.o.clock,
      timers: () => this.timerValues,
      rtp: this.o.rtp ?? ((addrs) => UdpRtp.open(addrs, this.o.clock)),
      localAddresses: () => addresses,
      resolve: (s) => resolveHost(s.server.host, this.config ?? { dnsA: new Map(), dnsAaaa: new Map() }, this.o.lookup),
      log: (line) => this.o.log(line),
      ended: () => undefined,
      settings: (): CallSettings => ({
        noAnswerSeconds: this.config?.ringingTimer ?? 60,
        arriveAddressCheck: this.config?.arriveAddressCheck ?? true,
        sessionTimer: this.config?.sessionTimer,
        rel100: this.config?.rel100 ?? false,
        userAgent: this.config ? this.config.userAgent : DEFAULT_USER_AGENT,
      }),
      random: this.o.random ?? systemRandom,
    };
  }

  /** Subscribes to registration events (up, failed with the reason, removed); returns the unsubscribe. */
  onRegistration(listener: (e: RegistrationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): boolean {
    return this.transport !== undefined;
  }

  /** The bound SIP port (after start). */
  get port(): number {
    return this.portNow;
  }

  private events(): TransportEvents {
    return {
      message: (r) => this.layer?.receive(r),
      garbage: (source, error, _bytes, partial, connection) => {
        this.o.log(`SIP: dropped a message from ${formatTarget(source)}: ${error}`);
        // A request whose headers could be read is answered 400 (never an ACK: it gets no response).
        if (partial && partial.method !== 'ACK' && partial.headers.has('via') && this.transport) {
          // RFC 3261 §8.2 end: another SIP version gets 505; anything else unreadable, 400.
          const res = partial.version !== undefined ? responseTo(partial, 505, `Version Not Supported (${partial.version})`, randomTag(this.o.random ?? systemRandom)) : responseTo(partial, 400, `Bad Request (${error})`);
          this.transport.send(res, source, connection);
        }
      },
      failure: (target, reason) => {
        this.layer?.transportFailure(target, reason);
        if (target.transport === 'tcp') {
          for (const reg of this.registrations.values()) {
            const b = reg.boundTarget;
            if (b !== undefined && targetKey(b) === targetKey(target)) reg.connectionLost(reason);
          }
        }
      },
      trace: (direction, peer, bytes) => {
        if (this.config?.sipLog) this.o.log(`SIP ${direction} ${direction === 'sent' ? 'to' : 'from'} ${formatTarget(peer)}:\n${bytes.toString('latin1').replace(/\r\n$/, '').replace(/\r\n/g, '\n')}`);
      },
    };
  }

  /** Opens the sockets. Resolves when the engine is running. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const events = this.events();
      const t = this.o.transport ? await this.o.transport(events) : await NodeTransport.open({ addresses: this.o.addresses ?? ['127.0.0.1', '::1'], port: this.o.port, events, ...(this.o.tcp !== undefined ? { tcp: this.o.tcp } : {}) });
      this.transport = t;
      this.portNow = t.port;
      this.layer = new TransactionLayer({ transport: t, clock: this.o.clock, timers: () => this.timerValues }, {
        request: (req, tx, r) => this.onRequest(req, tx, r),
        strayResponse: (res) => this.phones.response(res),
      });
      this.stopping = undefined;
      if (this.config) this.reconcile(this.config);
    })();
    return this.starting;
  }

  /** Un-registers every server (waiting at most `unregisterWaitMs`), then closes the sockets. */
  stop(unregisterWaitMs = 2000): Promise<void> {
    this.stopping ??= (async () => {
      await this.starting;
      this.phones.hangupAll();
      const unregistered = Promise.all([...this.registrations.values()].map((r) => r.disconnect(true)));
      await new Promise<void>((resolve) => {
        const t = this.o.clock.setTimer(unregisterWaitMs, resolve);
        void unregistered.then(() => {
          this.o.clock.clearTimer(t);
          resolve();
        });
      });
      for (const r of this.registrations.values()) r.halt();
      this.registrations.clear();
      this.layer?.shutdown();
      await this.transport?.close();
      this.transport = undefined;
      this.layer = undefined;
      this.starting = undefined;
    })();
    return this.stopping;
  }

  private host(): RegistrationHost | undefined {
    if (!this.layer || !this.transport) return undefined;
    return {
      layer: this.layer,
      transport: this.transport,
      clock: this.o.clock,
      resolve: (s): Resolution | Promise<Resolution> =>
        literalResolution(s) ??
        resolveServer(s, {
          names: this.config ?? { dnsA: new Map(), dnsAaaa: new Map() },
          dnsServers: this.config?.dnsServers ?? [],
          dns: this.o.dns ?? ((servers) => new DnsAtServers(servers)),
          system: this.o.lookup,
          random: this.o.random ?? systemRandom,
        }),
      retryBaseMs: this.o.retryBaseMs ?? 30000,
      retryMaxMs: this.o.retryMaxMs ?? 1800000,
      random: this.o.random ?? systemRandom,
      limiter: this.limiter,
      userAgent: () => this.config?.userAgent,
      outerAddress: () => this.config?.outerAddress,
      keepAliveMs: (t) => (this.o.keepAliveMs !== undefined ? this.o.keepAliveMs[t] : t === 'tcp' ? 120_000 : undefined),
      emit: (e) => {
        for (const l of this.listeners) l(e);
      },
    };
  }

  apply(config: SipSettings): void {
    this.config = config;
    this.timerValues = { t1: config.t1, t2: config.t2, t4: 5000 };
    if (!config.sipUse) {
      if (this.running || this.starting) void this.stop();
      return;
    }
    if (!this.running) {
      void this.start();
      return;
    }
    this.reconcile(config);
  }

  private reconcile(config: SipSettings): void {
    const host = this.host();
    if (!host) return;
    for (const [n, reg] of this.registrations) {
      const wanted = config.servers.get(n);
      if (wanted === undefined || !sameServer(wanted, reg.config)) {
        this.registrations.delete(n);
        void reg.disconnect(true).then(() => reg.halt());
      }
    }
    // forEach, not for-of with [n, s]: this loop runs once per apply, cold, and in the
    // interpreter the destructuring of each entry steps an array iterator of its own (callgrind,
    // 10,000 servers: ~9 M instructions of the main thread's ~130 M apply).
    const registrations = this.registrations;
    config.servers.forEach((s, n) => {
      if (registrations.has(n)) return;
      const reg = new Registration(s, host);
      registrations.set(n, reg);
      reg.connect();
    });
  }

  connect(n: number): ControlResult {
    const reg = this.registrations.get(n);
    if (!reg) return this.running ? { kind: 'not-configured', n } : ENGINE_NOT_RUNNING;
    reg.connect();
    return undefined;
  }

  disconnect(n: number): ControlResult {
    const reg = this.registrations.get(n);
    if (!reg) return this.running ? { kind: 'not-configured', n } : ENGINE_NOT_RUNNING;
    void reg.disconnect();
    return undefined;
  }

  servers(): ServerStatus[] {
    const out: ServerStatus[] = [];
    const now = this.o.clock.now();
    let sorted = true;
    // An array walked by index, not a for-of over the Map's iterator: the first
    // `show status sip server` runs this in baseline code, where each step of an iterator is a
    // call and a result object (10,000 servers).
    const all = this.config === undefined ? [] : Array.from(this.config.servers.values());
    const registrations = this.registrations;
    let last = -Infinity;
    for (let i = 0; i < all.length; i++) {
      const s = all[i];
      if (s === undefined) continue;
      if (s.n < last) sorted = false;
      last = s.n;
      const reg = registrations.get(s.n);
      out.push(
        reg !== undefined
          ? reg.status(now)
          : serverStatus(s, {
              state: this.running ? 'unregistered' : 'stopped',
              reason: this.running ? undefined : this.config?.sipUse === false ? 'sip use off' : 'the SIP engine is starting',
            }),
      );
    }
    return sorted ? out : out.sort((a, b) => a.n - b.n);
  }

  ports(): PortStatus[] {
    return this.phones.ports(this.o.clock.now());
  }

  dial(port: number, digits: string): ControlResult {
    return this.phones.dial(port, digits);
  }

  answer(port: number): ControlResult {
    return this.phones.answer(port);
  }

  hangup(port: number): ControlResult {
    return this.phones.hangup(port);
  }

  phone(port: number, action: PhoneAction): ControlResult {
    return this.phones.phone(port, action);
  }

  environment(): string[] {
    if (!this.running) return ['SIP engine: stopped'];
    const addrs = (this.o.addresses ?? ['127.0.0.1', '::1']).map((a) => (a.includes(':') ? `[${a}]` : a));
    return [`SIP engine: running, UDP and TCP port ${this.portNow} on ${addrs.join(', ')}`];
  }

  private onRequest(req: SipRequest, tx: ServerTransaction | undefined, r: Received): void {
    if (this.phones.request(req, tx, r)) return;
    if (!tx) return; // a stray ACK
    if (req.method === 'OPTIONS') {
      // A To tag on every response to an out-of-dialog request (RFC 3261 §8.2.6.2).
      const res = responseTo(req, 200, 'OK', randomTag(this.o.random ?? systemRandom));
      res.headers.add('Allow', ALLOW);
      res.headers.add('Accept', 'application/sdp');
      tx.respond(res);
      return;
    }
    tx.respond(responseTo(req, req.method === 'INVITE' ? (this.config?.busyCode ?? 486) : 501, undefined, randomTag(this.o.random ?? systemRandom)));
  }
}
