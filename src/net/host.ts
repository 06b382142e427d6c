/**
 * Host and host:port syntax shared by the command grammar and the SIP engine:
 * an IPv4 address, an FQDN, or an IPv6 address (in brackets wherever a port may follow).
 */
import { allDigits } from '../util/ascii';

/** What a host is written as. */
export type HostKind = 'ipv4' | 'ipv6' | 'fqdn';

/** A host as typed: `address` never carries brackets. */
export interface Host {
  readonly kind: HostKind;
  readonly address: string;
}

/** A host with an optional port (`undefined`: the protocol's default). */
export interface HostPort {
  readonly host: Host;
  readonly port: number | undefined;
}

/*
 * The parsers' hosts and host:ports are made with `new`, not as object literals: a configuration
 * keeps both in every server entry, so in a load all of them survive the scavenges, V8 pretenured
 * the literals' allocation sites mid-load and dropped the compiled code that depended on their
 * tenuring (--trace-deopt: "code dependencies" for parseHostPort, parseHost inlined in it;
 * --trace-compilation-dependencies: allocation-site-tenuring-changed), then compiled it again.
 * Objects made by a constructor have no allocation site. Callgrind (--predictable, a cold process
 * loading the grammar bench's 10,000 lines, whole run): 1,803.4 -> 1,711.4 M, most of it in the
 * scavenger (204.7 -> 143.5 M); where the sites were never tenured (the startup bench's
 * configuration, the grammar section after its parse rounds) the same within the noise. The same
 * fields in the same order: the same own properties, equality and JSON (test/net/host-shape.test.ts).
 */
class ParsedHost implements Host {
  constructor(
    readonly kind: HostKind,
    readonly address: string,
  ) {}
}

class ParsedHostPort implements HostPort {
  constructor(
    readonly host: Host,
    readonly port: number | undefined,
  ) {}
}

/** Why a value was refused: it does not parse, or a number in it is out of its range. */
export type ValueFault = 'invalid' | 'range';

/** A parse result: the value, or why the text is not one (`range` for numbers out of bounds). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; fault: ValueFault; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string, fault: ValueFault = 'invalid'): Parsed<T> => ({ ok: false, fault, message });

/**
 * Dotted quad, each part 0-255 without a leading zero: what `Address4.isValid` accepts, without
 * building an `Address4` per word (the grammar tries a host word against several paths).
 */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `true` for a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** `true` when every part is a group of 1-4 hex digits. */
function hexGroups(parts: readonly string[]): boolean {
  for (const p of parts) if (!HEX_GROUP.test(p)) return false;
  return true;
}

/**
 * RFC 4291 §2.2 text form without zone or prefix: eight groups, or fewer with one `::` standing for
 * at least one zero group, the last two groups optionally a dotted quad. What `Address6.isValid`
 * accepts for such text (a test compares both), without building an `Address6`: words that only
 * look like IPv6 (`12:30`) and every received Via / Contact host went through its expressions.
 */
function isIPv6Text(text: string): boolean {
  let groups = text;
  let extra = 0;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    if (!isIPv4(text.slice(lastColon + 1))) return false;
    // The quad counts as two groups; keep the colon before it so "::1.2.3.4" stays "::".
    groups = text.slice(0, lastColon + 1) + '0';
    extra = 1;
  }
  const gap = groups.indexOf('::');
  if (gap < 0) {
    const parts = groups.split(':');
    return parts.length + extra === 8 && hexGroups(parts);
  }
  if (groups.indexOf('::', gap + 1) >= 0) return false;
  const head = groups.slice(0, gap);
  const tail = groups.slice(gap + 2);
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  return headParts.length + tailParts.length + extra <= 7 && hexGroups(headParts) && hexGroups(tailParts);
}

/** `true` for an IPv6 address without brackets. */
export function isIPv6(text: string): boolean {
  // The colon first: most texts asked (names, IPv4 literals) have none, and need no expression.
  return text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text) && isIPv6Text(text);
}

/** RFC 1123 host name: dot-separated labels of letters, digits and hyphens; the last label not all digits. */
export function isFqdn(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  // One expression over the whole name, not a split and a closure per label: every domain of a
  // received From / To / Contact URI comes through here (a third of a REGISTER's host parsing).
  if (!FQDN.test(name)) return false;
  return !/^\d+$/.test(name.slice(name.lastIndexOf('.') + 1));
}

/** Dot-separated labels of 1-63 letters, digits and hyphens, not starting or ending with a hyphen. */
const FQDN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A bare host: IPv4, FQDN or IPv6 (brackets optional here, since no port can follow). */
export function parseHost(text: string, bracketsRequired = false): Parsed<Host> {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return bad('missing "]" after the IPv6 address');
    const inner = text.slice(1, -1);
    return isIPv6(inner) ? ok(new ParsedHost('ipv6', inner.toLowerCase())) : bad(`"${inner}" is not an IPv6 address`);
  }
  if (isIPv4(text)) return ok(new ParsedHost('ipv4', text));
  if (isIPv6(text)) {
    return bracketsRequired
      ? bad(`an IPv6 address must be enclosed in brackets: [${text}]`)
      : ok(new ParsedHost('ipv6', text.toLowerCase()));
  }
  if (/^\d+(\.\d+){3}$/.test(text)) return bad(`"${text}" is not a valid IPv4 address`);
  if (isFqdn(text)) return ok(new ParsedHost('fqdn', text.toLowerCase()));
  return bad(`"${text}" is not an IPv4 address, an FQDN or a bracketed IPv6 address`);
}

function parsePort(text: string): Parsed<number> {
  if (!allDigits(text)) return bad(`port "${text}" is not a number`);
  const n = Number(text);
  return n >= 1 && n <= 65535 ? ok(n) : bad(`port ${text} is out of range (1-65535)`, 'range');
}

/** `HOST[:port]` where an IPv6 host must be in brackets. */
export function parseHostPort(text: string): Parsed<HostPort> {
  if (text.length === 0) return bad('empty address');
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return bad('missing "]" after the IPv6 address');
    const host = parseHost(text.slice(0, close + 1));
    if (!host.ok) return host;
    const rest = text.slice(close + 1);
    if (rest === '') return ok(new ParsedHostPort(host.value, undefined));
    if (!rest.startsWith(':')) return bad(`unexpected "${rest}" after the IPv6 address`);
    const port = parsePort(rest.slice(1));
    return port.ok ? ok(new ParsedHostPort(host.value, port.value)) : port;
  }
  // indexOf, not split: the grammar and every received Via / Contact host come through here.
  const colon = text.indexOf(':');
  if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
    return isIPv6(text) ? bad(`an IPv6 address must be enclosed in brackets: [${text}]`) : bad(`"${text}" is not a valid address`);
  }
  const hostText = colon < 0 ? text : text.slice(0, colon);
  const portText = colon < 0 ? undefined : text.slice(colon + 1);
  const host = parseHost(hostText, true);
  if (!host.ok) return host;
  if (portText === undefined) return ok(new ParsedHostPort(host.value, undefined));
  const port = parsePort(portText);
  return port.ok ? ok(new ParsedHostPort(host.value, port.value)) : port;
}

/** Host as written in a URI or Via: IPv6 in brackets. */
export function formatHost(host: Host): string {
  return host.kind === 'ipv6' ? `[${host.address}]` : host.address;
}

/** Writes a host and port back as `parseHostPort` reads them (IPv6 in brackets). */
export function formatHostPort(hp: HostPort): string {
  return hp.port === undefined ? formatHost(hp.host) : `${formatHost(hp.host)}:${hp.port}`;
}
