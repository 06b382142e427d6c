/**
 * The builder from the router's configuration to the SIP engine's settings: a frozen snapshot
 * with fresh maps, so that later edits of the configuration never reach a running engine
 * except through the next `apply`.
 */
import { DEFAULT_BUSY_CODE, DEFAULT_USER_AGENT, ServerSettings, SipSettings } from '../sip/settings';
import { Config, SipServerConfig, SipServerOptions } from './model';

/** The options of a server without `sip server ...` options: every option its default. */
const NO_SERVER_OPTIONS: SipServerOptions = Object.freeze({});

/**
 * A server's settings. Not frozen: the type is read-only, and the engine's snapshot holds its own
 * objects (nothing outside this file has them before the engine). Callgrind of 10,000 made in a
 * fresh process: Object.freeze cost ~2,600 instructions per object in node 20's V8 11.3 (a
 * runtime call; 26.6 M, twice); a server without options (the common case) reads its defaults
 * from one shared empty object, not through ten `o?.` (this code runs once per apply, in the
 * interpreter). One builder for both: a second one for servers without options saved 1.7 M of
 * 45.7 M instructions for 10,000 servers (callgrind, --predictable, twice), 0.1 us per REGISTER
 * transaction, for eight fields written twice.
 */
function serverSettings(s: SipServerConfig, o: SipServerOptions = NO_SERVER_OPTIONS): ServerSettings {
  return {
    n: s.n,
    server: s.server,
    register: s.register,
    transport: s.transport,
    sipAddress: s.sipAddress,
    user: s.user,
    password: s.password,
    name: s.name,
    registerTimer: o.registerTimer,
    displayName: o.displayName,
    privacy: o.privacy !== undefined ? { pattern: o.privacy } : undefined,
    qvalue: o.qvalue,
    registerRequestUri: o.registerRequestUri,
    callRemoteDomain: o.callRemoteDomain,
    dialNumberOnly: o.dialNumberOnly ?? false,
    pilotAddress: o.pilotAddress,
    sessionTimer: o.sessionTimer,
    rel100: o.rel100,
  };
}

/** What the servers' settings of a snapshot were made from (its own copies, never written to), and them. */
interface Made {
  readonly servers: ReadonlyMap<number, SipServerConfig>;
  readonly options: ReadonlyMap<number, SipServerOptions>;
  readonly settings: ReadonlyMap<number, ServerSettings>;
}

/**
 * The servers' settings of the last snapshot read. A server whose line and options are the same
 * objects as then (both immutable: an edit replaces them) keeps its settings object, so that the
 * engine's next `apply` sees it unchanged by identity and leaves its registration alone. Profile:
 * every configuration change rebuilt one object per server (10,000 of them for a large
 * configuration). Until round 10 the memo was a WeakMap by server line with a record per
 * server (an identity hash written into each line, an ephemeron table the collector walks);
 * the last snapshot's maps answer by number. Callgrind of a fresh process's `apply` of 10,000
 * servers (Kamailio up; apply minus the same process without it), this file's changes
 * together: main thread ~205 -> ~133 M instructions, all threads ~520 -> ~270 M (V8's compiler
 * had the builder and the memo to optimise).
 */
let last: Made | undefined;

/** Every server's settings by number, an unchanged one from the last snapshot read. */
function allSettings(servers: ReadonlyMap<number, SipServerConfig>, options: ReadonlyMap<number, SipServerOptions>): ReadonlyMap<number, ServerSettings> {
  const before = last;
  const out = new Map<number, ServerSettings>();
  // forEach, not for-of with [n, s]: run cold (once per apply, in the interpreter), the
  // destructuring of each entry steps an array iterator of its own.
  servers.forEach((s, n) => {
    const o = options.get(n);
    const kept = before !== undefined && before.servers.get(n) === s && before.options.get(n) === o ? before.settings.get(n) : undefined;
    out.set(n, kept ?? serverSettings(s, o));
  });
  last = { servers, options, settings: out };
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
