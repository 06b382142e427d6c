/**
 * One call on one telephone port as a state machine (RFC 3261 §13-15, RFC 3264, RFC 3311).
 * Outgoing: dialling → calling → talking, or cancelling after a hangup before the answer.
 * Incoming: ringing → answering → confirming (our 2xx re-sent until the ACK) → talking.
 * While talking, either side may change the session with re-INVITE or UPDATE (hold, resume, a
 * new address or codec): the talking state holds those offers and answers as a sub-machine of
 * their own (in-dialog-offer.ts). The dialog and the way its requests take (call-link.ts) and the
 * media (call-media.ts) are objects of their own too.
 * Each state holds its own timers; `enter` clears the old state's timers.
 */
import { ServerSettings as SipServerConfig } from '../settings';
import { ControlRefusal } from '../control';
import { Clock } from '../../util/clock';
import { SipRequest, SipResponse } from '../codec/message';
import { cseqOf, responseTo, topBranch } from '../codec/build';
import { parseNameAddr } from '../codec/header-values';
import { PortState, PortStatus, RefusedCall } from '../control';
import { CachedAuth } from '../request-block';
import { ChallengeCount, onChallenge } from '../registration/challenge';
import { Resolved } from '../resolver';
import { TimerValues } from '../transaction/context';
import { sameTransactionRequest } from '../transaction/invite-client';
import { TransactionLayer } from '../transaction/layer';
import { ServerTransaction } from '../transaction/server';
import { Received, Target, Transport } from '../transport/types';
import { CallSettings, RandomSource } from './call-settings';
import { CallDetails } from './call-status';
import { ViaInfo } from './dialog';
import { isDtmfDigits } from './dtmf';
import { Reliable2xx } from './reliable-2xx';
import { RtpEndpoint, RtpFactory } from './rtp';
import { OUR_MIN_SE, Session, SessionClock, hasOption, parseMinSe, sessionWords, uacNegotiate, uasNegotiate } from './session-timer';
import { SessionTimerSetting } from '../settings';
import { inviteRequest, refuseInvite } from './call-messages';
import { answerInfo } from './call-info';
import { CallLink } from './call-link';
import { CallMedia } from './call-media';
import { answerPrack, nextRack, reliableRinging } from './call-prack';
import { incomingDialog, outgoingDialog } from './call-dialogs';
import { CallRequestUser } from './call-request-user';
import { CallEvent } from './call-events';
import { CallState, IncomingInvite, Reliable1xx } from './call-state';
import { InDialogOffers, OfferCall, OfferEvent, sessionClock } from './in-dialog-offer';
import { checkOffer, parseSdp } from './sdp';

/** What a call needs of the engine. */
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
  settings(): CallSettings;
  readonly random: RandomSource;
}

/** One call on one port: its state machine, what `show status analog` shows of it, and what Phones asks of it. */
export class Call implements OfferCall {
  private st: CallState;
  /** What the port shows when the call is over. */
  private final: PortState = 'idle';
  reason: string | undefined;
  code: number | undefined;
  private talkingSince: number | undefined;
  private readonly media: CallMedia;
  private readonly link: CallLink;
  private via: ViaInfo | undefined;
  private auth: CachedAuth | undefined;
  /** Challenges answered for this call's INVITE (RFC 3261 §22.2, bounded). */
  private readonly challenges: ChallengeCount = { answered: 0, nonces: new Set(), fresh: false };
  /** The session timer granted to an incoming INVITE, armed with our 2xx (RFC 4028 §10), if any. */
  private session: Session | undefined;
  /** The Min-SE our INVITE carries: ours, or what a 422 asked for (RFC 4028 §7.1, §7.3). */
  private minSe = OUR_MIN_SE;
  /** The RSeq of the last reliable provisional we PRACKed (RFC 3262 §4). */
  private lastRseq: number | undefined;
  private retries422 = 0;
  /** The Session-Expires / Require headers of our 2xx to an incoming INVITE (RFC 4028 §9). */
  private sessionAnswer: readonly (readonly [string, string])[] = [];

