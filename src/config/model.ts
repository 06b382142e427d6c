/** The router configuration that the commands edit, as a typed model. */
import { HostPort } from '../net/host';

/** The transport a SIP server is reached over (`sip server N ... udp|tcp`). */
export type Transport = 'udp' | 'tcp';

/** One `sip server N ...` line: where server N is, whether to register there, and as whom. */
export interface SipServerConfig {
  readonly n: number;
  readonly server: HostPort;
  readonly register: boolean;
  readonly transport: Transport;
  /** The sip address as typed (a checked sip URI with a user part). */
  readonly sipAddress: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly name: string | undefined;
}

/** One internet phone book entry: the number dialled and the SIP address it calls. */
export interface PhoneBookEntry {
  readonly num: number;
  readonly dialNumber: string;
  readonly sipAddress: string;
  /** The server to call through; `undefined` means server 1. */
  readonly server: number | undefined;
  readonly name: string | undefined;
}

/** Per-server settings of the `sip server ... N` commands other than `sip server N ...` itself. */
export interface SipServerOptions {
  /** `sip server register timer server=N OK NG` in seconds. */
  readonly registerTimer?: { readonly okSeconds: number; readonly ngSeconds: number };
  readonly displayName?: string;
  /** `sip server privacy N on [PATTERN]` (`off` is the absence of the setting). */
  readonly privacy?: 'p-preferred-identity' | 'p-asserted-identity';
  readonly qvalue?: string;
  readonly registerRequestUri?: string;
  readonly callRemoteDomain?: string;
  readonly dialNumberOnly?: boolean;
  readonly pilotAddress?: string;
  /** `sip server session timer N TIME ...`: overrides `sip session timer` for calls through N. */
  readonly sessionTimer?: SessionTimerConfig;
  /** `sip server 100rel N on|off`: overrides `sip 100rel` for calls through N. */
  readonly rel100?: boolean;
}

/** `sip session timer TIME [update=on|off] [refresher=uac|uas]` (RFC 4028). */
export interface SessionTimerConfig {
  /** Session-Expires in seconds (90-86400). */
  readonly seconds: number;
  /** Refresh with UPDATE (RFC 3311) instead of re-INVITE. */
  readonly update: boolean;
  /** Who refreshes when we choose (our INVITE's refresher parameter, or our answer's). */
  readonly refresher: 'uac' | 'uas';
}

/** `dns server ADDRESS[:port]`. */
export interface DnsServerConfig {
  readonly address: string;
  readonly port: number | undefined;
}

/** `console character`: the router's names (ja.sjis, ja.utf8) and the older ones (sjis, euc, utf8). */
export type CharacterSet = 'ascii' | 'en.ascii' | 'ja.sjis' | 'ja.utf8' | 'sjis' | 'euc' | 'utf8';

/**
 * The whole router configuration, as the commands edit it and `show config` renders it. Mutable:
 * a handler changes it in place (`cloneConfig` gives a copy to load a file into without touching it).
 */
export interface Config {
  sipUse: boolean;
  sipLog: boolean;
  /** SIP timers in milliseconds. */
  t1: number;
  t2: number;
  servers: Map<number, SipServerConfig>;
  /** Per-server options, kept apart so that re-typing `sip server N ...` keeps them. */
  serverOptions: Map<number, SipServerOptions>;
  /** `sip user agent`: on with the default text, on with a text, or off. */
  userAgent: { readonly on: boolean; readonly text: string | undefined };
  /** `sip response code busy`, when set. */
  busyCode: number | undefined;
  /** `sip outer address`, when set. */
  outerAddress: string | undefined;
  /** `dns server`, in order. */
  dnsServers: DnsServerConfig[];
  /** Per-server dialling prefixes, by server number. */
  serverPrefixes: Map<number, string>;
  /** The internet phone book prefix. */
  bookPrefix: string | undefined;
  book: Map<number, PhoneBookEntry>;
  dnsA: Map<string, string>;
  dnsAaaa: Map<string, string>;
  prompt: string | undefined;
  lines: number | 'infinity' | undefined;
  columns: number | undefined;
  character: CharacterSet | undefined;
  /** Hashed passwords (see passwords.ts). */
  loginPassword: string | undefined;
  adminPassword: string | undefined;
  /** Idle seconds, or 'clear' for never. */
  loginTimer: number | 'clear';
  /** The SSH console and SFTP (see the SSH block below). */
  ssh: SshConfig;
  /** `sip arrive address check on|off`: INVITEs only from the configured servers (default on). */
  arriveAddressCheck: boolean;
  /** `sip arrive ringing timer TIME`: seconds an incoming call rings before 480 (default 60). */
  ringingTimer: number;
  /** `sip session timer`; `undefined` (the default) asks for no session timer of our own. */
  sessionTimer: SessionTimerConfig | undefined;
  /** `sip 100rel on|off`: reliable provisional responses (RFC 3262); off by default. */
  rel100: boolean;
}

