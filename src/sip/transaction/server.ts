/**
 * Server transactions (RFC 3261 §17.2): they absorb request retransmissions by re-sending the
 * last response. INVITE (Figure 7): G retransmits a non-2xx final on UDP, H gives up waiting for
 * the ACK, I absorbs ACK retransmissions. Non-INVITE (Figure 8): J absorbs retransmissions.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { TimerHandle } from '../../util/clock';
import { Target } from '../transport/types';
import { TransactionContext, isUnreliable } from './context';

type State = 'trying' | 'proceeding' | 'completed' | 'confirmed' | 'terminated';

/** One server transaction, INVITE or non-INVITE (by its request's method): it remembers the last response to re-send on a retransmission. */
export class ServerTransaction {
  private state: State;
  private last: SipResponse | undefined;
  private timers: TimerHandle[] = [];
  private interval = 0;
  /** Called when an INVITE's non-2xx final response got no ACK in time (Timer H). */
  onNoAck: (() => void) | undefined;

  constructor(
    readonly request: SipRequest,
    readonly source: Target,
    readonly connection: number | undefined,
    private readonly ctx: TransactionContext,
    private readonly onTerminated: (tx: ServerTransaction) => void,
  ) {
    this.state = request.method === 'INVITE' ? 'proceeding' : 'trying';
  }

  get isInvite(): boolean {
    return this.request.method === 'INVITE';
  }

  get terminated(): boolean {
    return this.state === 'terminated';
  }

  get finalSent(): boolean {
    return this.state === 'completed' || this.state === 'confirmed' || this.state === 'terminated';
  }

  private send(res: SipResponse): void {
    this.ctx.transport.send(res, this.source, this.connection);
  }

  private later(ms: number, fn: () => void): void {
    this.timers.push(this.ctx.clock.setTimer(ms, fn));
  }

  /** The TU's response. */
  respond(res: SipResponse): void {
    if (this.state === 'completed' || this.state === 'confirmed' || this.state === 'terminated') return;
    this.last = res;
    this.send(res);
    const { t1, t2 } = this.ctx.timers();
    const udp = isUnreliable(this.source);
    if (res.status < 200) {
      this.state = 'proceeding';
      return;
    }
    if (this.isInvite && res.status < 300) {
      this.terminate(); // 2xx retransmission is the TU's job (RFC 3261 §13.3.1.4)
      return;
    }
    this.state = 'completed';
    if (this.isInvite) {
      if (udp) {
        this.interval = t1;
        const g = (): void => {
          if (this.state !== 'completed' || !this.last) return;
          this.send(this.last);
          this.interval = Math.min(2 * this.interval, t2);
          this.later(this.interval, g);
        };
        this.later(t1, g);
      }
      this.later(64 * t1, () => {
        if (this.state !== 'completed') return;
        this.terminate();
        this.onNoAck?.();
      });
    } else {
      this.later(udp ? 64 * t1 : 0, () => this.terminate());
    }
  }

  /** The same request again: re-send the last response. */
  retransmission(): void {
    if (this.last && (this.state === 'proceeding' || this.state === 'completed')) this.send(this.last);
  }

  /** ACK for a non-2xx final response. */
  ack(): void {
    if (this.state !== 'completed' || !this.isInvite) return;
    this.state = 'confirmed';
    this.later(isUnreliable(this.source) ? this.ctx.timers().t4 : 0, () => this.terminate());
  }

  cancelTimers(): void {
    for (const t of this.timers) this.ctx.clock.clearTimer(t);
    this.timers = [];
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.cancelTimers();
    this.onTerminated(this);
  }
}
