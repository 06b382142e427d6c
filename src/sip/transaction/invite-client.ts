/**
 * INVITE client transaction (RFC 3261 §17.1.1, Figure 5, with RFC 6026's Accepted state):
 * Timer A retransmits on UDP, B times out, D absorbs final-response retransmissions,
 * M keeps the transaction to pass retransmitted 2xx to the TU (which re-sends its ACK).
 */
import { Headers, SipRequest, SipResponse } from '../codec/message';
import { TimerHandle } from '../../util/clock';
import { Target } from '../transport/types';
import { ClientOwner, ClientTransaction, ClientUser, TransactionContext, isUnreliable } from './context';

type State = 'calling' | 'proceeding' | 'accepted' | 'completed' | 'terminated';

/**
 * A request in the INVITE's own transaction: CANCEL (RFC 3261 §9.1) and the ACK for a non-2xx
 * final response (§17.1.1.3) copy its Request-URI, top Via, Route, From, Call-ID and CSeq number.
 */
export function sameTransactionRequest(invite: SipRequest, method: 'ACK' | 'CANCEL', to: string | undefined): SipRequest {
  const h = new Headers();
  const via = invite.headers.list('via')[0];
  if (via !== undefined) h.add('Via', via);
  for (const r of invite.headers.getAll('route')) h.add('Route', r);
  h.add('Max-Forwards', '70');
  h.add('From', invite.headers.get('from') ?? '');
  h.add('To', to ?? invite.headers.get('to') ?? '');
  h.add('Call-ID', invite.headers.get('call-id') ?? '');
  h.add('CSeq', `${(invite.headers.get('cseq') ?? '0').trim().split(/\s+/)[0]} ${method}`);
  return { kind: 'request', method, uri: invite.uri, headers: h, body: Buffer.alloc(0) };
}

/** The ACK for a non-2xx final response, built by the transaction: To carries the response's tag. */
export function ackForNon2xx(invite: SipRequest, res: SipResponse): SipRequest {
  return sameTransactionRequest(invite, 'ACK', res.headers.get('to'));
}

/** One INVITE client transaction: calling → proceeding → accepted (2xx) or completed (non-2xx, ACKed here) → terminated. */
export class InviteClientTransaction implements ClientTransaction {
  private state: State = 'calling';
  private timerA: TimerHandle | undefined;
  private timerB: TimerHandle | undefined;
  private timerEnd: TimerHandle | undefined;
  private interval: number;
  private ack: SipRequest | undefined;
  /** The request's method (INVITE), beside the branch as the layer's key. */
  readonly method: string;

  constructor(
    readonly request: SipRequest,
    readonly target: Target,
    private readonly connection: number | undefined,
    private readonly ctx: TransactionContext,
    private readonly user: ClientUser,
    /** The top Via's branch: the transaction's key in its layer, with the method. */
    readonly branch: string,
    private readonly owner: ClientOwner,
  ) {
    this.method = request.method;
    const { t1 } = ctx.timers();
    this.interval = t1;
    ctx.transport.send(request, target, connection);
    if (isUnreliable(target)) this.timerA = ctx.clock.setTimer(t1, () => this.fireA());
    this.timerB = ctx.clock.setTimer(64 * t1, () => this.fireB());
  }

  get terminated(): boolean {
    return this.state === 'terminated';
  }

  /** Timer A: retransmit the INVITE, doubling each time (calling state only). */
  private fireA(): void {
    if (this.state !== 'calling') return;
    this.ctx.transport.send(this.request, this.target, this.connection);
    this.interval *= 2;
    this.timerA = this.ctx.clock.setTimer(this.interval, () => this.fireA());
  }

  /** Timer B: no response in time. */
  private fireB(): void {
    if (this.state !== 'calling' && this.state !== 'proceeding') return;
    this.terminate();
    this.user.timeout();
  }

  receive(res: SipResponse): void {
    switch (this.state) {
      case 'calling':
      case 'proceeding':
        this.ctx.clock.clearTimer(this.timerA);
        if (res.status < 200) {
          this.state = 'proceeding';
          this.user.response(res);
        } else if (res.status < 300) {
          // RFC 6026 §8.4: Accepted; Timer M = 64*T1.
          this.state = 'accepted';
          this.ctx.clock.clearTimer(this.timerB);
          this.timerEnd = this.ctx.clock.setTimer(64 * this.ctx.timers().t1, () => this.terminate());
          this.user.response(res);
        } else {
          this.state = 'completed';
          this.ctx.clock.clearTimer(this.timerB);
          this.ack = ackForNon2xx(this.request, res);
          this.ctx.transport.send(this.ack, this.target, this.connection);
          this.user.response(res);
          // Timer D: at least 32 s on UDP, 0 on TCP.
          this.timerEnd = this.ctx.clock.setTimer(isUnreliable(this.target) ? Math.max(32000, 64 * this.ctx.timers().t1) : 0, () => this.terminate());
        }
        return;
      case 'accepted':
        if (res.status >= 200 && res.status < 300) this.user.response(res);
        return;
      case 'completed':
        if (res.status >= 300 && this.ack) this.ctx.transport.send(this.ack, this.target, this.connection);
        return;
      case 'terminated':
        return;
    }
  }

  transportError(reason: string): void {
    if (this.state !== 'calling' && this.state !== 'proceeding') return;
    this.terminate();
    this.user.transportError(reason);
  }

  cancelTimers(): void {
    for (const t of [this.timerA, this.timerB, this.timerEnd]) this.ctx.clock.clearTimer(t);
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.cancelTimers();
    this.owner.clientEnded(this);
  }
}
