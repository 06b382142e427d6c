/** The router configuration that the commands edit, as a typed model. */
import { HostPort } from '../net/host';

export type Transport = 'udp' | 'tcp';

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

export interface PhoneBookEntry {
  readonly num: number;
  readonly dialNumber: string;
  readonly sipAddress: string;
  /** The server to call through; `undefined` means server 1. */
  readonly server: number | undefined;
  readonly name: string | undefined;
}

export type CharacterSet = 'ascii' | 'en.ascii' | 'sjis' | 'euc' | 'utf8';

export interface Config {
  sipUse: boolean;
  sipLog: boolean;
  /** SIP timers in milliseconds. */
  t1: number;
  t2: number;
  servers: Map<number, SipServerConfig>;
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
  /** `sip arrive address check on|off`: INVITEs only from the configured servers (default on). */
  arriveAddressCheck: boolean;
  /** `sip arrive ringing timer TIME`: seconds an incoming call rings before 480 (default 60). */
  ringingTimer: number;
}

export const DEFAULT_T1 = 500;
export const DEFAULT_T2 = 4000;
export const DEFAULT_LOGIN_TIMER = 300;
export const DEFAULT_RINGING_TIMER = 60;

export function emptyConfig(): Config {
  return {
    sipUse: true,
    sipLog: false,
    t1: DEFAULT_T1,
    t2: DEFAULT_T2,
    servers: new Map(),
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
    arriveAddressCheck: true,
    ringingTimer: DEFAULT_RINGING_TIMER,
  };
}

/** A deep copy: the maps are new, their entries are immutable. */
export function cloneConfig(c: Config): Config {
  return {
    ...c,
    servers: new Map(c.servers),
    serverPrefixes: new Map(c.serverPrefixes),
    book: new Map(c.book),
    dnsA: new Map(c.dnsA),
    dnsAaaa: new Map(c.dnsAaaa),
  };
}