  private constructor(
    readonly port: number,
    readonly direction: 'out' | 'in',
    readonly peer: string,
    readonly server: SipServerConfig | undefined,
    private readonly host: CallHost,
    initial: CallState,
  ) {
    this.st = initial;
    this.media = new CallMedia(host.random, (line) => this.log(line));
    this.link = new CallLink(host);
  }

  /** The current state's name (for tests and logs). */
  get kind(): CallState['kind'] {
    return this.st.kind;
  }

  /** The port's state as `show status analog` names it. */
  get state(): PortState {
    const s = this.st;
    switch (s.kind) {
      case 'dialling':
        return 'dialling';
      case 'calling':
        return s.ringing || s.early ? 'ringing' : 'calling';
      case 'cancelling':
        return 'idle';
      case 'ringing':
      case 'answering':
        return 'ringing';
      case 'confirming':
      case 'talking':
        return 'talking';
      case 'ended':
        return this.final;
    }
  }

  get callId(): string | undefined {
    return this.link.dialog?.callId;
  }

  get ended(): boolean {
    return this.st.kind === 'ended' || this.st.kind === 'cancelling';
  }

  /** Our To tag on an incoming call (all its responses and the CANCEL's carry it). */
  get localTag(): string | undefined {
    return this.link.dialog?.localTag;
  }

  status(now: number): PortStatus {
    return {
      port: this.port,
      state: this.state,
      peer: this.peer,
      server: this.server?.n,
      direction: this.direction,
      durationSeconds: this.talkingSince !== undefined && this.state === 'talking' ? Math.floor((now - this.talkingSince) / 1000) : undefined,
      rtpSent: this.media.sent,
      rtpReceived: this.media.received,
      reason: this.reason,
      code: this.code,
      details: this.details(now),
    };
  }

  private details(now: number): CallDetails {
    const s = this.st;
    const clock = s.kind === 'talking' ? s.offers.clock : s.kind === 'confirming' ? s.session : undefined;
    const m = this.media;
    const early = s.kind === 'calling' && s.early;
    return {
      condition: early ? 'early media' : s.kind === 'talking' && m.holding ? 'holding' : s.kind === 'talking' && m.held ? 'held' : undefined,
      callId: this.callId,
      lastResponse: this.link.lastResponse,
      sessionTimer: clock ? sessionWords(clock, now) : undefined,
      ...m.details(),
    };
  }

  // ---- the machine ----------------------------------------------------------------------------

  /** Leaves the current state (clearing its timers) and enters `next` (whose timers the caller armed). */
  private enter(next: CallState): void {
    const s = this.st;
    switch (s.kind) {
      case 'ringing':
        this.host.clock.clearTimer(s.noAnswer);
        if (next.kind !== 'answering') s.reliable?.timer.stop();
        break;
      case 'answering':
        s.reliable?.timer.stop();
        break;
      case 'confirming':
        s.reliable.stop();
        // The session clock started with our 2xx goes on into talking (see onTalking's ACK).
        if (next.kind !== 'talking' || next.offers.clock !== s.session) s.session?.stop();
        break;
      case 'talking':
        s.offers.stop();
        break;
      case 'dialling':
      case 'calling':
      case 'cancelling':
      case 'ended':
        break;
    }
    this.st = next;
  }

  /** One event; what it does depends on the state (every pair is decided here). */
  handle(e: CallEvent): void {
    const s = this.st;
    switch (s.kind) {
      case 'dialling':
        return this.onDialling(e);
      case 'calling':
        return this.onCalling(s, e);
      case 'cancelling':
        return this.onCancelling(s, e);
      case 'ringing':
        return this.onRinging(s, e);
      case 'answering':
        return this.onAnswering(s, e);
      case 'confirming':
      case 'talking':
        return this.onTalking(e);
      case 'ended':
        return this.onEnded(e);
    }
  }

