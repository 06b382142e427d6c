/** Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6), e.g. REGISTER, BYE, CANCEL. */
import { SipRequest, SipResponse } from '../codec/message';
import { TimerHandle } from '../../util/clock';
import { Target } from '../transport/types';
import { ClientTransaction, ClientUser, TransactionContext, isUnreliable } from './context';

type State = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** One non-INVITE client transaction: trying → proceeding → completed → terminated, Timer E retransmitting on UDP, F timing out, K absorbing retransmissions. */
export class NonInviteClientTransaction implements ClientTransaction {
  private state: State = 'trying';
  private timerE: TimerHandle | undefined;
  private timerF: TimerHandle | undefined;
  private timerK: TimerHandle | undefined;
  private interval: number;

  constructor(
    readonly request: SipRequest,
    readonly target: Target,
    private readonly connection: number | undefined,
    private readonly ctx: TransactionContext,
    private readonly user: ClientUser,
    private readonly onTerminated: (tx: NonInviteClientTransaction) => void,
  ) {
    const { t1 } = ctx.timers();
    this.interval = t1;
    ctx.transport.send(request, target, connection);
    if (isUnreliable(target)) this.timerE = ctx.clock.setTimer(t1, () => this.fireE());
    this.timerF = ctx.clock.setTimer(64 * t1, () => this.fireF());
  }

  get terminated(): boolean {
    return this.state === 'terminated';
  }

  /** Timer E: retransmit, doubling up to T2 while trying, every T2 while proceeding. */
  private fireE(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.ctx.transport.send(this.request, this.target, this.connection);
    const { t2 } = this.ctx.timers();
    this.interval = this.state === 'trying' ? Math.min(2 * this.interval, t2) : t2;
    this.timerE = this.ctx.clock.setTimer(this.interval, () => this.fireE());
  }

  /** Timer F: the transaction timed out. */
  private fireF(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    this.terminate();
    this.user.timeout();
  }

  receive(res: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // completed: absorb retransmissions
    if (res.status < 200) {
      this.state = 'proceeding';
      this.user.response(res);
      return;
    }
    this.state = 'completed';
    this.ctx.clock.clearTimer(this.timerE);
    this.ctx.clock.clearTimer(this.timerF);
    this.user.response(res);
    // Timer K: T4 on UDP to absorb retransmitted responses, 0 on TCP.
    const k = isUnreliable(this.target) ? this.ctx.timers().t4 : 0;
    this.timerK = this.ctx.clock.setTimer(k, () => this.terminate());
  }

  transportError(reason: string): void {
    if (this.state === 'terminated' || this.state === 'completed') return;
    this.terminate();
    this.user.transportError(reason);
  }

  cancelTimers(): void {
    for (const t of [this.timerE, this.timerF, this.timerK]) this.ctx.clock.clearTimer(t);
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.cancelTimers();
    this.onTerminated(this);
  }
}
