/**
 * The 2xx to an INVITE we answered, re-sent by the UAS core until its ACK comes (RFC 3261
 * §13.3.1.4): every T1 doubling up to T2 over UDP, and given up after 64 x T1.
 */
import { Clock, TimerHandle } from '../../util/clock';

/** Retransmission and give-up timers of one 2xx; armed on construction, cleared by `stop`. */
export class Reliable2xx {
  private retransmit: TimerHandle | undefined;
  private readonly giveUp: TimerHandle;
  private interval: number;

  constructor(
    private readonly clock: Clock,
    timers: { t1: number; t2: number },
    unreliable: boolean,
    private readonly resend: () => void,
    noAck: () => void,
  ) {
    this.interval = timers.t1;
    if (unreliable) {
      const again = (): void => {
        this.resend();
        this.interval = Math.min(2 * this.interval, timers.t2);
        this.retransmit = this.clock.setTimer(this.interval, again);
      };
      this.retransmit = this.clock.setTimer(this.interval, again);
    }
    this.giveUp = this.clock.setTimer(64 * timers.t1, () => {
      this.stop();
      noAck();
    });
  }

  stop(): void {
    this.clock.clearTimer(this.retransmit);
    this.clock.clearTimer(this.giveUp);
    this.retransmit = undefined;
  }
}