  private onDialling(e: CallEvent): void {
    switch (e.type) {
      case 'ready': {
        this.link.target = e.target;
        this.media.attach(e.rtp);
        return this.sendInvite(false);
      }
      case 'setupFailed':
        return this.finish('failed', e.reason, undefined);
      case 'hangup':
        return this.finish('idle', undefined, undefined);
      case 'ack':
      case 'answer':
      case 'answerFailed':
      case 'answerReady':
      case 'backoffOver':
      case 'bye':
      case 'cancel':
      case 'hold':
      case 'info':
      case 'inviteFailed':
      case 'inviteResponse':
      case 'noAck':
      case 'noAnswer':
      case 'noPrack':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'prack':
      case 'refreshDue':
      case 'sessionExpired':
        return this.refuse(e);
    }
  }

  private onCalling(s: Extract<CallState, { kind: 'calling' }>, e: CallEvent): void {
    switch (e.type) {
      case 'inviteResponse': {
        if (e.req !== s.invite) return;
        const res = e.res;
        const st = res.status;
        this.link.heard(res);
        if (st < 200) {
          s.provisional = true;
          if (st === 180 || st === 183) s.ringing = true;
          if (st > 100 && this.rel100() && hasOption(res, 'require', '100rel')) this.sendPrack(res);
          // Early media (RFC 3261 §13.2.1 / RFC 3960): a 183 with SDP starts our RTP toward it.
          const sdp = st > 100 ? parseSdp(res.body) : undefined;
          if (sdp && this.media.useAnswer(sdp)) s.early = true;
          return;
        }
        if (st < 300) {
          this.link.establish(res);
          this.link.sendAck(res);
          const sdp = parseSdp(res.body);
          if (sdp) this.media.useAnswer(sdp);
          this.talkingSince = this.host.clock.now();
          this.enter(this.talkingState(sessionClock(this.host.clock, uacNegotiate(res, this.timerSetting()), this)));
          return;
        }
        if (st === 401 || st === 407) return this.challenged(res);
        if (st === 422) {
          // RFC 4028 §7.3: once more with the Min-SE the UAS asked for (a few times at most).
          const min = parseMinSe(res.headers.get('min-se'));
          if (min !== undefined && min > this.minSe && min <= 86400 && this.retries422++ < 2) {
            this.minSe = min;
            return this.sendInvite(s.freshAuth);
          }
        }
        if (st === 486 || st === 600) return this.finish('busy', res.reason, st);
        return this.finish('failed', res.reason, st);
      }
      case 'inviteFailed':
        if (e.req === s.invite) this.finish('failed', e.reason, undefined);
        return;
      case 'hangup': {
        this.enter({ kind: 'cancelling', invite: s.invite, provisional: s.provisional, cancelSent: false });
        this.media.close(); // the port is free now: no media, even if a 2xx still comes (it gets ACK and BYE)
        // Without a provisional response yet, the CANCEL waits for one (RFC 3261 §9.1); the port is free at once.
        if (s.provisional) this.sendCancel();
        this.host.ended(this);
        return;
      }
      case 'ack':
      case 'answer':
      case 'answerFailed':
      case 'answerReady':
      case 'backoffOver':
      case 'bye':
      case 'cancel':
      case 'hold':
      case 'info':
      case 'noAck':
      case 'noAnswer':
      case 'noPrack':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'prack':
      case 'ready':
      case 'refreshDue':
      case 'sessionExpired':
      case 'setupFailed':
        return this.refuse(e);
    }
  }

