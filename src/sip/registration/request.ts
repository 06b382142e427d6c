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
  /** The server's fixed parts when the caller keeps them (else written from `server`). */
  readonly fixed?: RegisterFixed | undefined;
  /** The Via branch when the caller drew it (else a new one from `random`). */
  readonly branch?: string | undefined;
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
}

/** The last Request-URI written, so that servers of one domain share the text. */
let lastRequestUri: { readonly text: string } | undefined;

/** The fixed parts of `s`'s REGISTERs. */
export function registerFixed(s: ServerSettings): RegisterFixed {
  const uri = parseSipUri(s.sipAddress);
  let requestUri = s.registerRequestUri ?? `sip:${uri.ok ? uriDomain(uri.value) : formatHost(s.server.host)}`;
  if (lastRequestUri?.text === requestUri) requestUri = lastRequestUri.text;
  else lastRequestUri = { text: requestUri };
  return { requestUri, aor: ourNameAddr(s), contactUser: s.user ?? (uri.ok ? uri.value.user : undefined) ?? 'sipsh' };
}

/** One REGISTER; with `auth`, its nc is counted up and credentials are added. */
export function buildRegister(p: RegisterParts): SipRequest {
  const s = p.server;
  const fixed = p.fixed ?? registerFixed(s);
  const requestUri = fixed.requestUri;
  const aor = fixed.aor;
  let contact = contactHeader(fixed.contactUser, p.contact ?? p.local);
  if (s.qvalue !== undefined) contact += `;q=${s.qvalue}`;
  const contacts = p.drop !== undefined ? [contact, `${contactHeader(fixed.contactUser, p.drop)};expires=0`] : [contact];
  const h = requestHeaders({ method: 'REGISTER', via: p.local, from: aor, fromTag: p.fromTag, to: aor, callId: p.callId, cseq: p.cseq, contacts, random: p.random, branch: p.branch });
  h.add('Expires', String(p.expires));
  h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
  if (p.userAgent !== undefined) h.add('User-Agent', p.userAgent);
  addCredentials(h, p.auth, s, 'REGISTER', requestUri, p.random);
  return { kind: 'request', method: 'REGISTER', uri: requestUri, headers: h, body: Buffer.alloc(0) };
}
