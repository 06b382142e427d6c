/**
 * The SIP engine's own settings: an immutable snapshot with plain types, built from the router's
 * configuration by src/config/sip-settings.ts and handed to `SipEngine.apply`. The engine never
 * sees the configuration model, the prompt, the passwords or the console settings.
 */
import { HostPort } from '../net/host';
import { VERSION } from '../version';

/** SIP transport of a server. */
export type SipTransport = 'udp' | 'tcp';

/** `sip server register timer server=N OK NG`: seconds between REGISTERs, and before a retry. */
export interface RegisterTimer {
  readonly okSeconds: number;
  readonly ngSeconds: number;
}

/** `sip server privacy N on [PATTERN]`: the header form the provider expects. */
export interface PrivacySetting {
  /** Which identity header carries our address next to `Privacy: id`. */
  readonly pattern: 'p-preferred-identity' | 'p-asserted-identity';
}

/** One configured SIP server, with every per-server setting merged in. */
export interface ServerSettings {
  readonly n: number;
  readonly server: HostPort;
  readonly register: boolean;
  readonly transport: SipTransport;
  /** The router's sip address (a checked sip URI with a user part). */
  readonly sipAddress: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly name: string | undefined;
  /** `undefined`: REGISTER for 1200 s, back-off after failures. */
  readonly registerTimer: RegisterTimer | undefined;
  /** The display name of From (and To for REGISTER). */
  readonly displayName: string | undefined;
  /** `undefined`: privacy off. */
  readonly privacy: PrivacySetting | undefined;
  /** Contact `q=` value as typed (0.000-1.000). */
  readonly qvalue: string | undefined;
  /** The REGISTER Request-URI instead of sip:DOMAIN. */
  readonly registerRequestUri: string | undefined;
  /** The domain of outgoing INVITE Request-URIs instead of the sip address domain. */
  readonly callRemoteDomain: string | undefined;
  /** Dial only the number: Request-URI `sip:NUMBER@DOMAIN;user=phone` (RFC 3261 §19.1.1). */
  readonly dialNumberOnly: boolean;
  /** The address shown as ours to callees (P-Preferred-Identity) when set. */
  readonly pilotAddress: string | undefined;
  /** `sip server session timer N`: `undefined` follows `sip session timer`. */
  readonly sessionTimer: SessionTimerSetting | undefined;
  /** `sip server 100rel N`: `undefined` follows `sip 100rel`. */
  readonly rel100: boolean | undefined;
}

/** A session timer we ask for or grant (RFC 4028). */
export interface SessionTimerSetting {
  /** Session-Expires in seconds. */
  readonly seconds: number;
  /** Refresh with UPDATE (RFC 3311) instead of re-INVITE. */
  readonly update: boolean;
  /** Who refreshes when the choice is ours. */
  readonly refresher: 'uac' | 'uas';
}

/** An internet phone book entry (`analog extension sip address`). */
export interface BookEntry {
  readonly num: number;
  readonly dialNumber: string;
  readonly sipAddress: string;
  /** The server to call through; `undefined` means server 1. */
  readonly server: number | undefined;
  readonly name: string | undefined;
}

/** A DNS server for SRV and A/AAAA look-ups (`dns server ADDRESS[:port]`). */
export interface DnsServer {
  readonly address: string;
  readonly port: number;
}

/** Everything the SIP engine reads, frozen at the time of `apply`. */
export interface SipSettings {
  readonly sipUse: boolean;
  readonly sipLog: boolean;
  /** RFC 3261 timers in milliseconds. */
  readonly t1: number;
  readonly t2: number;
  readonly servers: ReadonlyMap<number, ServerSettings>;
  /** Per-server dialling prefixes, by server number. */
  readonly serverPrefixes: ReadonlyMap<number, string>;
  /** The internet phone book prefix. */
  readonly bookPrefix: string | undefined;
  readonly book: ReadonlyMap<number, BookEntry>;
  /** `dns static a|aaaa`: names in lower case. */
  readonly dnsA: ReadonlyMap<string, string>;
  readonly dnsAaaa: ReadonlyMap<string, string>;
  /** `dns server`: asked in order for SRV and A/AAAA. */
  readonly dnsServers: readonly DnsServer[];
  /** `sip user agent`: the User-Agent text; `undefined` = no header (`sip user agent off`). */
  readonly userAgent: string | undefined;
  /** `sip response code busy`: the code sent when every port is busy. */
  readonly busyCode: number;
  /** `sip outer address`: the public address put in Via/Contact instead of the local one. */
  readonly outerAddress: string | undefined;
  /** `sip arrive address check on|off`: INVITEs only from the configured servers. */
  readonly arriveAddressCheck: boolean;
  /** `sip arrive ringing timer TIME`: seconds an incoming call rings before 480. */
  readonly ringingTimer: number;
  /** `sip session timer`: `undefined` asks for none (we still honour the other side's, RFC 4028 §9). */
  readonly sessionTimer: SessionTimerSetting | undefined;
  /** `sip 100rel on|off` (RFC 3262). */
  readonly rel100: boolean;
}

/** The User-Agent header of sipsh unless told otherwise. */
export const DEFAULT_USER_AGENT = `sipsh/${VERSION}`;

/** The status code for a busy router by default (RFC 3261 §21.4.24). */
export const DEFAULT_BUSY_CODE = 486;

/** Settings of an engine that has been told nothing yet. */
export function emptySipSettings(): SipSettings {
  return {
    sipUse: true,
    sipLog: false,
    t1: 500,
    t2: 4000,
    servers: new Map(),
    serverPrefixes: new Map(),
    bookPrefix: undefined,
    book: new Map(),
    dnsA: new Map(),
    dnsAaaa: new Map(),
    dnsServers: [],
    userAgent: DEFAULT_USER_AGENT,
    busyCode: DEFAULT_BUSY_CODE,
    outerAddress: undefined,
    arriveAddressCheck: true,
    ringingTimer: 60,
    sessionTimer: undefined,
    rel100: false,
  };
}
