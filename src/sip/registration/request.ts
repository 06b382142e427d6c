/** Building one REGISTER of a registration (RFC 3261 §10.2) from the server's settings. */
import { formatHost } from '../../net/host';
import { Random } from '../../util/random';
import { LocalAddress, contactHeader, viaHeader } from '../codec/build';
import { Headers, SipRequest } from '../codec/message';
import { authorizationValue, newCnonce, DigestChallenge } from '../digest';
import { ServerSettings } from '../settings';
import { parseSipUri, uriDomain } from '../uri';

/** Credentials cached from the last challenge: reused with a growing nc (RFC 2617 §3.2.2). */
export interface CachedAuth {
  readonly header: 'Authorization' | 'Proxy-Authorization';
  readonly challenge: DigestChallenge;
  nc: number;
}

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
}

/** A display name as a quoted-string (RFC 3261 §25.1): quotes and backslashes escaped. */
export function quoteDisplayName(name: string): string {
  return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The sip address parsed once, not twice per REGISTER (profile: parseSipUri + parseHostPort of the
 * same address were a third of buildRegister). Keyed by the text, not the settings object: the
 * result is a function of the text alone. Bounded: cleared when full.
 */
const parsedAddresses = new Map<string, ReturnType<typeof parseSipUri>>();
const MAX_PARSED_ADDRESSES = 20_000;

function parsedAddress(text: string): ReturnType<typeof parseSipUri> {
  let r = parsedAddresses.get(text);
  if (r === undefined) {
    if (parsedAddresses.size >= MAX_PARSED_ADDRESSES) parsedAddresses.clear();
    r = parseSipUri(text);
    parsedAddresses.set(text, r);
  }
  return r;
}

/** The Request-URI: `register request-uri` when set, else sip:DOMAIN of the sip address. */
export function registerRequestUri(s: ServerSettings): string {
  if (s.registerRequestUri !== undefined) return s.registerRequestUri;
  const uri = parsedAddress(s.sipAddress);
  return `sip:${uri.ok ? uriDomain(uri.value) : formatHost(s.server.host)}`;
}

/** The Contact user: the user ID, else the user of the sip address. */
export function contactUser(s: ServerSettings): string {
  const uri = parsedAddress(s.sipAddress);
  return s.user ?? (uri.ok ? uri.value.user : undefined) ?? 'sipsh';
}

/** One REGISTER; with `auth`, its nc is counted up and credentials are added. */
export function buildRegister(p: RegisterParts): SipRequest {
  const s = p.server;
  const requestUri = registerRequestUri(s);
  const aor = s.displayName !== undefined ? `${quoteDisplayName(s.displayName)} <${s.sipAddress}>` : `<${s.sipAddress}>`;
  let contact = contactHeader(contactUser(s), p.contact ?? p.local);
  if (s.qvalue !== undefined) contact += `;q=${s.qvalue}`;
  const h = new Headers();
  h.add('Via', viaHeader(p.local, p.random));
  h.add('Max-Forwards', '70');
  h.add('From', `${aor};tag=${p.fromTag}`);
  h.add('To', aor);
  h.add('Call-ID', p.callId);
  h.add('CSeq', `${p.cseq} REGISTER`);
  h.add('Contact', contact);
  if (p.drop !== undefined) h.add('Contact', `${contactHeader(contactUser(s), p.drop)};expires=0`);
  h.add('Expires', String(p.expires));
  h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
  if (p.userAgent !== undefined) h.add('User-Agent', p.userAgent);
  if (p.auth !== undefined && s.user !== undefined) {
    p.auth.nc++;
    h.add(
      p.auth.header,
      authorizationValue({ challenge: p.auth.challenge, username: s.user, password: s.password ?? '', method: 'REGISTER', uri: requestUri, nc: p.auth.nc, cnonce: newCnonce(p.random) }),
    );
  }
  return { kind: 'request', method: 'REGISTER', uri: requestUri, headers: h, body: Buffer.alloc(0) };
}
