/**
 * The former REGISTER builder (Headers, then `serialize`), as src/sip/registration/request.ts had
 * it before `writeRegister` wrote the bytes directly: kept for the differential test
 * (write-register.test.ts) and for tests that want a REGISTER as a plain request.
 */
import { contactHeader } from '../../../src/sip/codec/build';
import { SipRequest } from '../../../src/sip/codec/message';
import { addCredentials, requestHeaders } from '../../../src/sip/request-block';
import { RegisterParts, registerFixed } from '../../../src/sip/registration/request';

/** One REGISTER; with `auth`, its nc is counted up and credentials are added; `branch` as the caller drew it (else a new one from `random`). */
export function buildRegister(p: RegisterParts, branch?: string): SipRequest {
  const s = p.server;
  const fixed = p.fixed ?? registerFixed(s);
  const requestUri = fixed.requestUri;
  const aor = fixed.aor;
  let contact = contactHeader(fixed.contactUser, p.contact ?? p.local);
  if (s.qvalue !== undefined) contact += `;q=${s.qvalue}`;
  const contacts = p.drop !== undefined ? [contact, `${contactHeader(fixed.contactUser, p.drop)};expires=0`] : [contact];
  const h = requestHeaders({ method: 'REGISTER', via: p.local, from: aor, fromTag: p.fromTag, to: aor, callId: p.callId, cseq: p.cseq, contacts, random: p.random, branch });
  h.add('Expires', String(p.expires));
  h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
  if (p.userAgent !== undefined) h.add('User-Agent', p.userAgent);
  addCredentials(h, p.auth, s, 'REGISTER', requestUri, p.random);
  return { kind: 'request', method: 'REGISTER', uri: requestUri, headers: h, body: Buffer.alloc(0) };
}
