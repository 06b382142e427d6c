/**
 * The builder from the router's configuration to the SIP engine's settings: a frozen snapshot
 * with fresh maps, so that later edits of the configuration never reach a running engine
 * except through the next `apply`.
 */
import { DEFAULT_BUSY_CODE, DEFAULT_USER_AGENT, ServerSettings, SipSettings } from '../sip/settings';
import { Config, SipServerConfig, SipServerOptions } from './model';

function serverSettings(s: SipServerConfig, o: SipServerOptions | undefined): ServerSettings {
  return Object.freeze({
    n: s.n,
    server: s.server,
    register: s.register,
    transport: s.transport,
    sipAddress: s.sipAddress,
    user: s.user,
    password: s.password,
    name: s.name,
    registerTimer: o?.registerTimer,
    displayName: o?.displayName,
    privacy: o?.privacy !== undefined ? { pattern: o.privacy } : undefined,
    qvalue: o?.qvalue,
    registerRequestUri: o?.registerRequestUri,
    callRemoteDomain: o?.callRemoteDomain,
    dialNumberOnly: o?.dialNumberOnly ?? false,
    pilotAddress: o?.pilotAddress,
    sessionTimer: o?.sessionTimer,
    rel100: o?.rel100,
  });
}

/**
 * Each server's frozen settings, by the server line and options they were made from (both
 * immutable: an edit replaces them). Profile: every configuration change rebuilt one frozen
 * object per server (10,000 of them for a large configuration) for the engine's snapshot.
 */
const made = new WeakMap<SipServerConfig, { readonly options: SipServerOptions | undefined; readonly settings: ServerSettings }>();

function settingsOf(s: SipServerConfig, o: SipServerOptions | undefined): ServerSettings {
  const hit = made.get(s);
  if (hit !== undefined && hit.options === o) return hit.settings;
  const settings = serverSettings(s, o);
  made.set(s, { options: o, settings });
  return settings;
}

/**
 * The servers of a snapshot by number, each server's settings made when the engine first asks
 * for them (and then the same object, by the memo above). Profile (`--trace-gc-nvp` of the
 * grammar bench): making all of them at every `apply` left ~1.8 MB of young objects after a
 * 10,000-line load, for a stopped engine that never reads them (the next scavenge, in the first
 * `show config`, copied them: 5-7 ms against ~1 ms without them). A running engine reads them
 * all in the same `apply`; a stopped one only for `show status sip server`.
 */
class ServerSettingsMap implements ReadonlyMap<number, ServerSettings> {
  /** Copies of the configuration's maps: later edits of the configuration do not reach this snapshot. */
  private readonly servers: ReadonlyMap<number, SipServerConfig>;
  private readonly options: ReadonlyMap<number, SipServerOptions>;

  constructor(c: Config) {
    this.servers = new Map(c.servers);
    this.options = c.serverOptions.size === 0 ? NO_OPTIONS : new Map(c.serverOptions);
  }

  get size(): number {
    return this.servers.size;
  }

  get(n: number): ServerSettings | undefined {
    const s = this.servers.get(n);
    return s === undefined ? undefined : settingsOf(s, this.options.get(n));
  }

  has(n: number): boolean {
    return this.servers.has(n);
  }

  forEach(callback: (value: ServerSettings, key: number, map: ReadonlyMap<number, ServerSettings>) => void, thisArg?: unknown): void {
    for (const [n, s] of this.servers) callback.call(thisArg, settingsOf(s, this.options.get(n)), n, this);
  }

  *entries(): MapIterator<[number, ServerSettings]> {
    for (const [n, s] of this.servers) yield [n, settingsOf(s, this.options.get(n))];
  }

  keys(): MapIterator<number> {
    return this.servers.keys();
  }

  *values(): MapIterator<ServerSettings> {
    for (const [n, s] of this.servers) yield settingsOf(s, this.options.get(n));
  }

  [Symbol.iterator](): MapIterator<[number, ServerSettings]> {
    return this.entries();
  }
}

const NO_OPTIONS: ReadonlyMap<number, SipServerOptions> = new Map();

/** The engine's settings for configuration `c`. */
export function sipSettings(c: Config): SipSettings {
  const servers = new ServerSettingsMap(c);
  return Object.freeze({
    sipUse: c.sipUse,
    sipLog: c.sipLog,
    t1: c.t1,
    t2: c.t2,
    servers,
    serverPrefixes: new Map(c.serverPrefixes),
    bookPrefix: c.bookPrefix,
    book: new Map(c.book),
    dnsA: new Map(c.dnsA),
    dnsAaaa: new Map(c.dnsAaaa),
    dnsServers: c.dnsServers.map((d) => ({ address: d.address, port: d.port ?? 53 })),
    userAgent: c.userAgent.on ? (c.userAgent.text ?? DEFAULT_USER_AGENT) : undefined,
    busyCode: c.busyCode ?? DEFAULT_BUSY_CODE,
    arriveAddressCheck: c.arriveAddressCheck,
    ringingTimer: c.ringingTimer,
    outerAddress: c.outerAddress,
    sessionTimer: c.sessionTimer,
    rel100: c.rel100,
  });
}
