/**
 * A call's dialog and the way its requests take (RFC 3261 §12): the dialog once there is one, the
 * hop that requests go to when the dialog names no better one, the connection of an incoming call,
 * our ACK of the last 2xx (sent again for a retransmitted 2xx), and the last response sent or got.
 */
import { cseqOf } from '../codec/build';
import { SipRequest, SipResponse } from '../codec/message';
import { ClientUser } from '../transaction/context';
import { TransactionLayer } from '../transaction/layer';
import { Target, Transport } from '../transport/types';
import { callResponse } from './call-messages';
import { Dialog, contactUri, detached, inDialogRequest, nextHop, tagParam, uacRouteSet } from './dialog';

/** What the link needs of the engine (part of the call's host). */
export interface LinkHost {
  readonly layer: TransactionLayer;
  readonly transport: Transport;
}

const ignore = { response: (): void => undefined, timeout: (): void => undefined, transportError: (): void => undefined };

/** One call's dialog, and the requests and responses that go through it. */
export class CallLink {
  /** The dialog: ours from the start of an outgoing call, as soon as we take the INVITE of an incoming one. */
  dialog: Dialog | undefined;
  /** Where requests go when the dialog names no better hop: the server, or where the INVITE came from. */
  target: Target | undefined;
  /** The connection an incoming call came on (TCP), for requests back. */
  connection: number | undefined;
  /** The last response we sent or got, e.g. `200 OK` (`show status analog`). */
  lastResponse: string | undefined;
  /** The last ACK we sent for a 2xx, sent again for a retransmitted 2xx. */
  private ack: SipRequest | undefined;

  constructor(private readonly host: LinkHost) {}

  /** A response to our INVITE: its To tag, Contact and Record-Route make the dialog (RFC 3261 §12.1.2). */
  establish(res: SipResponse): void {
    const d = this.dialog;
    if (!d) return;
    d.remoteTag = detached(tagParam(res.headers.get('to')));
    d.remoteTarget = detached(contactUri(res.headers)) ?? d.remoteTarget;
    d.routeSet = uacRouteSet(res.headers.list('record-route'));
  }

  /** Does this in-dialog request belong to this dialog? */
  matches(req: SipRequest): boolean {
    const d = this.dialog;
    if (!d || req.headers.get('call-id') !== d.callId) return false;
    return tagParam(req.headers.get('to')) === d.localTag && tagParam(req.headers.get('from')) === d.remoteTag;
  }

  private hop(): Target | undefined {
    const d = this.dialog;
    if (!d || !this.target) return undefined;
    return nextHop(d.remoteTarget, d.routeSet, this.target);
  }

  /** A new request in the dialog (`seq`: the CSeq of the INVITE an ACK is for) and where it goes; none without a dialog. */
  inDialog(method: string, seq?: number): { readonly req: SipRequest; readonly target: Target } | undefined {
    const d = this.dialog;
    const target = this.hop();
    if (!d || !target) return undefined;
    const local = this.host.transport.local(target);
    return { req: inDialogRequest(d, method, { transport: target.transport, host: local.address, port: local.port }, seq), target };
  }

  /** Sends a request of the dialog (on the incoming call's connection). */
  send(req: SipRequest, target: Target, user: ClientUser): void {
    this.host.layer.sendRequest(req, target, user, this.connection);
  }

  /** BYE, its answer not waited for. */
  bye(): void {
    const out = this.inDialog('BYE');
    if (out) this.send(out.req, out.target, ignore);
  }

  /** The ACK for a 2xx to our INVITE or re-INVITE. */
  sendAck(res: SipResponse): void {
    const out = this.inDialog('ACK', cseqOf(res)?.seq ?? 0);
    if (!out) return;
    this.ack = out.req;
    this.host.layer.sendStateless(out.req, out.target, this.connection);
  }

  /** A 2xx retransmitted after its transaction ended: ACK it again (only the 2xx our last ACK was for). */
  resendAck(res: SipResponse): void {
    const target = this.hop();
    if (this.ack && target && cseqOf(res)?.seq === cseqOf(this.ack)?.seq) this.host.layer.sendStateless(this.ack, target, this.connection);
  }

  /** A response to a request of the dialog (callResponse), a final one kept as the last response. `rel100`: the call's 100rel setting. */
  response(req: SipRequest, status: number, rel100: boolean, sdp?: Buffer): SipResponse {
    const res = callResponse(req, status, this.dialog, rel100, sdp);
    if (status >= 200) this.lastResponse = `${status} ${res.reason}`;
    return res;
  }

  /** 488 with a Warning saying why (RFC 3261 §20.43). */
  refusal(req: SipRequest, rel100: boolean, warning: number, reason: string): SipResponse {
    const res = this.response(req, 488, rel100);
    res.headers.add('Warning', `${warning} sipsh "${reason.replace(/"/g, "'")}"`);
    this.lastResponse = `488 ${res.reason} (${reason})`;
    return res;
  }

  /** A response to a request of ours, kept as the last response. */
  heard(res: SipResponse): void {
    this.lastResponse = `${res.status} ${res.reason}`;
  }
}
