/** Building one REGISTER of a registration (RFC 3261 §10.2) from the server's settings. */
import { formatHost } from '../../net/host';
import { Random } from '../../util/random';
import { LocalAddress, contactHeader } from '../codec/build';
import { SipRequest } from '../codec/message';
import { CachedAuth, addCredentials, ourNameAddr, requestHeaders } from '../request-block';
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
  const aor = ourNameAddr(s);
  let contact = contactHeader(contactUser(s), p.contact ?? p.local);
  if (s.qvalue !== undefined) contact += `;q=${s.qvalue}`;
  const contacts = p.drop !== undefined ? [contact, `${contactHeader(contactUser(s), p.drop)};expires=0`] : [contact];
  const h = requestHeaders({ method: 'REGISTER', via: p.local, from: aor, fromTag: p.fromTag, to: aor, callId: p.callId, cseq: p.cseq, contacts, random: p.random });
  h.add('Expires', String(p.expires));
  h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
  if (p.userAgent !== undefined) h.add('User-Agent', p.userAgent);
  addCredentials(h, p.auth, s, 'REGISTER', requestUri, p.random);
  return { kind: 'request', method: 'REGISTER', uri: requestUri, headers: h, body: Buffer.alloc(0) };
}
