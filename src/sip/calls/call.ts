/**
 * One call on one telephone port, outgoing or incoming (RFC 3261 §13-15): INVITE with an SDP
 * offer, digest on 401/407, 1xx → calling/ringing, 2xx → ACK → talking, CANCEL before the answer,
 * BYE after it; for incoming calls 180, then 200 on answer (re-sent until the ACK), 487 on CANCEL.
 */
import { ServerSettings as SipServerConfig } from '../settings';
import { formatHost } from '../../net/host';
import { Clock, TimerHandle } from '../../util/clock';
import { VERSION } from '../../version';
import { Headers, SipRequest, SipResponse } from '../codec/message';
import { contactHeader, newCallId, newTag, responseTo, topBranch, viaHeader } from '../codec/build';
import { parseChallenge, parseNameAddr } from '../codec/header-values';
import { PortState, PortStatus } from '../control';
import { DigestChallenge, authorizationValue, chooseChallenge, newCnonce } from '../digest';
import { Resolved } from '../resolver';
import { TimerValues } from '../transaction/context';
import { sameTransactionRequest } from '../transaction/invite-client';
import { TransactionLayer } from '../transaction/layer';
import { ServerTransaction } from '../transaction/server';
import { Received, Target, Transport } from '../transport/types';
import { parseSipUri } from '../uri';
import { identityHeaders } from '../identity';
import { Dialog, ViaInfo, contactUri, inDialogRequest, nextHop, tagParam, uacRouteSet } from './dialog';
import { RtpEndpoint, RtpFactory } from './rtp';
import { MediaOffer, buildSdp, chooseCodec, parseSdp } from './sdp';

export interface CallHost {
  readonly layer: TransactionLayer;
  readonly transport: Transport;
  readonly clock: Clock;
  timers(): TimerValues;
  readonly rtp: RtpFactory;
  localAddresses(): readonly string[];
  resolve(server: SipServerConfig): Promise<Resolved>;
  log(line: string): void;
  /** The call has ended (its port shows `final` until the handset is put down). */
  ended(call: Call): void;
}

const OUR_PAYLOADS = [0, 8];

export class Call {
  state: PortState;
  reason: string | undefined;
  code: number | undefined;
  private talkingSince: number | undefined;
  private rtp: RtpEndpoint | undefined;
  private dialog: Dialog | undefined;
  private target: Target | undefined;
  private via: ViaInfo | undefined;
  private invite: SipRequest | undefined;
  private auth: { header: 'Authorization' | 'Proxy-Authorization'; challenge: DigestChallenge; nc: number } | undefined;
  private freshAuth = false;
  private gotProvisional = false;
  private cancelWanted = false;
  private ack: SipRequest | undefined;
  private remoteMedia: MediaOffer | undefined;
  private payload = 0;
  private readonly sessionId = Math.floor(Math.random() * 1e9);
  private retransmit: TimerHandle | undefined;
  private ackTimeout: TimerHandle | undefined;
  private finished = false;
  /** Incoming: the INVITE and its server transaction. */
  private incoming: { req: SipRequest; tx: ServerTransaction; r: Received; offer: MediaOffer } | undefined;

  private constructor(
    readonly port: number,
    readonly direction: 'out' | 'in',
    readonly peer: string,
    readonly server: SipServerConfig | undefined,
    private readonly host: CallHost,
  ) {
    this.state = direction === 'out' ? 'dialling' : 'ringing';
  }

  get callId(): string | undefined {
    return this.dialog?.callId ?? this.invite?.headers.get('call-id') ?? this.incoming?.req.headers.get('call-id');
  }

  get ended(): boolean {
    return this.finished;
  }

