/**
 * SIP INFO within a call (RFC 6086): its answer, and the DTMF digit its body carries.
 */
import { responseTo } from '../codec/build';
import { SipRequest } from '../codec/message';
import { ServerTransaction } from '../transaction/server';
import { infoDigits } from './dtmf';

/** SIP INFO: DTMF bodies are taken and answered 200; other bodies 415 (RFC 6086 §4.2.2). Returns the digit taken, if any. */
export function answerInfo(req: SipRequest, tx: ServerTransaction): string | undefined {
  const type = req.headers.get('content-type');
  if (req.body.length === 0) {
    tx.respond(responseTo(req, 200));
    return undefined;
  }
  const digit = infoDigits(type, req.body);
  if (digit === undefined) {
    const res = responseTo(req, 415, 'Unsupported Media Type');
    res.headers.add('Accept', 'application/dtmf-relay, application/dtmf');
    tx.respond(res);
    return undefined;
  }
  tx.respond(responseTo(req, 200));
  return digit;
}
