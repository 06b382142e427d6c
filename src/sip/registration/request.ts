/** Building one REGISTER of a registration (RFC 3261 §10.2) from the server's settings. */
import { formatHost } from '../../net/host';
import { Random } from '../../util/random';
import { LocalAddress, contactHeader, viaHeader } from '../codec/build';
import { detached } from '../codec/header-values';
import { Headers, WrittenRequest } from '../codec/message';
import { CachedAuth, credentials, ourNameAddr } from '../request-block';
import { ServerSettings } from '../settings';
import { parseSipUri, uriDomain } from '../uri';

export type { CachedAuth } from '../request-block';
export { quoteDisplayName } from '../request-block';

/** What varies from one REGISTER to the next. */
export interface RegisterParts {
  readonly server: ServerSettings;
  /** Our address as Via and Contact carry it. */
  readonly local: LocalAddress;
  /** The Contact as learned from the registrar (NAT), when it differs from `local`. */
  readonly contact: LocalAddress | undefined;
  /** A Contact registered before that is to be removed in the same REGISTER (expires=0). */
  readonly drop: LocalAddress | undefined;
  readonly callId: string;
  readonly fromTag: string;
  readonly cseq: number;
  readonly expires: number;
  readonly auth: CachedAuth | undefined;
  /** `undefined`: no User-Agent header (`sip user agent off`). */
  readonly userAgent: string | undefined;
  readonly random: Random;
  /** The server's fixed parts when the caller keeps them (else written from `server`). */
  readonly fixed?: RegisterFixed | undefined;
}

/**
 * What every REGISTER of one server repeats: its Request-URI, its address of record and the
 * Contact user. Written once per registration (profile: the sip address parse, then a map of
 * parses by text, was ~5% of a 10,000-server run, and the map ~300 bytes per server).
 */
export interface RegisterFixed {
  readonly requestUri: string;
  readonly aor: string;
  readonly contactUser: string;
  /**
   * The last Contact written (with the q-value) and the address it names: every REGISTER of a
   * registration names the same one, so the same flat string is used again. Profile (callgrind,
   * 3,000 registrations): each REGISTER wrote its Contact afresh as a chain of string pieces, and
   * the registration flattened it to compare it with the one it knew (String::SlowEquals), then
   * again to keep it (`detached`).
   */
  contact: WrittenContact | undefined;
}

/** A Contact value as written for one address. */
interface WrittenContact {
  readonly transport: string;
  readonly host: string;
  readonly port: number;
  readonly text: string;
}

/** The last Request-URI written, so that servers of one domain share the text. */
let lastRequestUri: { readonly text: string } | undefined;

/** The fixed parts of `s`'s REGISTERs. */
export function registerFixed(s: ServerSettings): RegisterFixed {
  const uri = parseSipUri(s.sipAddress);
  let requestUri = s.registerRequestUri ?? `sip:${uri.ok ? uriDomain(uri.value) : formatHost(s.server.host)}`;
  if (lastRequestUri?.text === requestUri) requestUri = lastRequestUri.text;
  else lastRequestUri = { text: requestUri };
  return { requestUri, aor: ourNameAddr(s), contactUser: s.user ?? (uri.ok ? uri.value.user : undefined) ?? 'sipsh', contact: undefined };
}

/** Our Contact for `at` with the server's q-value: the one written last when it names the same address. */
function ourContact(fixed: RegisterFixed, s: ServerSettings, at: LocalAddress): string {
  const last = fixed.contact;
  if (last !== undefined && last.port === at.port && last.host === at.host && last.transport === at.transport) return last.text;
  let contact = contactHeader(fixed.contactUser, at);
  if (s.qvalue !== undefined) contact += `;q=${s.qvalue}`;
  // Flat and holding nothing else: it is also what the registered state keeps.
  const text = detached(contact);
  fixed.contact = { transport: at.transport, host: at.host, port: at.port, text };
  return text;
}

