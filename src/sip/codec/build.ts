/** Building requests and responses: identifiers, and responses that copy what RFC 3261 §8.2.6 says. */
import { Random, systemRandom } from '../../util/random';
import { Headers, SipRequest, SipResponse } from './message';
import { isSpace, param, parseNameAddr, parseVia } from './header-values';

/** RFC 3261 §8.1.1.7: branches start with the magic cookie. */
export const newBranch = (random: Random = systemRandom): string => `z9hG4bK${random.hex(10)}`;
/** A From/To tag (RFC 3261 §19.3: at least 32 bits of randomness; we use 48). */
export const newTag = (random: Random = systemRandom): string => random.hex(6);
/**
 * A Call-ID: 96 random bits @ our host (RFC 3261 §8.1.1.4), brackets removed. A host without
 * them (every IPv4 address and name) is used as it is, without the expression's replace (one
 * per registration).
 */
export const newCallId = (host: string, random: Random = systemRandom): string => callIdOf(random.hex(12), host);
/** The Call-ID of `hex` (24 random hex digits, drawn by the caller) @ our host, as newCallId writes it. */
export const callIdOf = (hex: string, host: string): string => `${hex}@${host.indexOf('[') < 0 && host.indexOf(']') < 0 ? host : host.replace(/[[\]]/g, '')}`;

/** The reason phrase a response gets when the caller gives none (RFC 3261 §21); other codes get `Unknown`. */
export const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  420: 'Bad Extension',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'Version Not Supported',
  600: 'Busy Everywhere',
  603: 'Decline',
};

/** Our own address as it goes into Via and Contact: IPv6 in brackets. */
export interface LocalAddress {
  readonly transport: 'udp' | 'tcp';
  readonly host: string;
  readonly port: number;
}

const bracket = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** `SIP/2.0/UDP host:port;branch=z9hG4bK...;rport` with a new branch, or with `branch` when given. */
export function viaHeader(v: LocalAddress, random: Random = systemRandom, branch: string = newBranch(random)): string {
  return `SIP/2.0/${v.transport === 'udp' ? 'UDP' : 'TCP'} ${bracket(v.host)}:${v.port};branch=${branch};rport`;
}

/** `<sip:user@host:port;transport=udp>`: the router's Contact. */
export function contactHeader(user: string, v: LocalAddress): string {
  return `<sip:${user}@${bracket(v.host)}:${v.port};transport=${v.transport}>`;
}

/** A response to `req`: Via, From, To (a tag added when `toTag` is given and there is none), Call-ID, CSeq. */
export function responseTo(req: { headers: Headers }, status: number, reason?: string, toTag?: string): SipResponse {
  const h = new Headers();
  for (const v of req.headers.getAll('via')) h.add('Via', v);
  h.add('From', req.headers.get('from') ?? '');
  let to = req.headers.get('to') ?? '';
  if (toTag !== undefined && status > 100) {
    const na = parseNameAddr(to);
    if (na && param(na.params, 'tag') === undefined) to = `${to};tag=${toTag}`;
  }
  h.add('To', to);
  h.add('Call-ID', req.headers.get('call-id') ?? '');
  h.add('CSeq', req.headers.get('cseq') ?? '');
  return { kind: 'response', status, reason: reason ?? REASONS[status] ?? 'Unknown', headers: h, body: Buffer.alloc(0) };
}

/** The branch of the top Via. */
export function topBranch(m: { headers: Headers }): string | undefined {
  const v = m.headers.first('via');
  if (v === undefined) return undefined;
  const via = parseVia(v);
  const b = via ? param(via.params, 'branch') : undefined;
  return typeof b === 'string' ? b : undefined;
}

/** The CSeq of a message, for matching a response to its client transaction (RFC 3261 §17.1.3); `undefined` when malformed. */
export function cseqOf(m: { headers: Headers }): { seq: number; method: string } | undefined {
  return readCSeq((m.headers.get('cseq') ?? '').trim());
}

/**
 * What `/^(\d+)\s+(\S+)$/` reads from `v`, by character code (every response received is matched
 * to its transaction by it; the expression allocated its match array each time).
 */
export function readCSeq(v: string): { seq: number; method: string } | undefined {
  const n = v.length;
  let i = 0;
  while (i < n && v.charCodeAt(i) >= 0x30 && v.charCodeAt(i) <= 0x39) i++;
  if (i === 0) return undefined;
  let j = i;
  while (j < n && isSpace(v.charCodeAt(j))) j++;
  if (j === i || j === n) return undefined;
  for (let k = j; k < n; k++) if (isSpace(v.charCodeAt(k))) return undefined;
  return { seq: Number(v.slice(0, i)), method: v.slice(j) };
}

export type { SipRequest };
