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

/** Every server's settings by number, through the memo above (an unchanged server keeps its object). */
function allSettings(servers: ReadonlyMap<number, SipServerConfig>, options: ReadonlyMap<number, SipServerOptions>): ReadonlyMap<number, ServerSettings> {
  const out = new Map<number, ServerSettings>();
  for (const [n, s] of servers) out.set(n, settingsOf(s, options.get(n)));
  return out;
}

const NO_OPTIONS: ReadonlyMap<number, SipServerOptions> = new Map();

/** The engine's settings for configuration `c`. */
export function sipSettings(c: Config): SipSettings {
  // The servers' settings are made when the engine first reads them, from copies of the maps
  // (later edits do not reach this snapshot). Profile (`--trace-gc-nvp` of the grammar bench):
  // making them at every `apply` left ~1.8 MB of young objects after a 10,000-line load, for a
  // stopped engine that never reads them, and the next scavenge - in the first `show config` -
  // copied them (5-7 ms against ~1 ms without them). A running engine reads them in the same
  // `apply` (reconcile); a stopped one only for `show status sip server`.
  let source: readonly [ReadonlyMap<number, SipServerConfig>, ReadonlyMap<number, SipServerOptions>] | undefined = [new Map(c.servers), c.serverOptions.size === 0 ? NO_OPTIONS : new Map(c.serverOptions)];
  let servers: ReadonlyMap<number, ServerSettings> | undefined;
  return Object.freeze({
    sipUse: c.sipUse,
    sipLog: c.sipLog,
    t1: c.t1,
    t2: c.t2,
    get servers(): ReadonlyMap<number, ServerSettings> {
      if (servers === undefined) {
        servers = source !== undefined ? allSettings(...source) : new Map();
        source = undefined;
      }
      return servers;
    },
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