  status(now: number): PortStatus {
    return {
      port: this.port,
      state: this.state,
      peer: this.peer,
      server: this.server?.n,
      direction: this.direction,
      durationSeconds: this.talkingSince !== undefined && this.state === 'talking' ? Math.floor((now - this.talkingSince) / 1000) : undefined,
      rtpSent: this.rtp?.sent ?? this.lastCounts.sent,
      rtpReceived: this.rtp?.received ?? this.lastCounts.received,
      reason: this.reason,
      code: this.code,
    };
  }

  private lastCounts = { sent: 0, received: 0 };

  // ---- outgoing -------------------------------------------------------------------------------

  static dial(port: number, requestUri: string, server: SipServerConfig, host: CallHost): Call {
    const call = new Call(port, 'out', requestUri, server, host);
    call.start(requestUri).catch((e: unknown) => call.fail(`internal error: ${(e as Error).message}`, undefined));
    return call;
  }

  private async start(requestUri: string): Promise<void> {
    const server = this.server as SipServerConfig;
    const r = await this.host.resolve(server);
    if (this.finished) return;
    if (!r.ok) return this.fail(r.reason, undefined);
    this.target = { transport: server.transport, address: r.address, port: server.server.port ?? 5060 };
    const local = this.host.transport.local(this.target);
    this.via = { transport: server.transport, host: local.address, port: local.port };
    try {
      this.rtp = await this.host.rtp(this.host.localAddresses());
    } catch (e) {
      return this.fail(`no RTP port: ${(e as Error).message}`, undefined);
    }
    if (this.finished) {
      this.rtp.close();
      return;
    }
    const own = parseSipUri(server.sipAddress);
    const contactUser = server.user ?? (own.ok ? own.value.user : undefined) ?? 'sipsh';
    this.dialog = {
      callId: newCallId(formatHost(server.server.host)),
      localUri: server.sipAddress,
      localTag: newTag(),
      remoteUri: requestUri,
      remoteTag: undefined,
      localSeq: 0,
      remoteTarget: requestUri,
      routeSet: [],
      contact: contactHeader(contactUser, { transport: server.transport, host: local.address, port: local.port }),
    };
    this.state = 'calling';
    this.sendInvite();
  }

  private offer(): Buffer {
    const address = this.via?.host ?? '127.0.0.1';
    return buildSdp({ address, port: this.rtp?.port ?? 0, payloads: OUR_PAYLOADS }, this.sessionId);
  }

  private sendInvite(): void {
    const d = this.dialog as Dialog;
    const h = new Headers();
    h.add('Via', viaHeader(this.via as ViaInfo));
    h.add('Max-Forwards', '70');
    h.add('From', `<${d.localUri}>;tag=${d.localTag}`);
    h.add('To', `<${d.remoteUri}>`);
    h.add('Call-ID', d.callId);
    h.add('CSeq', `${++d.localSeq} INVITE`);
    h.add('Contact', d.contact);
    h.add('Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS');
    h.add('User-Agent', `sipsh/${VERSION}`);
    if (this.server) for (const [name, value] of identityHeaders(this.server)) h.add(name, value);
    this.freshAuth = false;
    if (this.auth && this.server?.user !== undefined) {
      this.auth.nc++;
      this.freshAuth = this.auth.nc === 1;
      h.add(this.auth.header, authorizationValue({ challenge: this.auth.challenge, username: this.server.user, password: this.server.password ?? '', method: 'INVITE', uri: d.remoteUri, nc: this.auth.nc, cnonce: newCnonce() }));
    }
    h.add('Content-Type', 'application/sdp');
    const req: SipRequest = { kind: 'request', method: 'INVITE', uri: d.remoteUri, headers: h, body: this.offer() };
    this.invite = req;
    this.gotProvisional = false;
    this.host.layer.sendRequest(req, this.target as Target, {
      response: (res) => this.onInviteResponse(res, req),
      timeout: () => this.fail('no answer (Timer B)', undefined),
      transportError: (reason) => this.fail(reason, undefined),
    });
  }