  private onCancelling(s: Extract<CallState, { kind: 'cancelling' }>, e: CallEvent): void {
    switch (e.type) {
      case 'inviteResponse': {
        if (e.req !== s.invite) return;
        if (e.res.status < 200) {
          s.provisional = true;
          if (!s.cancelSent) this.sendCancel();
          return;
        }
        if (e.res.status < 300) {
          // Answered after we hung up: ACK it and BYE it (RFC 3261 §15).
          this.link.establish(e.res);
          this.link.sendAck(e.res);
          this.link.bye();
        }
        return this.finish('idle', undefined, undefined);
      }
      case 'inviteFailed':
        return this.finish('idle', undefined, undefined);
      case 'ack':
      case 'answer':
      case 'answerFailed':
      case 'answerReady':
      case 'backoffOver':
      case 'bye':
      case 'cancel':
      case 'hangup':
      case 'hold':
      case 'info':
      case 'noAck':
      case 'noAnswer':
      case 'noPrack':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'prack':
      case 'ready':
      case 'refreshDue':
      case 'sessionExpired':
      case 'setupFailed':
        return this.refuse(e);
    }
  }

  private onRinging(s: Extract<CallState, { kind: 'ringing' }>, e: CallEvent): void {
    switch (e.type) {
      case 'answer': {
        this.enter({ kind: 'answering', tx: s.tx, invite: s.invite, r: s.r, offer: s.offer, reliable: s.reliable });
        this.host
          .rtp(this.host.localAddresses())
          .then((rtp) => this.handle({ type: 'answerReady', rtp }))
          .catch((err: unknown) => this.handle({ type: 'answerFailed', reason: `no RTP port: ${err instanceof Error ? err.message : String(err)}` }));
        return;
      }
      case 'cancel':
        s.tx.respond(this.response(s.invite, 487));
        return this.finish('idle', 'the caller gave up', undefined);
      case 'prack':
        return answerPrack(s, e.req, e.tx, this.link.dialog?.localTag);
      case 'noPrack':
        return this.prackMissing(s);
      case 'noAnswer':
        // The caller is told we are not there; the port stops ringing (and is free again).
        s.tx.respond(this.response(s.invite, 480));
        return this.finish('idle', 'no answer', 480);
      case 'hangup':
        s.tx.respond(this.response(s.invite, 603));
        return this.finish('idle', undefined, undefined);
      case 'ack':
      case 'answerFailed':
      case 'answerReady':
      case 'backoffOver':
      case 'bye':
      case 'hold':
      case 'info':
      case 'inviteFailed':
      case 'inviteResponse':
      case 'noAck':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'ready':
      case 'refreshDue':
      case 'sessionExpired':
      case 'setupFailed':
        return this.refuse(e);
    }
  }

  private onAnswering(s: Extract<CallState, { kind: 'answering' }>, e: CallEvent): void {
    switch (e.type) {
      case 'answerReady': {
        this.media.attach(e.rtp);
        const answer = this.media.answerTo(s.offer, this.host.localAddresses());
        if (!answer.ok) {
          s.tx.respond(this.link.refusal(s.invite, this.rel100(), answer.warning, answer.reason));
          return this.finish('failed', answer.reason, 488);
        }
        const ok = this.response(s.invite, 200, answer.sdp);
        for (const [name, value] of this.sessionAnswer) ok.headers.add(name, value);
        s.tx.respond(ok);
        this.media.take(s.offer, answer);
        this.talkingSince = this.host.clock.now();
        const dest = s.r.source;
        const reliable = new Reliable2xx(this.host.clock, this.host.timers(), dest.transport === 'udp', () => this.host.layer.sendStateless(ok, dest, s.r.connection), () => this.handle({ type: 'noAck' }));
        // RFC 4028 §10: the UAS counts the session as refreshed when it sends the 2xx, so the
        // session clock starts now, not at the ACK.
        this.enter({ kind: 'confirming', reliable, session: sessionClock(this.host.clock, this.session, this) });
        return;
      }
      case 'prack':
        return answerPrack(s, e.req, e.tx, this.link.dialog?.localTag);
      case 'noPrack':
        return this.prackMissing(s);
      case 'answerFailed':
        s.tx.respond(this.response(s.invite, 500));
        return this.finish('failed', e.reason, undefined);
      case 'cancel':
        s.tx.respond(this.response(s.invite, 487));
        return this.finish('idle', 'the caller gave up', undefined);
      case 'hangup':
        s.tx.respond(this.response(s.invite, 603));
        return this.finish('idle', undefined, undefined);
      case 'ack':
      case 'answer':
      case 'backoffOver':
      case 'bye':
      case 'hold':
      case 'info':
      case 'inviteFailed':
      case 'inviteResponse':
      case 'noAck':
      case 'noAnswer':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'ready':
      case 'refreshDue':
      case 'sessionExpired':
      case 'setupFailed':
        return this.refuse(e);
    }
  }