/** RFC 3261 §17.1.1.1 T1 (round-trip estimate) in milliseconds, when `sip request retransmit timer` is not set. */
export const DEFAULT_T1 = 500;
/** RFC 3261 §17.1.2.2 T2 (longest retransmit interval) in milliseconds, when `sip request retransmit timer` is not set. */
export const DEFAULT_T2 = 4000;
/** Idle seconds before the console logs a session out, when `login timer` is not set. */
export const DEFAULT_LOGIN_TIMER = 300;
/** Seconds an incoming call rings before 480, when `sip arrive ringing timer` is not set. */
export const DEFAULT_RINGING_TIMER = 60;

/** The factory configuration: SIP on, default timers, no servers, no names, no passwords, SSH off. */
export function emptyConfig(): Config {
  return {
    sipUse: true,
    sipLog: false,
    t1: DEFAULT_T1,
    t2: DEFAULT_T2,
    servers: new Map(),
    serverOptions: new Map(),
    userAgent: { on: true, text: undefined },
    busyCode: undefined,
    outerAddress: undefined,
    dnsServers: [],
    serverPrefixes: new Map(),
    bookPrefix: undefined,
    book: new Map(),
    dnsA: new Map(),
    dnsAaaa: new Map(),
    prompt: undefined,
    lines: undefined,
    columns: undefined,
    character: undefined,
    loginPassword: undefined,
    adminPassword: undefined,
    loginTimer: DEFAULT_LOGIN_TIMER,
    ssh: emptySshConfig(),
    arriveAddressCheck: true,
    ringingTimer: DEFAULT_RINGING_TIMER,
    sessionTimer: undefined,
    rel100: false,
  };
}

/** A deep copy: the maps are new, their entries are immutable. */
export function cloneConfig(c: Config): Config {
  return {
    ...c,
    servers: new Map(c.servers),
    serverOptions: new Map(c.serverOptions),
    dnsServers: [...c.dnsServers],
    serverPrefixes: new Map(c.serverPrefixes),
    book: new Map(c.book),
    dnsA: new Map(c.dnsA),
    dnsAaaa: new Map(c.dnsAaaa),
    ssh: cloneSshConfig(c.ssh),
  };
}

// ---------------------------------------------------------------------------------------------
// SSH: `sshd service`, `sshd auth method`, `login user`, `sftpd host` (issue 9). Key material
// (host keys, authorized keys) lives in files beside the configuration file, never here.
// ---------------------------------------------------------------------------------------------

/** Which authentication methods `sshd auth method` allows. */
export type SshAuthMethod = 'password' | 'publickey' | 'any';

/** The SSH part of the configuration. */
export interface SshConfig {
  /** `sshd service on`. */
  service: boolean;
  authMethod: SshAuthMethod;
  /** `login user NAME ...`: hashed passwords (see passwords.ts) by user name. */
  users: Map<string, string>;
  /** `sftpd host`: undefined = SFTP off; 'any'; or the client addresses allowed. */
  sftpHosts: 'any' | readonly string[] | undefined;
}

/** SSH off, any method, no users, no SFTP. */
export function emptySshConfig(): SshConfig {
  return { service: false, authMethod: 'any', users: new Map(), sftpHosts: undefined };
}

/** A copy whose user map is new. */
export function cloneSshConfig(c: SshConfig): SshConfig {
  return { ...c, users: new Map(c.users) };
}