  private onInviteResponse(res: SipResponse, req: SipRequest): void {
    if (req !== this.invite) return;
    const st = res.status;
    if (st < 200) {
      this.gotProvisional = true;
      if (this.cancelWanted) this.sendCancel();
      else if (!this.finished && (st === 180 || st === 183)) this.state = 'ringing';
      return;
    }
    if (this.finished) {
      // Answered after we hung up: ACK it and BYE it (RFC 3261 §9.1 / §15).
      if (st < 300) {
        this.establish(res);
        this.sendAck(res);
        this.sendBye();
      }
      return;
    }
    if (st < 300 && this.state === 'talking') {
      this.strayResponse(res); // a retransmitted 2xx: ACK it again
      return;
    }
    if (st < 300) {
      this.establish(res);
      this.sendAck(res);
      if (this.cancelWanted) {
        this.sendBye();
        this.finish('idle', undefined, undefined);
        return;
      }
      this.remoteMedia = parseSdp(res.body);
      this.payload = this.remoteMedia ? (chooseCodec(this.remoteMedia) ?? 0) : 0;
      this.state = 'talking';
      this.talkingSince = this.host.clock.now();
      if (this.remoteMedia) this.rtp?.start(this.remoteMedia, this.payload);
      return;
    }
    if ((st === 401 || st === 407) && !this.cancelWanted) {
      const hdr = st === 401 ? 'www-authenticate' : 'proxy-authenticate';
      const chosen = chooseChallenge(res.headers.getAll(hdr).map(parseChallenge).filter((c) => c !== undefined));
      if (!chosen || this.server?.user === undefined) return this.fail(res.reason, st);
      if (this.freshAuth && !chosen.stale) return this.fail(`${res.reason} (authentication failed)`, st);
      this.auth = { header: st === 401 ? 'Authorization' : 'Proxy-Authorization', challenge: chosen, nc: 0 };
      this.sendInvite();
      return;
    }
    if (st === 487 && this.cancelWanted) return this.finish('idle', undefined, undefined);
    if (st === 486 || st === 600) return this.fail(res.reason, st, 'busy');
    this.fail(res.reason, st);
  }

  private establish(res: SipResponse): void {
    const d = this.dialog as Dialog;
    d.remoteTag = tagParam(res.headers.get('to'));
    d.remoteTarget = contactUri(res.headers) ?? d.remoteTarget;
    d.routeSet = uacRouteSet(res.headers.list('record-route'));
  }

  private inDialogTarget(): Target {
    const d = this.dialog as Dialog;
    return nextHop(d.remoteTarget, d.routeSet, this.target as Target);
  }

  private sendAck(res: SipResponse): void {
    const d = this.dialog as Dialog;
    const seq = Number((res.headers.get('cseq') ?? '0').trim().split(/\s+/)[0]);
    const target = this.inDialogTarget();
    const local = this.host.transport.local(target);
    this.ack = inDialogRequest(d, 'ACK', { transport: target.transport, host: local.address, port: local.port }, seq);
    this.host.layer.sendStateless(this.ack, target);
  }

  /** A 2xx retransmitted after the INVITE transaction ended: ACK it again. */
  strayResponse(res: SipResponse): void {
    if (res.status >= 200 && res.status < 300 && this.ack) this.host.layer.sendStateless(this.ack, this.inDialogTarget());
  }

  private cancelSent = false;

  private sendCancel(): void {
    const inv = this.invite;
    if (!inv || !this.target || this.cancelSent) return;
    this.cancelSent = true;
    const cancel = sameTransactionRequest(inv, 'CANCEL', undefined);
    this.host.layer.sendRequest(cancel, this.target, { response: () => undefined, timeout: () => this.finish('idle', undefined, undefined), transportError: () => this.finish('idle', undefined, undefined) });
  }

