/**
 * The offers and answers of a talking call (RFC 3261 §14, RFC 3264, RFC 3311, RFC 4028): our
 * re-INVITE or UPDATE (hold, resume, the session timer's refresh) and its glare back-off, our answer
 * to theirs (its 2xx re-sent until the ACK), and the session clock that every 2xx starts again.
 * The talking state of the call (call.ts) holds one and hands it the events that are its own.
 */
import { Clock, TimerHandle } from '../../util/clock';
import { responseTo } from '../codec/build';
import { SipRequest, SipResponse } from '../codec/message';
import { SessionTimerSetting } from '../settings';
import { TimerValues } from '../transaction/context';
import { TransactionLayer } from '../transaction/layer';
import { ServerTransaction } from '../transaction/server';
import { Target } from '../transport/types';
import { CallEvent } from './call-events';
import { CallLink } from './call-link';
import { CallMedia } from './call-media';
import { ALLOW, supportedTags } from './call-messages';
import { CallEvents, CallRequestUser } from './call-request-user';
import { RandomSource } from './call-settings';
import { Reliable2xx } from './reliable-2xx';
import { parseSdp } from './sdp';
import { Session, SessionClock, parseMinSe, uacNegotiate, uacSessionHeaders, uasNegotiate } from './session-timer';

/** The events of a talking call that its offers take. */
export type OfferEvent = Extract<CallEvent, { type: 'ack' | 'hold' | 'offer' | 'offerResponse' | 'offerFailed' | 'backoffOver' | 'refreshDue' }>;

/** Our re-INVITE or UPDATE under way; `refresh` when only the session timer asked for it. */
type OutgoingOffer = { readonly req: SipRequest; readonly hold: boolean; readonly refresh: boolean };

/** Our side: no offer of ours out, one out (at most one at a time, RFC 3261 §14.1), or the back-off after a glare (491). */
type OurOffer = { readonly kind: 'none' } | ({ readonly kind: 'sent' } & OutgoingOffer) | { readonly kind: 'backoff'; readonly timer: TimerHandle };

const NONE: OurOffer = { kind: 'none' };

/** What the offers need of the engine (part of the call's host). */
export interface OfferHost {
  readonly clock: Clock;
  timers(): TimerValues;
  readonly random: RandomSource;
  /** Our 2xx to their re-INVITE goes out again without a transaction (RFC 3261 §13.3.1.4). */
  readonly layer: Pick<TransactionLayer, 'sendStateless'>;
  localAddresses(): readonly string[];
}

/** What the offers need of their call (call.ts); the events they arm (responses, timers) go to its `handle`. */
export interface OfferCall extends CallEvents {
  /** `out` when we own the Call-ID: our glare back-off is the longer one (RFC 3261 §14.1). */
  readonly direction: 'out' | 'in';
  /** The call's session-timer setting (its server's, else `sip session timer`). */
  timerSetting(): SessionTimerSetting | undefined;
  /** `sip server 100rel N`, else `sip 100rel`. */
  rel100(): boolean;
  /** A line about the call in the engine's log. */
  log(line: string): void;
}

/** The dialog is gone: the call fails with `reason` (after a BYE when `bye`). */
export type OfferFailure = { readonly reason: string; readonly code: number | undefined; readonly bye: boolean };

/** A session's clock (RFC 4028 §10), telling `call` when to refresh and when the session expired; none without a session timer. */
export function sessionClock(clock: Clock, session: Session | undefined, call: CallEvents): SessionClock | undefined {
  return session ? new SessionClock(clock, session, () => call.handle({ type: 'refreshDue' }), () => call.handle({ type: 'sessionExpired' })) : undefined;
}

/** The offers and answers of one talking call; `stop` clears their timers when the call leaves the talking state. */
export class InDialogOffers {
  private ours: OurOffer = NONE;
  /** A hold (true) or resume (false) to offer once nothing of ours is under way. */
  private wantHold: boolean | undefined;
  /** Our 2xx to their re-INVITE, re-sent until its ACK. */
  private answer: Reliable2xx | undefined;

  constructor(
    private readonly call: OfferCall,
    private readonly link: CallLink,
    private readonly media: CallMedia,
    private readonly host: OfferHost,
    /** The running session timer, if any (started with our 2xx for an incoming call). */
    private session: SessionClock | undefined,
    /** The Min-SE we send: ours, or what a 422 asked for (RFC 4028 §7.4). */
    private minSe: number,
  ) {}

  /** The session timer, for `show status analog`. */
  get clock(): SessionClock | undefined {
    return this.session;
  }

