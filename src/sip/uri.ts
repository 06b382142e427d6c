/**
 * SIP URIs (RFC 3261 §19.1): `sip:user:password@host:port;params?headers`.
 * The host is an IPv4 address, an FQDN or a bracketed IPv6 reference.
 */
import { Host, HostPort, Parsed, formatHost, parseHostPort } from '../net/host';
import { hasLineTerminator } from './codec/header-values';

/** A parsed SIP or SIPS URI; the user part is undefined when absent, never empty. */
export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly host: Host;
  readonly port: number | undefined;
  /** URI parameters in order; a parameter without `=` has the value `null`. */
  readonly params: ReadonlyArray<readonly [string, string | null]>;
  readonly headers: string | undefined;
}

/**
 * The last two host parts read and their results (read-only to every caller): the URIs of one
 * peer name the same host again and again, and a registration reads two hosts in turn, the
 * domain of its sip address and our own address in its Contact (profile: with one entry each
 * read missed, and the host's expressions ran twice per registration).
 */
let lastHostText: string | undefined;
let lastHost: Parsed<HostPort> | undefined;
let otherHostText: string | undefined;
let otherHost: Parsed<HostPort> | undefined;

function hostPortOf(text: string): Parsed<HostPort> {
  if (text === lastHostText && lastHost !== undefined) return lastHost;
  if (text === otherHostText && otherHost !== undefined) {
    const hp = otherHost;
    otherHostText = lastHostText;
    otherHost = lastHost;
    lastHostText = text;
    lastHost = hp;
    return hp;
  }
  const hp = parseHostPort(text);
  otherHostText = lastHostText;
  otherHost = lastHost;
  lastHostText = text;
  lastHost = hp;
  return hp;
}

const USER_CHARS = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const PARAM_CHARS = /^[A-Za-z0-9\-_.!~*'()%[\]/:&+$]+$/;

/**
 * What `/^(sips?):(.*)$/i` reads, by character code: the scheme (lower case) and the rest
 * (profile: the expression and its match array for each of the three URIs a registration reads).
 */
export function uriScheme(text: string): { scheme: 'sip' | 'sips'; rest: string } | undefined {
  if (text.length < 4 || (text.charCodeAt(0) | 0x20) !== 0x73 || (text.charCodeAt(1) | 0x20) !== 0x69 || (text.charCodeAt(2) | 0x20) !== 0x70) return undefined;
  let i = 3;
  const secure = (text.charCodeAt(i) | 0x20) === 0x73;
  if (secure) i++;
  if (text.charCodeAt(i) !== 0x3a) return undefined;
  if (hasLineTerminator(text, i + 1)) return undefined;
  return { scheme: secure ? 'sips' : 'sip', rest: text.slice(i + 1) };
}

/**
 * A user part that `parseSipUri` reads as it is: USER_CHARS without `?` (which would start the
 * headers); no `:` (a password), `@`, quote, bracket, white space nor line terminator.
 */
const PLAIN_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;/%]+$/;

/**
 * What follows the user part of the last two well-formed `sip:USER@REST` URIs without `?` read
 * (REST has no `@`), with what it gave: a URI of that shape with a plain user and one of these
 * RESTs reads the same host, port and parameters. A registration reads two such URIs once each,
 * its sip address and our own Contact, and every server of a run has the same two RESTs
 * (profile, callgrind: parseSipUri and its host, parameter and user checks were ~4% of the
 * instructions per registration).
 */
interface KnownRest {
  readonly rest: string;
  readonly host: Host;
  readonly port: number | undefined;
  readonly params: ReadonlyArray<readonly [string, string | null]>;
}

let lastRest: KnownRest | undefined;
let otherRest: KnownRest | undefined;

/** Where the `@` of `sip:USER@REST` is when `text` has that shape (no `?`, a plain user), else -1. */
function plainUserAt(text: string): number {
  if (!text.startsWith('sip:') || text.indexOf('?') >= 0) return -1;
  const at = text.lastIndexOf('@');
  return at > 4 && PLAIN_USER.test(text.slice(4, at)) ? at : -1;
}

/** Whether `known` is what follows `@` at `at` in `text`. */
function restIs(known: KnownRest | undefined, text: string, at: number): known is KnownRest {
  return known !== undefined && known.rest.length === text.length - at - 1 && text.endsWith(known.rest);
}

/** Parses a SIP URI; never throws. */
export function parseSipUri(text: string): Parsed<SipUri> {
  const at = plainUserAt(text);
  if (at >= 0) {
    const known = restIs(lastRest, text, at) ? lastRest : restIs(otherRest, text, at) ? otherRest : undefined;
    if (known !== undefined) {
      if (known !== lastRest) {
        otherRest = lastRest;
        lastRest = known;
      }
      return { ok: true, value: { scheme: 'sip', user: text.slice(4, at), password: undefined, host: known.host, port: known.port, params: known.params, headers: undefined } };
    }
  }
  const parsed = readSipUri(text);
  if (at >= 0 && parsed.ok) {
    otherRest = lastRest;
    lastRest = { rest: text.slice(at + 1), host: parsed.value.host, port: parsed.value.port, params: parsed.value.params };
  }
  return parsed;
}

/** `parseSipUri` in full. */
function readSipUri(text: string): Parsed<SipUri> {
  const bad = (message: string): Parsed<SipUri> => ({ ok: false, fault: 'invalid', message });
  const m = uriScheme(text);
  if (!m) return bad(`"${text}" is not a sip URI (sip:user@host)`);
  const scheme = m.scheme;
  let rest = m.rest;
  let headers: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let user: string | undefined;
  let password: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(':');
    user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    password = colon >= 0 ? userinfo.slice(colon + 1) : undefined;
    if (user.length === 0 || !USER_CHARS.test(user)) return bad(`bad user part "${user}" in "${text}"`);
  }
  const semi = rest.indexOf(';');
  const hostPart = semi >= 0 ? rest.slice(0, semi) : rest;
  const paramPart = semi >= 0 ? rest.slice(semi + 1) : '';
  const hp = hostPortOf(hostPart);
  if (!hp.ok) return { ok: false, fault: hp.fault, message: `bad host in "${text}": ${hp.message}` };
  const params: Array<readonly [string, string | null]> = [];
  if (semi >= 0) {
    for (const p of paramPart.split(';')) {
      const eq = p.indexOf('=');
      const name = eq >= 0 ? p.slice(0, eq) : p;
      const value = eq >= 0 ? p.slice(eq + 1) : null;
      if (!/^[A-Za-z0-9\-_.!~*'()%]+$/.test(name)) return bad(`bad parameter "${p}" in "${text}"`);
      if (value !== null && (value.length === 0 || !PARAM_CHARS.test(value))) return bad(`bad parameter "${p}" in "${text}"`);
      params.push([name, value]);
    }
  }
  return {
    ok: true,
    value: { scheme, user, password, host: hp.value.host, port: hp.value.port, params, headers },
  };
}

/** A URI's parameter value (case-insensitive name); `null` for a flag, `undefined` when absent. */
export function uriParam(uri: SipUri, name: string): string | null | undefined {
  const lower = name.toLowerCase();
  const found = uri.params.find(([n]) => n.toLowerCase() === lower);
  return found === undefined ? undefined : found[1];
}

/** The part after `@` (with the port, if any): the seed's DOMAIN of a sip address. */
export function uriDomain(uri: SipUri): string {
  return uri.port === undefined ? formatHost(uri.host) : `${formatHost(uri.host)}:${uri.port}`;
}