  /** Confirming and talking share everything but the ACK for our answer and what the offers take (offered). */
  private onTalking(e: CallEvent): void {
    const s = this.st;
    switch (e.type) {
      case 'ack':
        if (s.kind === 'confirming') return this.enter(this.talkingState(s.session));
        return this.offered(e);
      case 'noAck':
        this.link.bye();
        return this.finish('failed', 'no ACK for our answer', undefined);
      case 'bye':
        return this.finish('idle', 'the other party hung up', undefined);
      case 'hangup':
        this.link.bye();
        return this.finish('idle', undefined, undefined);
      case 'info':
        return this.infoReceived(e.req, e.tx);
      case 'hold':
      case 'offer':
      case 'offerResponse':
      case 'offerFailed':
      case 'backoffOver':
      case 'refreshDue':
        return this.offered(e);
      case 'sessionExpired':
        // RFC 4028 §10: nobody refreshed the session in time.
        this.link.bye();
        return this.finish('idle', 'session expired without a refresh (RFC 4028)', undefined);
      case 'inviteResponse':
        // A retransmitted 2xx to our INVITE: ACK it again.
        if (e.res.status >= 200 && e.res.status < 300) this.link.resendAck(e.res);
        return;
      case 'answer':
      case 'answerFailed':
      case 'answerReady':
      case 'cancel':
      case 'inviteFailed':
      case 'noAnswer':
      case 'noPrack':
      case 'prack':
      case 'ready':
      case 'setupFailed':
        return this.refuse(e);
    }
  }

  /**
   * An event for the talking state's offers (in-dialog-offer.ts), which may find the dialog gone.
   * Before the ACK (confirming) an offer of theirs gets 491 and a 2xx is ACKed again; the rest waits.
   */
  private offered(e: OfferEvent): void {
    const s = this.st;
    if (s.kind !== 'talking') {
      if (e.type === 'offer') this.refuse(e);
      else if (e.type === 'offerResponse' && e.res.status >= 200 && e.res.status < 300) this.link.resendAck(e.res);
      return;
    }
    const failed = s.offers.handle(e);
    if (!failed) return;
    if (failed.bye) this.link.bye();
    this.finish('failed', failed.reason, failed.code);
  }

  private onEnded(e: CallEvent): void {
    switch (e.type) {
      case 'answerReady':
      case 'ready':
        e.rtp.close();
        return;
      case 'inviteResponse':
        if (e.res.status >= 200 && e.res.status < 300) this.link.resendAck(e.res);
        return;
      case 'ack':
      case 'answer':
      case 'answerFailed':
      case 'backoffOver':
      case 'bye':
      case 'cancel':
      case 'hangup':
      case 'hold':
      case 'info':
      case 'inviteFailed':
      case 'noAck':
      case 'noAnswer':
      case 'noPrack':
      case 'offer':
      case 'offerFailed':
      case 'offerResponse':
      case 'prack':
      case 'refreshDue':
      case 'sessionExpired':
      case 'setupFailed':
        return;
    }
  }

  /** An event the state has no use for: in-dialog requests get an answer, the rest is dropped. */
  private refuse(e: CallEvent): void {
    if (e.type === 'offer' || e.type === 'info') e.tx.respond(responseTo(e.req, 491));
    if (e.type === 'prack') e.tx.respond(responseTo(e.req, 481)); // no reliable provisional waits for it (RFC 3262 §3)
    if (e.type === 'ready' || e.type === 'answerReady') e.rtp.close();
  }