  /** Is one of our offers out (a hold or resume now would wait for its answer)? */
  get offering(): boolean {
    return this.ours.kind === 'sent';
  }

  /** One event; a failure when the dialog is gone. */
  handle(e: OfferEvent): OfferFailure | undefined {
    const ours = this.ours;
    switch (e.type) {
      case 'ack':
        // The ACK for our 2xx to their re-INVITE.
        this.answer?.stop();
        this.answer = undefined;
        return;
      case 'hold':
        this.wantHold = e.on;
        return this.sendOffer();
      case 'offer':
        this.offerReceived(e.req, e.tx);
        return;
      case 'offerResponse':
        return this.offerAnswered(e.req, e.res);
      case 'offerFailed':
        if (ours.kind !== 'sent' || ours.req !== e.req) return;
        this.ours = NONE;
        return { reason: `re-INVITE: ${e.reason}`, code: undefined, bye: true };
      case 'backoffOver':
        if (ours.kind !== 'backoff') return;
        this.ours = NONE;
        return this.sendOffer();
      case 'refreshDue':
        return this.sendRefresh();
    }
  }

  /** The call leaves the talking state: every timer stops. */
  stop(): void {
    this.answer?.stop();
    this.session?.stop();
    if (this.ours.kind === 'backoff') this.host.clock.clearTimer(this.ours.timer);
  }

  /** `phone P hold|resume`: a re-INVITE with sendonly / sendrecv (RFC 3264 §8.4). */
  private sendOffer(): undefined {
    if (this.ours.kind !== 'none' || this.wantHold === undefined) return;
    const out = this.link.inDialog('INVITE');
    if (!out) return;
    const hold = this.wantHold;
    this.wantHold = undefined;
    const req = out.req;
    req.headers.add('Allow', ALLOW);
    this.addSessionHeaders(req);
    req.headers.add('Content-Type', 'application/sdp');
    this.send({ req: { ...req, body: this.media.current(hold) }, hold, refresh: false }, out.target);
  }

  /**
   * The session timer's refresh (RFC 4028 §7.4 / §9): UPDATE without a body, or a re-INVITE with
   * our unchanged SDP (same version, RFC 3264 §8). An offer already out refreshes the session too.
   */
  private sendRefresh(): undefined {
    const session = this.session?.session;
    if (this.ours.kind !== 'none' || !session) return;
    const out = this.link.inDialog(session.update ? 'UPDATE' : 'INVITE');
    if (!out) return;
    const req = out.req;
    req.headers.add('Allow', ALLOW);
    this.addSessionHeaders(req);
    let refresh = req;
    if (!session.update) {
      req.headers.add('Content-Type', 'application/sdp');
      refresh = { ...req, body: this.media.current(this.media.holding, true) };
    }
    this.call.log(`session refresh (${req.method})`);
    this.send({ req: refresh, hold: this.media.holding, refresh: true }, out.target);
  }

  /** Supported, Session-Expires and Min-SE of our re-INVITE / UPDATE while a session timer runs (RFC 4028 §7.4). */
  private addSessionHeaders(req: SipRequest): void {
    req.headers.add('Supported', supportedTags(this.call.rel100()));
    const session = this.session?.session;
    if (!session) return;
    for (const [name, value] of uacSessionHeaders(Math.max(session.seconds, this.minSe), session.weRefresh ? 'uac' : 'uas', this.minSe)) req.headers.add(name, value);
  }

  /** Our offer goes out; what comes of it returns as `offerResponse` or `offerFailed`. */
  private send(out: OutgoingOffer, target: Target): void {
    this.ours = { kind: 'sent', ...out };
    this.link.send(out.req, target, new CallRequestUser(this.call, out.req, true));
  }

