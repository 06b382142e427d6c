/**
 * What REGISTER and INVITE share as requests we originate outside a dialog (RFC 3261 §8.1.1):
 * the header block (Via, Max-Forwards, From with its tag, To, Call-ID, CSeq, Contact), our
 * address of record with the server's display name, and digest credentials counted on from the
 * cached challenge (RFC 3261 §22.2, RFC 2617 §3.2.2).
 */
import { Random } from '../util/random';
import { LocalAddress, viaHeader } from './codec/build';
import { Headers } from './codec/message';
import { DigestChallenge, DigestMemo, authorizationValue, newCnonce } from './digest';
import { ServerSettings } from './settings';

/** Credentials cached from the last challenge: reused with a growing nc (RFC 2617 §3.2.2). */
export interface CachedAuth {
  readonly header: 'Authorization' | 'Proxy-Authorization';
  readonly challenge: DigestChallenge;
  nc: number;
  /** HA1 kept from one request to the next (the client's own, carried over new challenges). */
  readonly memo?: DigestMemo | undefined;
}

/** The parts of the header block. */
export interface RequestBlock {
  readonly method: string;
  /** Our address as Via carries it. */
  readonly via: LocalAddress;
  /** From as a name-addr, without the tag. */
  readonly from: string;
  readonly fromTag: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  /** Contact header values, in order. */
  readonly contacts: readonly string[];
  /** For the Via branch; the system source when not given. */
  readonly random?: Random;
  /** The Via branch, when the caller drew it (to key its transaction without reading it back). */
  readonly branch?: string | undefined;
}

/** A display name as a quoted-string (RFC 3261 §25.1): quotes and backslashes escaped. */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `"Name" <sip:...>` with `sip server display name N`, else `<sip:...>`. */
export function ourNameAddr(s: ServerSettings): string {
  return s.displayName !== undefined ? `${quoteDisplayName(s.displayName)} <${s.sipAddress}>` : `<${s.sipAddress}>`;
}

/** Via, Max-Forwards, From, To, Call-ID, CSeq and Contact, in the order RFC 3261 §8.1.1 lists them. */
export function requestHeaders(b: RequestBlock): Headers {
  const h = new Headers();
  h.add('Via', b.branch !== undefined ? viaHeader(b.via, b.random, b.branch) : viaHeader(b.via, b.random));
  h.add('Max-Forwards', '70');
  h.add('From', `${b.from};tag=${b.fromTag}`);
  h.add('To', b.to);
  h.add('Call-ID', b.callId);
  h.add('CSeq', `${b.cseq} ${b.method}`);
  for (const c of b.contacts) h.add('Contact', c);
  return h;
}

/** Credentials for `method` and `uri` from the cached challenge (its nc counted up); nothing without a user ID. */
export function addCredentials(h: Headers, auth: CachedAuth | undefined, s: ServerSettings, method: string, uri: string, random?: Random): void {
  const value = credentials(auth, s, method, uri, random);
  if (auth !== undefined && value !== undefined) h.add(auth.header, value);
}

/** The value `addCredentials` adds (under `auth.header`), its nc counted up; undefined when it adds nothing. */
export function credentials(auth: CachedAuth | undefined, s: ServerSettings, method: string, uri: string, random?: Random): string | undefined {
  if (auth === undefined || s.user === undefined) return undefined;
  auth.nc++;
  return authorizationValue({ challenge: auth.challenge, username: s.user, password: s.password ?? '', method, uri, nc: auth.nc, cnonce: newCnonce(random), memo: auth.memo });
}