/** The header values of one REGISTER as `writeRegister` wrote them: its Headers are made from these when read. */
export interface RegisterValues {
  readonly via: string;
  readonly aor: string;
  readonly fromTag: string;
  readonly callId: string;
  readonly cseq: number;
  /** Ours (a flat string holding nothing else, the same one for every REGISTER to one address), then the one to remove (`;expires=0`) when there is one. */
  readonly contact: string;
  readonly drop: string | undefined;
  readonly expires: number;
  readonly userAgent: string | undefined;
  readonly authHeader: string | undefined;
  readonly authValue: string | undefined;
}

/** The Headers of a written REGISTER: its fields in their order on the wire. */
function registerHeaders(v: RegisterValues): Headers {
  const h = new Headers();
  h.add('Via', v.via);
  h.add('Max-Forwards', '70');
  h.add('From', `${v.aor};tag=${v.fromTag}`);
  h.add('To', v.aor);
  h.add('Call-ID', v.callId);
  h.add('CSeq', `${v.cseq} REGISTER`);
  h.add('Contact', v.contact);
  if (v.drop !== undefined) h.add('Contact', v.drop);
  h.add('Expires', String(v.expires));
  h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
  if (v.userAgent !== undefined) h.add('User-Agent', v.userAgent);
  if (v.authHeader !== undefined && v.authValue !== undefined) h.add(v.authHeader, v.authValue);
  return h;
}

/**
 * One REGISTER (with `auth`, its nc counted up and credentials added), written straight to its
 * wire bytes: one text, no Headers object until one is read (the former builder, Headers then
 * `serialize`, is kept in test/sip/registration/former-build-register.ts for the differential
 * test: the same bytes, the same randomness drawn in the same order). `branch` is the Via branch
 * the caller drew.
 */
export function writeRegister(p: RegisterParts, branch: string): WrittenRequest<RegisterValues> {
  const s = p.server;
  const fixed = p.fixed ?? registerFixed(s);
  const requestUri = fixed.requestUri;
  const aor = fixed.aor;
  const contact = ourContact(fixed, s, p.contact ?? p.local);
  const drop = p.drop !== undefined ? `${contactHeader(fixed.contactUser, p.drop)};expires=0` : undefined;
  const via = viaHeader(p.local, p.random, branch);
  const authValue = credentials(p.auth, s, 'REGISTER', requestUri, p.random);
  const authHeader = authValue !== undefined ? p.auth?.header : undefined;
  let text = `REGISTER ${requestUri} SIP/2.0\r\nVia: ${via}\r\nMax-Forwards: 70\r\nFrom: ${aor};tag=${p.fromTag}\r\nTo: ${aor}\r\nCall-ID: ${p.callId}\r\nCSeq: ${p.cseq} REGISTER\r\nContact: ${contact}\r\n`;
  if (drop !== undefined) text += `Contact: ${drop}\r\n`;
  text += `Expires: ${p.expires}\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n`;
  if (p.userAgent !== undefined) text += `User-Agent: ${p.userAgent}\r\n`;
  if (authHeader !== undefined) text += `${authHeader}: ${authValue}\r\n`;
  text += 'Content-Length: 0\r\n\r\n';
  const values: RegisterValues = { via, aor, fromTag: p.fromTag, callId: p.callId, cseq: p.cseq, contact, drop, expires: p.expires, userAgent: p.userAgent, authHeader, authValue };
  // Written into a buffer of the text's length (one byte per character in latin1): what
  // `Buffer.from(text, 'latin1')` gives, without its second typed array over the pool (it sizes
  // its first view for four bytes per character, then cuts it) — ~0.4 µs per REGISTER.
  const wire = Buffer.allocUnsafe(text.length);
  wire.write(text, 0, 'latin1');
  return new WrittenRequest('REGISTER', requestUri, wire, values, registerHeaders);
}
