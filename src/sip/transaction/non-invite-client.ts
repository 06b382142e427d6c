/** Non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6), e.g. REGISTER, BYE, CANCEL. */
import { SipRequest, SipResponse } from '../codec/message';
import { TimerHandle } from '../../util/clock';
import { Target } from '../transport/types';
import { ClientOwner, ClientTransaction, ClientUser, TransactionContext, isUnreliable } from './context';
import { QueuedTimerOwner } from './timer-queues';

type State = 'trying' | 'proceeding' | 'completed' | 'terminated';

/** The user of a completed transaction: nothing more is told (and the real one is not kept alive). */
const DONE: ClientUser = { response: () => undefined, timeout: () => undefined, transportError: () => undefined };

/**
 * One non-INVITE client transaction: trying → proceeding → completed → terminated, Timer E
 * retransmitting on UDP, F timing out, K absorbing retransmissions. E and F share one clock timer,
 * armed for whichever is due first (profile of a registration run: three Node timers per REGISTER
 * were ~5% of the run); once completed, the transaction keeps neither the request nor its user
 * while Timer K (5 s on UDP) runs, so that thousands of completed transactions hold little.
 * The timer is armed in the layer's queue for its duration (see timer-queues.ts) when it has one,
 * and is then not cleared but outdated: `token` moves on, and the queue's call is ignored.
 */
export class NonInviteClientTransaction implements ClientTransaction, QueuedTimerOwner {
  private state: State = 'trying';
  /** A clock timer, when the duration had no queue: E or F while trying or proceeding (see `armedFor`), K once completed. */
  private timer: TimerHandle | undefined;
  /** The token of the timer armed now; any other one is outdated. */
  private token = 0;
  private armedFor: 'E' | 'F' | 'K' = 'F';
  private interval: number;
  /** Clock time at which Timer F fires (64*T1 after the request). */
  private readonly fDue: number;
  private request: SipRequest | undefined;
  private user: ClientUser;

  constructor(
    request: SipRequest,
    readonly target: Target,
    private readonly connection: number | undefined,
    private readonly ctx: TransactionContext,
    user: ClientUser,
    /** The top Via's branch and the method: the transaction's key in its layer. */
    readonly branch: string,
    readonly method: string,
    private readonly owner: ClientOwner,
  ) {
    this.request = request;
    this.user = user;
    const { t1 } = ctx.timers();
    this.interval = t1;
    ctx.transport.send(request, target, connection);
    const now = ctx.clock.now();
    this.fDue = now + 64 * t1;
    if (isUnreliable(target)) this.arm('E', t1);
    else this.arm('F', 64 * t1);
  }

  get terminated(): boolean {
    return this.state === 'terminated';
  }

  private arm(which: 'E' | 'F' | 'K', ms: number): void {
    this.armedFor = which;
    const token = ++this.token;
    if (!this.owner.queues.arm(ms, this, token)) this.timer = this.ctx.clock.setTimer(ms, () => this.fireQueued(token));
  }

  /** The timer armed with `token` is due: E, F or K, unless it was outdated since. */
  fireQueued(token: number): void {
    if (token !== this.token) return;
    this.token++;
    this.timer = undefined;
    if (this.armedFor === 'E') this.fireE();
    else if (this.armedFor === 'F') this.fireF();
    else this.terminate();
  }

  /** Whether the timer armed with `token` was outdated since (the token only moves on). */
  outdated(token: number): boolean {
    return token !== this.token;
  }

  /** Timer E: retransmit, doubling up to T2 while trying, every T2 while proceeding; then E or F, whichever is due first (F on a tie). */
  private fireE(): void {
    if ((this.state !== 'trying' && this.state !== 'proceeding') || this.request === undefined) return;
    this.ctx.transport.send(this.request, this.target, this.connection);
    const { t2 } = this.ctx.timers();
    this.interval = this.state === 'trying' ? Math.min(2 * this.interval, t2) : t2;
    const now = this.ctx.clock.now();
    const toF = Math.max(0, this.fDue - now);
    if (this.interval < toF) this.arm('E', this.interval);
    else this.arm('F', toF);
  }

  /** Timer F: the transaction timed out. */
  private fireF(): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return;
    const user = this.user;
    this.terminate();
    user.timeout();
  }

  receive(res: SipResponse): void {
    if (this.state !== 'trying' && this.state !== 'proceeding') return; // completed: absorb retransmissions
    if (res.status < 200) {
      this.state = 'proceeding';
      this.user.response(res);
      return;
    }
    this.state = 'completed';
    this.cancelTimers();
    const user = this.user;
    this.user = DONE;
    this.request = undefined;
    user.response(res);
    // Timer K: T4 on UDP to absorb retransmitted responses, 0 on TCP.
    this.arm('K', isUnreliable(this.target) ? this.ctx.timers().t4 : 0);
  }

  transportError(reason: string): void {
    if (this.state === 'terminated' || this.state === 'completed') return;
    const user = this.user;
    this.terminate();
    user.transportError(reason);
  }

  cancelTimers(): void {
    this.token++;
    this.ctx.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private terminate(): void {
    if (this.state === 'terminated') return;
    this.state = 'terminated';
    this.cancelTimers();
    this.user = DONE;
    this.request = undefined;
    this.owner.clientEnded(this);
  }
}
