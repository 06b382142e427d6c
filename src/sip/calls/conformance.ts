/**
 * The checks RFC 3261 §8.2 makes before a request reaches the telephones, with the answers
 * RFC 4475 §3.1.2 expects: 416 for a Request-URI scheme we do not serve, 420 for an extension we
 * do not do, 415 for a body we cannot read, 400 for a CSeq that names another method.
 */
import { SipRequest } from '../codec/message';
import { cseqOf } from '../codec/build';

/** Option tags we always implement (RFC 3261 §19.2): `timer` (RFC 4028); `100rel` only when on. */
export const SUPPORTED_OPTIONS: readonly string[] = ['timer'];

/** A refusal: status, reason phrase, and headers to add. */
export interface Refusal {
  readonly status: 400 | 415 | 416 | 420;
  readonly reason: string;
  readonly headers: readonly (readonly [string, string])[];
}

/** Body types we read, by method. */
const BODY_TYPES: Record<string, readonly string[]> = {
  INVITE: ['application/sdp'],
  UPDATE: ['application/sdp'],
  ACK: ['application/sdp'],
};

/** What is wrong with a request, in the order of RFC 3261 §8.2.1-§8.2.3; undefined when nothing is. */
export function precheck(req: SipRequest, supported: readonly string[] = SUPPORTED_OPTIONS): Refusal | undefined {
  const cseq = cseqOf(req);
  if (!cseq || cseq.method !== req.method) return { status: 400, reason: 'Bad Request (CSeq method does not match the request)', headers: [] };
  if (req.method === 'ACK' || req.method === 'CANCEL') return undefined; // §8.2.2.3: never 420 for these
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(req.uri)?.[1]?.toLowerCase();
  if (scheme !== 'sip' && scheme !== 'sips') return { status: 416, reason: 'Unsupported URI Scheme', headers: [] };
  const required = req.headers
    .list('require')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  const unsupported = required.filter((t) => !supported.includes(t));
  if (unsupported.length > 0) return { status: 420, reason: 'Bad Extension', headers: [['Unsupported', unsupported.join(', ')]] };
  const accepted = BODY_TYPES[req.method];
  if (accepted && req.body.length > 0) {
    const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const encoding = (req.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (!accepted.includes(type) || encoding !== 'identity') {
      return { status: 415, reason: 'Unsupported Media Type', headers: [['Accept', accepted.join(', ')], ['Accept-Encoding', 'identity']] };
    }
  }
  return undefined;
}
