/**
 * The states of a call's state machine (call.ts), and the small records they carry.
 */
import { TimerHandle } from '../../util/clock';
import { SipRequest } from '../codec/message';
import { ServerTransaction } from '../transaction/server';
import { Received } from '../transport/types';
import { InDialogOffers } from './in-dialog-offer';
import { Reliable2xx } from './reliable-2xx';
import { MediaOffer } from './sdp';
import { SessionClock } from './session-timer';

/** Our 180 sent reliably (RFC 3262 §3): its RSeq and its retransmission until the PRACK. */
export type Reliable1xx = { readonly rseq: number; readonly timer: Reliable2xx };

/** An incoming INVITE while the port rings or answers: its transaction, the request, where it came from, its offer, and our reliable 180 if any. */
export type IncomingInvite = { readonly tx: ServerTransaction; readonly invite: SipRequest; readonly r: Received; readonly offer: MediaOffer; reliable: Reliable1xx | undefined };

/** The states; each holds what it needs and the timers it armed on entry. */
export type CallState =
  | { readonly kind: 'dialling' }
  | { readonly kind: 'calling'; readonly invite: SipRequest; provisional: boolean; ringing: boolean; early: boolean; readonly freshAuth: boolean }
  | { readonly kind: 'cancelling'; readonly invite: SipRequest; provisional: boolean; cancelSent: boolean }
  | ({ readonly kind: 'ringing'; readonly noAnswer: TimerHandle | undefined } & IncomingInvite)
  | ({ readonly kind: 'answering' } & IncomingInvite)
  | { readonly kind: 'confirming'; readonly reliable: Reliable2xx; readonly session: SessionClock | undefined }
  | { readonly kind: 'talking'; readonly offers: InDialogOffers }
  | { readonly kind: 'ended' };
