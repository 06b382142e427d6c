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
 * The servers of a snapshot by number, their settings made all at once when the engine first
 * reads them (through the memo above: an unchanged server keeps its object). Profile
 * (`--trace-gc-nvp` of the grammar bench): making them at every `apply` left ~1.8 MB of young
 * objects after a 10,000-line load, for a stopped engine that never reads them, and the next
 * scavenge - in the first `show config` - copied them (5-7 ms against ~1 ms without them). A
 * running engine reads them in the same `apply` (reconcile); a stopped one only for
 * `show status sip server`. Once made, they are a Map of their own, walked as fast as before.
 */
class ServerSettingsMap implements ReadonlyMap<number, ServerSettings> {
  /** Copies of the configuration's maps (later edits of the configuration do not reach this snapshot), until the settings are made. */
  private source: { readonly servers: ReadonlyMap<number, SipServerConfig>; readonly options: ReadonlyMap<number, SipServerOptions> } | undefined;
  private made: ReadonlyMap<number, ServerSettings> | undefined;
  readonly size: number;

  constructor(c: Config) {
    this.source = { servers: new Map(c.servers), options: c.serverOptions.size === 0 ? NO_OPTIONS : new Map(c.serverOptions) };
    this.size = c.servers.size;
  }

  private all(): ReadonlyMap<number, ServerSettings> {
    if (this.made !== undefined) return this.made;
    const made = new Map<number, ServerSettings>();
    const { servers, options } = this.source ?? { servers: NO_SERVERS, options: NO_OPTIONS };
    for (const [n, s] of servers) made.set(n, settingsOf(s, options.get(n)));
    this.made = made;
    this.source = undefined;
    return made;
  }

  get(n: number): ServerSettings | undefined {
    return this.all().get(n);
  }

  has(n: number): boolean {
    return this.source !== undefined ? this.source.servers.has(n) : this.all().has(n);
  }

  forEach(callback: (value: ServerSettings, key: number, map: ReadonlyMap<number, ServerSettings>) => void, thisArg?: unknown): void {
    this.all().forEach((v, k) => callback.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[number, ServerSettings]> {
    return this.all().entries();
  }

  keys(): MapIterator<number> {
    return this.all().keys();
  }

  values(): MapIterator<ServerSettings> {
    return this.all().values();
  }

  [Symbol.iterator](): MapIterator<[number, ServerSettings]> {
    return this.all().entries();
  }
}

const NO_SERVERS: ReadonlyMap<number, SipServerConfig> = new Map();
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
