/**
 * What a call's responses and requests carry whatever its state: the methods we allow, our
 * Supported option tags, and a response to a request of the call's dialog.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { responseTo } from '../codec/build';
import { Dialog } from './dialog';

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