  private sendBye(): void {
    const d = this.dialog;
    if (!d) return;
    const target = this.inDialogTarget();
    const local = this.host.transport.local(target);
    const bye = inDialogRequest(d, 'BYE', { transport: target.transport, host: local.address, port: local.port });
    this.host.layer.sendRequest(bye, target, { response: () => undefined, timeout: () => undefined, transportError: () => undefined }, this.incoming?.r.connection);
  }

  // ---- incoming -------------------------------------------------------------------------------

  /** An INVITE for the router: 100, then 180 with our tag; the port rings. Undefined when the offer is unusable (488 sent). */
  static incomingInvite(port: number, req: SipRequest, tx: ServerTransaction, r: Received, server: SipServerConfig | undefined, host: CallHost): Call | undefined {
    const offer = parseSdp(req.body);
    if (!offer || chooseCodec(offer) === undefined) {
      tx.respond(responseTo(req, 488, undefined, newTag()));
      return undefined;
    }
    const from = parseNameAddr(req.headers.get('from') ?? '');
    const call = new Call(port, 'in', from?.uri ?? 'unknown', server, host);
    const local = host.transport.local(r.source);
    const reqUri = parseSipUri(req.uri);
    const user = reqUri.ok ? (reqUri.value.user ?? 'sipsh') : 'sipsh';
    call.dialog = {
      callId: req.headers.get('call-id') ?? '',
      localUri: parseNameAddr(req.headers.get('to') ?? '')?.uri ?? req.uri,
      localTag: newTag(),
      remoteUri: from?.uri ?? '',
      remoteTag: tagParam(req.headers.get('from')),
      localSeq: Math.floor(Math.random() * 10000),
      remoteTarget: contactUri(req.headers) ?? from?.uri ?? '',
      routeSet: req.headers.list('record-route'),
      contact: contactHeader(user, { transport: r.source.transport, host: local.address, port: local.port }),
    };
    call.target = r.source;
    call.incoming = { req, tx, r, offer };
    call.payload = chooseCodec(offer) ?? 0;
    call.remoteMedia = offer;
    tx.respond(responseTo(req, 100));
    tx.respond(call.response(180));
    return call;
  }

  /** A response to the incoming INVITE, with our To tag and Contact. */
  private response(status: number, body?: Buffer): SipResponse {
    const inc = this.incoming as NonNullable<Call['incoming']>;
    const d = this.dialog as Dialog;
    const res = responseTo(inc.req, status, undefined, d.localTag);
    for (const rr of inc.req.headers.getAll('record-route')) res.headers.add('Record-Route', rr);
    if (status > 100 && status < 300) res.headers.add('Contact', d.contact);
    if (body) {
      res.headers.add('Content-Type', 'application/sdp');
      return { ...res, body };
    }
    return res;
  }

  /** `phone P answer`: 200 with the SDP answer, re-sent until the ACK comes (RFC 3261 §13.3.1.4); never rejects (a failure ends the call with the reason). */
  answer(): Promise<void> {
    return this.answerNow().catch((e: unknown) => this.fail(`internal error: ${(e as Error).message}`, undefined));
  }

  private async answerNow(): Promise<void> {
    const inc = this.incoming;
    if (!inc || this.state !== 'ringing') return;
    try {
      this.rtp = await this.host.rtp(this.host.localAddresses());
    } catch (e) {
      inc.tx.respond(this.response(500));
      return this.fail(`no RTP port: ${(e as Error).message}`, undefined);
    }
    if (this.finished) {
      this.rtp.close();
      return;
    }
    const local = this.host.transport.local(inc.r.source);
    const ok = this.response(200, buildSdp({ address: local.address, port: this.rtp.port, payloads: [this.payload] }, this.sessionId));
    inc.tx.respond(ok);
    this.state = 'talking';
    this.talkingSince = this.host.clock.now();
    this.rtp.start(inc.offer, this.payload);
    const { t1, t2 } = this.host.timers();
    if (inc.r.source.transport === 'udp') {
      let interval = t1;
      const again = (): void => {
        this.host.layer.sendStateless(ok, inc.r.source);
        interval = Math.min(2 * interval, t2);
        this.retransmit = this.host.clock.setTimer(interval, again);
      };
      this.retransmit = this.host.clock.setTimer(interval, again);
    }
    this.ackTimeout = this.host.clock.setTimer(64 * t1, () => {
      this.host.clock.clearTimer(this.retransmit);
      this.sendBye();
      this.fail('no ACK for our answer', undefined);
    });
  }

