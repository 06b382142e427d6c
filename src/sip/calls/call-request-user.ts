/**
 * The transaction user of a call's INVITE and of its in-dialog offers (re-INVITE, UPDATE).
 */
import { SipRequest, SipResponse } from '../codec/message';
import { ClientUser } from '../transaction/context';
import { CallEvent } from './call-events';

/** What the transaction user hands its events to: the call (call.ts). */
export interface CallEvents {
  handle(e: CallEvent): void;
}

/*
 * The user of the transaction of a call's INVITE or of an in-dialog offer: one small object per
 * request, its three methods on the prototype. The transaction keeps its user as long as it lives
 * (an INVITE's for Timer D or M, 32 s: two per call set up with a 407), and three arrow functions
 * and the context they share took ~0.25 KB a transaction more (heap snapshot of 100 talking calls).
 */

/** Hands the responses to a call's INVITE (or, with `offer`, its re-INVITE or UPDATE), and its failure, to the call. */
export class CallRequestUser implements ClientUser {
  constructor(
    private readonly call: CallEvents,
    private readonly req: SipRequest,
    private readonly offer: boolean,
  ) {}

  response(res: SipResponse): void {
    const req = this.req;
    this.call.handle(this.offer ? { type: 'offerResponse', req, res } : { type: 'inviteResponse', req, res });
  }

  timeout(): void {
    this.transportError('no answer (Timer B)');
  }

  transportError(reason: string): void {
    const req = this.req;
    this.call.handle(this.offer ? { type: 'offerFailed', req, reason } : { type: 'inviteFailed', req, reason });
  }
}