  /** A response to our re-INVITE or UPDATE (a 2xx retransmitted for an older one gets its ACK again). */
  private offerAnswered(req: SipRequest, res: SipResponse): OfferFailure | undefined {
    const ours = this.ours;
    if (ours.kind !== 'sent' || ours.req !== req) {
      if (res.status >= 200 && res.status < 300) this.link.resendAck(res);
      return;
    }
    if (res.status < 200) return;
    const { hold, refresh } = ours;
    this.ours = NONE;
    this.link.heard(res);
    if (res.status < 300) {
      if (req.method === 'INVITE') this.link.sendAck(res);
      this.media.holding = hold;
      const sdp = parseSdp(res.body);
      if (sdp) this.media.useAnswer(sdp);
      else this.media.apply();
      if (!refresh) this.call.log(hold ? 'on hold' : 'resumed');
      // Every 2xx to our re-INVITE / UPDATE sets the session timer anew (RFC 4028 §7.2, §7.4).
      this.restartSession(uacNegotiate(res, this.call.timerSetting()));
      return;
    }
    if (res.status === 422) {
      // RFC 4028 §7.4: the other side wants a longer interval; once more with its Min-SE.
      const min = parseMinSe(res.headers.get('min-se'));
      if (min !== undefined && min > this.minSe && min <= 86400) {
        this.minSe = min;
        this.wantHold = hold;
        return this.sendOffer();
      }
    }
    if (res.status === 491) {
      // Glare (RFC 3261 §14.1): the owner of the Call-ID waits 2.1-4 s, the other 0-2 s, in 10 ms units.
      const r = this.host.random.bytes(2).readUInt16BE(0);
      const wait = this.call.direction === 'out' ? 2100 + (r % 191) * 10 : (r % 201) * 10;
      this.wantHold = hold;
      this.ours = { kind: 'backoff', timer: this.host.clock.setTimer(wait, () => this.call.handle({ type: 'backoffOver' })) };
      return;
    }
    if (res.status === 481 || res.status === 408) {
      // The dialog is gone (RFC 3261 §14.1).
      return { reason: `re-INVITE: ${res.status} ${res.reason}`, code: res.status, bye: false };
    }
    this.call.log(`${hold ? 'hold' : 'resume'} refused: ${res.status} ${res.reason}`);
  }

  /** A re-INVITE or UPDATE from the other side (RFC 3261 §14.2, RFC 3311 §5.2). */
  private offerReceived(req: SipRequest, tx: ServerTransaction): void {
    if (this.ours.kind === 'sent' || this.answer !== undefined) {
      // Our own offer is out, or theirs is not ACKed yet: glare (RFC 3261 §14.2, RFC 3311 §5.2).
      tx.respond(responseTo(req, 491));
      return;
    }
    const isInvite = req.method === 'INVITE';
    // RFC 4028 §9: every re-INVITE / UPDATE negotiates the session timer again.
    const timer = uasNegotiate(req, this.call.timerSetting());
    if (timer.kind === 'too-small') {
      const res = this.link.response(req, 422, this.call.rel100());
      res.headers.add('Min-SE', String(timer.minSe));
      tx.respond(res);
      return;
    }
    const withTimer = (res: SipResponse): SipResponse => {
      if (timer.kind === 'session') for (const [name, value] of timer.headers) res.headers.add(name, value);
      this.restartSession(timer.kind === 'session' ? timer.session : undefined);
      return res;
    };
    if (req.body.length === 0) {
      // No offer: an UPDATE refreshing the session gets a plain 200 (RFC 3311 §5.2); a re-INVITE
      // without SDP gets our current SDP as the offer, answered in its ACK (RFC 3261 §14.2).
      if (!isInvite) {
        tx.respond(withTimer(this.link.response(req, 200, this.call.rel100())));
        return;
      }
      const ok = withTimer(this.link.response(req, 200, this.call.rel100(), this.media.current(this.media.holding)));
      tx.respond(ok);
      this.armAnswer(ok, tx);
      return;
    }
    const offer = parseSdp(req.body);
    const answer = this.media.answerTo(offer, this.host.localAddresses());
    if (!answer.ok || !offer) {
      const reason = answer.ok ? 'no audio stream in the offer' : answer.reason;
      tx.respond(this.link.refusal(req, this.call.rel100(), answer.ok ? 305 : answer.warning, reason));
      this.call.log(`${req.method} refused: 488 ${reason}`);
      return;
    }
    const ok = withTimer(this.link.response(req, 200, this.call.rel100(), answer.sdp));
    tx.respond(ok);
    if (isInvite) this.armAnswer(ok, tx);
    const wasHeld = this.media.held;
    this.media.take(offer, answer);
    const heldNow = this.media.held;
    if (heldNow !== wasHeld) this.call.log(heldNow ? 'held by the other party' : 'resumed by the other party');
  }

  /** Our 2xx to their re-INVITE, re-sent until its ACK (RFC 3261 §13.3.1.4); `noAck` to the call when none comes. */
  private armAnswer(ok: SipResponse, tx: ServerTransaction): void {
    this.answer = new Reliable2xx(this.host.clock, this.host.timers(), tx.source.transport === 'udp', () => this.host.layer.sendStateless(ok, tx.source, tx.connection), () => this.call.handle({ type: 'noAck' }));
  }

  /** A refresh or a new negotiation: the session's timers start again (or stop when there is none now). */
  private restartSession(session: Session | undefined): void {
    this.session?.stop();
    this.session = sessionClock(this.host.clock, session, this.call);
  }
}
