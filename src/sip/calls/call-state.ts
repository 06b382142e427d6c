/**
 * The states and events of a call's state machine (call.ts), and the small records they carry.
 */
import { TimerHandle } from '../../util/clock';
import { SipRequest, SipResponse } from '../codec/message';
import { ServerTransaction } from '../transaction/server';
import { Received, Target } from '../transport/types';
import { Reliable2xx } from './reliable-2xx';
import { RtpEndpoint } from './rtp';
import { MediaOffer } from './sdp';
import { SessionClock } from './session-timer';

/** Our 180 sent reliably (RFC 3262 §3): its RSeq and its retransmission until the PRACK. */
export type Reliable1xx = { readonly rseq: number; readonly timer: Reliable2xx };

/** An incoming INVITE while the port rings or answers: its transaction, the request, where it came from, its offer, and our reliable 180 if any. */
export type IncomingInvite = { readonly tx: ServerTransaction; readonly invite: SipRequest; readonly r: Received; readonly offer: MediaOffer; reliable: Reliable1xx | undefined };

/** Our re-INVITE or UPDATE in progress (at most one at a time: RFC 3261 §14.1); `refresh` when only the session timer asked for it. */
export type OutgoingOffer = { readonly req: SipRequest; readonly hold: boolean; readonly refresh: boolean };

/** The states; each holds what it needs and the timers it armed on entry. */
export type CallState =
  | { readonly kind: 'dialling' }
  | { readonly kind: 'calling'; readonly invite: SipRequest; provisional: boolean; ringing: boolean; early: boolean; readonly freshAuth: boolean }
  | { readonly kind: 'cancelling'; readonly invite: SipRequest; provisional: boolean; cancelSent: boolean }
  | ({ readonly kind: 'ringing'; readonly noAnswer: TimerHandle | undefined } & IncomingInvite)
  | ({ readonly kind: 'answering' } & IncomingInvite)
  | { readonly kind: 'confirming'; readonly reliable: Reliable2xx; readonly session: SessionClock | undefined }
  | { readonly kind: 'talking'; offer: OutgoingOffer | undefined; answer: Reliable2xx | undefined; backoff: TimerHandle | undefined; wantHold: boolean | undefined; session: SessionClock | undefined }
  | { readonly kind: 'ended' };

/** Everything that happens to a call. */
export type CallEvent =
  | { readonly type: 'ready'; readonly target: Target; readonly rtp: RtpEndpoint }
  | { readonly type: 'setupFailed'; readonly reason: string }
  | { readonly type: 'inviteResponse'; readonly req: SipRequest; readonly res: SipResponse }
  | { readonly type: 'inviteFailed'; readonly req: SipRequest; readonly reason: string }
  | { readonly type: 'hangup' }
  | { readonly type: 'answer' }
  | { readonly type: 'answerReady'; readonly rtp: RtpEndpoint }
  | { readonly type: 'answerFailed'; readonly reason: string }
  | { readonly type: 'noAnswer' }
  | { readonly type: 'ack'; readonly req: SipRequest }
  | { readonly type: 'noAck' }
  | { readonly type: 'cancel' }
  | { readonly type: 'bye' }
  | { readonly type: 'offer'; readonly req: SipRequest; readonly tx: ServerTransaction }
  | { readonly type: 'info'; readonly req: SipRequest; readonly tx: ServerTransaction }
  | { readonly type: 'hold'; readonly on: boolean }
  | { readonly type: 'offerResponse'; readonly req: SipRequest; readonly res: SipResponse }
  | { readonly type: 'offerFailed'; readonly req: SipRequest; readonly reason: string }
  | { readonly type: 'backoffOver' }
  | { readonly type: 'refreshDue' }
  | { readonly type: 'sessionExpired' }
  | { readonly type: 'prack'; readonly req: SipRequest; readonly tx: ServerTransaction }
  | { readonly type: 'noPrack' };