  // ---- outgoing -------------------------------------------------------------------------------

  /** Lifts the handset on `port` and calls `requestUri` through `server`. */
  static dial(port: number, requestUri: string, server: SipServerConfig, host: CallHost): Call {
    const call = new Call(port, 'out', requestUri, server, host, { kind: 'dialling' });
    void call.setup(requestUri, server);
    return call;
  }

  private async setup(requestUri: string, server: SipServerConfig): Promise<void> {
    try {
      const r = await this.host.resolve(server);
      if (!r.ok) return this.handle({ type: 'setupFailed', reason: r.reason });
      const target: Target = { transport: server.transport, address: r.address, port: server.server.port ?? 5060 };
      const local = this.host.transport.local(target);
      this.via = { transport: server.transport, host: local.address, port: local.port };
      this.media.localAddress = local.address;
      this.link.dialog = outgoingDialog(server, requestUri, this.via, this.host.random);
      let rtp: RtpEndpoint;
      try {
        rtp = await this.host.rtp(this.host.localAddresses());
      } catch (e) {
        return this.handle({ type: 'setupFailed', reason: `no RTP port: ${e instanceof Error ? e.message : String(e)}` });
      }
      this.handle({ type: 'ready', target, rtp });
    } catch (e) {
      this.handle({ type: 'setupFailed', reason: `internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private sendInvite(freshAuth: boolean): void {
    const d = this.link.dialog;
    const target = this.link.target;
    if (!d || !target || !this.via) return;
    const parts = { via: this.via, server: this.server, auth: this.auth, rel100: this.rel100(), setting: this.timerSetting(), minSe: this.minSe, userAgent: this.host.settings().userAgent };
    this.challenges.fresh = freshAuth;
    const req = inviteRequest(d, parts, this.media.inviteOffer());
    this.enter({ kind: 'calling', invite: req, provisional: false, ringing: false, early: false, freshAuth });
    this.host.layer.sendRequest(req, target, new CallRequestUser(this, req, false));
  }

  /**
   * 401/407: once more with credentials, bounded as registration is (registration/challenge.ts):
   * a second challenge that is not `stale` fails, and so does one too many.
   */
  private challenged(res: SipResponse): void {
    const out = onChallenge(res, this.server?.user, this.challenges);
    if (out.kind === 'refuse') return this.finish('failed', out.reason, res.status);
    this.auth = out.auth;
    this.sendInvite(true);
  }

  /** A 2xx no transaction took (for this call's Call-ID): the ACK again, if it was ours. */
  strayResponse(res: SipResponse): void {
    if (res.status >= 200 && res.status < 300 && cseqOf(res)?.method === 'INVITE') this.link.resendAck(res);
  }

  private sendCancel(): void {
    const s = this.st;
    const target = this.link.target;
    if (s.kind !== 'cancelling' || s.cancelSent || !target) return;
    s.cancelSent = true;
    const cancel = sameTransactionRequest(s.invite, 'CANCEL', undefined);
    const done = (): void => this.handle({ type: 'inviteFailed', req: s.invite, reason: 'cancelled' });
    this.host.layer.sendRequest(cancel, target, { response: () => undefined, timeout: done, transportError: done });
  }

  // ---- DTMF -----------------------------------------------------------------------------------

  /** SIP INFO (answerInfo): a DTMF digit it carried counts as received. */
  private infoReceived(req: SipRequest, tx: ServerTransaction): void {
    const digit = answerInfo(req, tx);
    if (digit !== undefined) this.media.digitReceived(digit);
  }

  // ---- incoming -------------------------------------------------------------------------------

  /**
   * An INVITE for the router: 100, then 180 with our tag; the port rings until the no-answer time.
   * A refusal when the offer is unusable (488 with a Warning sent) or the session interval too
   * small (422).
   */
  static incomingInvite(port: number, req: SipRequest, tx: ServerTransaction, r: Received, server: SipServerConfig | undefined, host: CallHost): Call | { readonly refused: RefusedCall } {
    const offer = parseSdp(req.body);
    const from = parseNameAddr(req.headers.get('from') ?? '');
    const dialog = incomingDialog(req, from?.uri, r.source.transport, host.transport.local(r.source), host.random);
    const caller = from?.uri ?? 'unknown';
    const log = (line: string): void => host.log(`TEL${port}: ${line}`);
    const checked = checkOffer(offer, host.localAddresses());
    if (!checked.ok || !offer) {
      const reason = checked.ok ? 'no audio stream in the offer' : checked.reason;
      return refuseInvite(req, tx, dialog.localTag, 488, ['Warning', `${checked.ok ? 305 : checked.warning} sipsh "${reason}"`], reason, caller, log);
    }
    const timer = uasNegotiate(req, server?.sessionTimer ?? host.settings().sessionTimer);
    if (timer.kind === 'too-small') {
      // RFC 4028 §9: below our Min-SE.
      const reason = `session interval below ${timer.minSe} s (RFC 4028)`;
      return refuseInvite(req, tx, dialog.localTag, 422, ['Min-SE', String(timer.minSe)], reason, caller, log);
    }
    const seconds = host.settings().noAnswerSeconds;
    const call = new Call(port, 'in', caller, server, host, { kind: 'dialling' });
    call.link.dialog = dialog;
    call.link.target = r.source;
    call.link.connection = r.connection;
    call.media.offered(offer, checked.payload);
    if (timer.kind === 'session') {
      call.session = timer.session;
      call.sessionAnswer = timer.headers;
    }
    tx.respond(responseTo(req, 100));
    const ringing = call.response(req, 180);
    let reliable: Reliable1xx | undefined;
    if (call.rel100() && (hasOption(req, 'require', '100rel') || hasOption(req, 'supported', '100rel'))) {
      reliable = reliableRinging(ringing, tx, host.clock, host.timers(), host.random, () => call.handle({ type: 'noPrack' }));
    }
    tx.respond(ringing);
    call.link.lastResponse = '180 Ringing';
    const noAnswer = seconds > 0 ? host.clock.setTimer(seconds * 1000, () => call.handle({ type: 'noAnswer' })) : undefined;
    call.enter({ kind: 'ringing', tx, invite: req, r, offer, noAnswer, reliable });
    return call;
  }

  /** A response to a request of this call's dialog (CallLink.response). */
  private response(req: SipRequest, status: number, sdp?: Buffer): SipResponse {
    return this.link.response(req, status, this.rel100(), sdp);
  }

  // ---- session timers and 100rel --------------------------------------------------------------

  /** The session-timer setting of this call: its server's, else `sip session timer`. */
  timerSetting(): SessionTimerSetting | undefined {
    return this.server?.sessionTimer ?? this.host.settings().sessionTimer;
  }

  /** `sip server 100rel N`, else `sip 100rel`. */
  rel100(): boolean {
    return this.server?.rel100 ?? this.host.settings().rel100;
  }

  /** The talking state: its offers, with the agreed session timer armed (or the one armed with our 2xx, for an incoming call). */
  private talkingState(session: SessionClock | undefined): CallState {
    return { kind: 'talking', offers: new InDialogOffers(this, this.link, this.media, this.host, session, this.minSe) };
  }

  /** RFC 3262 §4: a reliable provisional response gets a PRACK with RAck (once per RSeq, in order). */
  private sendPrack(res: SipResponse): void {
    const next = nextRack(res, this.lastRseq);
    if (!next) return;
    this.lastRseq = next.rseq;
    this.link.establish(res); // the early dialog the PRACK belongs to (RFC 3261 §12.1.2)
    const out = this.link.inDialog('PRACK');
    if (!out) return;
    out.req.headers.add('RAck', next.rack);
    const failed = (reason: string): void => this.log(`PRACK failed: ${reason}`);
    this.link.send(out.req, out.target, { response: () => undefined, timeout: () => failed('no answer (Timer F)'), transportError: failed });
  }

  /** No PRACK for 64 x T1: the INVITE is refused with a 5xx (RFC 3262 §3). */
  private prackMissing(s: IncomingInvite): void {
    s.tx.respond(this.response(s.invite, 500));
    this.finish('failed', 'no PRACK for our reliable 180 (RFC 3262)', 500);
  }

  // ---- what Phones calls ----------------------------------------------------------------------

  /** `phone P answer`. */
  answer(): void {
    this.handle({ type: 'answer' });
  }

  /** `phone P hold` / `phone P resume`; a refusal, or undefined. */
  hold(on: boolean): ControlRefusal | undefined {
    const s = this.st;
    if (s.kind !== 'talking') return { kind: 'not-talking', port: this.port };
    if (this.media.holding === on && !s.offers.offering) return on ? { kind: 'already-held', port: this.port } : { kind: 'not-held', port: this.port };
    this.handle({ type: 'hold', on });
    return undefined;
  }

  /** `phone P dtmf DIGITS`: RFC 4733 events on the RTP stream; a refusal, or undefined. */
  dtmf(digits: string): ControlRefusal | undefined {
    if (!isDtmfDigits(digits)) return { kind: 'bad-dtmf-digits' };
    if (this.st.kind !== 'talking' && this.st.kind !== 'confirming') return { kind: 'not-talking', port: this.port };
    const refused = this.media.sendDigits(digits);
    return refused !== undefined ? { kind: refused, port: this.port } : undefined;
  }

  /** The ACK for a 2xx we sent. */
  acked(req: SipRequest): void {
    this.handle({ type: 'ack', req });
  }

  /** CANCEL for the ringing INVITE: 487 to the INVITE; the port stops ringing. False when there is nothing to cancel. */
  cancelled(): boolean {
    const k = this.st.kind;
    if (k !== 'ringing' && k !== 'answering') return false;
    this.handle({ type: 'cancel' });
    return true;
  }

  /** Does this in-dialog request belong to this call? */
  matches(req: SipRequest): boolean {
    return this.link.matches(req);
  }

  /** Is this CANCEL for our ringing INVITE (same branch and sent-by, RFC 3261 §9.2 / §17.2.3)? */
  isCancelOf(cancel: SipRequest): boolean {
    const s = this.st;
    const invite = s.kind === 'ringing' || s.kind === 'answering' ? s.invite : undefined;
    const topVia = (m: SipRequest): string | undefined => m.headers.list('via')[0]?.split(';')[0]?.trim().toLowerCase();
    return invite !== undefined && cancel.headers.get('call-id') === invite.headers.get('call-id') && topBranch(cancel) === topBranch(invite) && topVia(cancel) === topVia(invite);
  }

  /** BYE from the other side. */
  byeReceived(): void {
    this.handle({ type: 'bye' });
  }

  /** `phone P hangup`. */
  hangup(): void {
    this.handle({ type: 'hangup' });
  }

  /** A line about this call in the engine's log. */
  log(line: string): void {
    this.host.log(`TEL${this.port}: ${line}`);
  }

  private finish(state: PortState, reason: string | undefined, code: number | undefined): void {
    if (this.st.kind === 'ended') return;
    const wasReleased = this.st.kind === 'cancelling';
    this.enter({ kind: 'ended' });
    this.media.close();
    this.final = state;
    this.reason = reason;
    this.code = code;
    this.log(`call ${this.direction === 'out' ? 'to' : 'from'} ${this.peer} ended${reason !== undefined ? `: ${code !== undefined ? `${code} ` : ''}${reason}` : ''}`);
    if (!wasReleased) this.host.ended(this);
  }
}