  /** The ACK for our 2xx. */
  acked(): void {
    this.host.clock.clearTimer(this.retransmit);
    this.host.clock.clearTimer(this.ackTimeout);
  }

  /** CANCEL for the ringing INVITE: 487 to the INVITE; the port stops ringing. */
  cancelled(): boolean {
    const inc = this.incoming;
    if (!inc || this.state !== 'ringing' || inc.tx.finalSent) return false;
    inc.tx.respond(this.response(487));
    this.finish('idle', 'the caller gave up', undefined);
    return true;
  }

  /** Does this in-dialog request belong to this call? */
  matches(req: SipRequest): boolean {
    const d = this.dialog;
    if (!d || req.headers.get('call-id') !== d.callId) return false;
    return tagParam(req.headers.get('to')) === d.localTag && tagParam(req.headers.get('from')) === d.remoteTag;
  }

  /** Is this CANCEL for our ringing INVITE (same branch, RFC 3261 §9.2)? */
  isCancelOf(cancel: SipRequest): boolean {
    const inc = this.incoming;
    return inc !== undefined && cancel.headers.get('call-id') === inc.req.headers.get('call-id') && topBranch(cancel) === topBranch(inc.req);
  }

  /** BYE from the other side. */
  byeReceived(): void {
    this.finish('idle', 'the other party hung up', undefined);
  }

  // ---- both -----------------------------------------------------------------------------------

  /** `phone P hangup`. */
  hangup(): void {
    if (this.finished) return;
    if (this.direction === 'in' && this.state === 'ringing') {
      this.incoming?.tx.respond(this.response(603));
      this.finish('idle', undefined, undefined);
      return;
    }
    if (this.state === 'talking') {
      this.sendBye();
      this.finish('idle', undefined, undefined);
      return;
    }
    if (this.direction === 'out' && (this.state === 'calling' || this.state === 'ringing' || this.state === 'dialling')) {
      this.cancelWanted = true;
      if (this.gotProvisional) this.sendCancel();
      else if (!this.invite) this.finish('idle', undefined, undefined);
      // without a provisional response yet, the CANCEL goes when one comes (RFC 3261 §9.1);
      // the port is free at once either way.
      this.releasePort();
      return;
    }
    this.finish('idle', undefined, undefined);
  }

  private fail(reason: string, code: number | undefined, state: PortState = 'failed'): void {
    if (this.finished) return;
    this.finish(state, reason, code);
  }

  private finish(state: PortState, reason: string | undefined, code: number | undefined): void {
    this.host.clock.clearTimer(this.retransmit);
    this.host.clock.clearTimer(this.ackTimeout);
    if (this.rtp) {
      this.lastCounts = { sent: this.rtp.sent, received: this.rtp.received };
      this.rtp.close();
      this.rtp = undefined;
    }
    this.state = state;
    this.reason = reason;
    this.code = code;
    if (!this.finished) {
      this.finished = true;
      this.host.log(`TEL${this.port}: call ${this.direction === 'out' ? 'to' : 'from'} ${this.peer} ended${reason !== undefined ? `: ${code !== undefined ? `${code} ` : ''}${reason}` : ''}`);
      this.host.ended(this);
    }
  }

  private releasePort(): void {
    if (!this.finished) {
      this.finished = true;
      this.state = 'idle';
      if (this.rtp) {
        this.rtp.close();
        this.rtp = undefined;
      }
      this.host.ended(this);
    }
  }
}
