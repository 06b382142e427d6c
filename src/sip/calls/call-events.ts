/**
 * The events of a call's state machine (call.ts): everything that happens to a call.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { ServerTransaction } from '../transaction/server';
import { Target } from '../transport/types';
import { RtpEndpoint } from './rtp';

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
