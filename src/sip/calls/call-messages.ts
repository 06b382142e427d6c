/**
 * What a call's responses and requests carry whatever its state: the methods we allow, our
 * Supported option tags, a response to a request of the call's dialog, our INVITE, and the
 * refusal of an incoming INVITE.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { responseTo } from '../codec/build';
import { RefusedCall } from '../control';
import { identityHeaders } from '../identity';
import { CachedAuth, addCredentials, ourNameAddr, requestHeaders } from '../request-block';
import { ServerSettings as SipServerConfig, SessionTimerSetting } from '../settings';
import { ServerTransaction } from '../transaction/server';
import { Dialog, ViaInfo } from './dialog';
import { OUR_MIN_SE, uacSessionHeaders } from './session-timer';

/** The methods we allow (RFC 3261 §20.5), in every INVITE, 2xx and 405. */
export const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, PRACK';

/** Our Supported option tags (RFC 3261 §20.37); `rel100`: `sip server 100rel N`, else `sip 100rel`. */
export function supportedTags(rel100: boolean): string {
  return rel100 ? '100rel, timer' : 'timer';
}

/** A response to a request of this call's dialog, with our To tag (and Contact and SDP for 1xx/2xx to INVITE). */
export function callResponse(req: SipRequest, status: number, d: Dialog | undefined, rel100: boolean, sdp?: Buffer): SipResponse {
  const res = responseTo(req, status, undefined, d?.localTag);
  if (req.method === 'INVITE') for (const rr of req.headers.getAll('record-route')) res.headers.add('Record-Route', rr);
  if (status > 100 && status < 300 && d && (req.method === 'INVITE' || req.method === 'UPDATE')) res.headers.add('Contact', d.contact);
  if (status >= 200 && status < 300) res.headers.add('Allow', ALLOW);
  if (status >= 200 && status < 300 && (req.method === 'INVITE' || req.method === 'UPDATE')) res.headers.add('Supported', supportedTags(rel100));
  if (sdp) {
    res.headers.add('Content-Type', 'application/sdp');
    return { ...res, body: sdp };
  }
  return res;
}

/** What our INVITE carries besides its dialog and SDP (call.ts's sendInvite). */
export interface InviteParts {
  readonly via: ViaInfo;
  readonly server: SipServerConfig | undefined;
  readonly auth: CachedAuth | undefined;
  /** `sip server 100rel N`, else `sip 100rel`. */
  readonly rel100: boolean;
  /** The call's session-timer setting. */
  readonly setting: SessionTimerSetting | undefined;
  /** Ours, or what a 422 asked for (RFC 4028 §7.1, §7.3). */
  readonly minSe: number;
  readonly userAgent: string | undefined;
}

/** Our INVITE in dialog `d` (its CSeq counted on), with offer `sdp`. */
export function inviteRequest(d: Dialog, p: InviteParts, sdp: Buffer): SipRequest {
  // The header block and credentials REGISTER uses too (src/sip/request-block.ts).
  const from = p.server ? ourNameAddr(p.server) : `<${d.localUri}>`;
  const h = requestHeaders({ method: 'INVITE', via: p.via, from, fromTag: d.localTag, to: `<${d.remoteUri}>`, callId: d.callId, cseq: ++d.localSeq, contacts: [d.contact] });
  h.add('Allow', ALLOW);
  h.add('Supported', supportedTags(p.rel100));
  const setting = p.setting;
  if (setting !== undefined || p.minSe > OUR_MIN_SE) {
    // RFC 4028 §7.1: our interval (at least a 422's Min-SE) and who refreshes.
    for (const [name, value] of uacSessionHeaders(Math.max(setting?.seconds ?? 0, p.minSe), setting?.refresher ?? 'uac', p.minSe)) h.add(name, value);
  }
  const userAgent = p.userAgent;
  if (userAgent !== undefined) h.add('User-Agent', userAgent);
  if (p.server) for (const [name, value] of identityHeaders(p.server)) h.add(name, value);
  if (p.server) addCredentials(h, p.auth, p.server, 'INVITE', d.remoteUri);
  h.add('Content-Type', 'application/sdp');
  return { kind: 'request', method: 'INVITE', uri: d.remoteUri, headers: h, body: sdp };
}

/** Refuses an incoming INVITE with `code` (our To tag `localTag`, and `header` saying why), logs it, and returns the refused call. */
export function refuseInvite(req: SipRequest, tx: ServerTransaction, localTag: string, code: 488 | 422, header: readonly [string, string], reason: string, from: string, log: (line: string) => void): { readonly refused: RefusedCall } {
  const res = responseTo(req, code, undefined, localTag);
  res.headers.add(header[0], header[1]);
  tx.respond(res);
  log(`call from ${from} refused: ${code} ${reason}`);
  return { refused: { from, code, reason } };
}
