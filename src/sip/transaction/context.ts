/** What every transaction needs: the transport, the clock and the timer values (RFC 3261 §17, Table 4). */
import { SipResponse } from '../codec/message';
import { Clock } from '../../util/clock';
import { Target, Transport } from '../transport/types';
import { TimerQueues } from './timer-queues';

/** The base timers every transaction timer is derived from (RFC 3261 §17.1.1.1, Table 4), in milliseconds. */
export interface TimerValues {
  /** RTT estimate (default 500 ms). */
  readonly t1: number;
  /** Longest non-INVITE retransmit interval (default 4000 ms). */
  readonly t2: number;
  /** Longest a message stays in the network (default 5000 ms). */
  readonly t4: number;
}

/** What a transaction is given by its layer: where to send, the injected clock, and the timer values read when a timer is armed. */
export interface TransactionContext {
  readonly transport: Transport;
  readonly clock: Clock;
  timers(): TimerValues;
}

/** The transaction user of a client transaction. */
export interface ClientUser {
  /** Provisional and final responses, in order. */
  response(res: SipResponse): void;
  /** Timer B or F: no final response in time. */
  timeout(): void;
  transportError(reason: string): void;
}

/** What the layer needs of a client transaction, INVITE or not: its key, target, whether it ended, and its inputs. */
export interface ClientTransaction {
  /** The top Via's branch of its request (`''` when there is none) and the method: its key. */
  readonly branch: string;
  readonly method: string;
  readonly target: Target;
  readonly terminated: boolean;
  receive(res: SipResponse): void;
  transportError(reason: string): void;
  /** Stops every timer (engine shutdown). */
  cancelTimers(): void;
}

/** Whether requests and responses to `t` must be retransmitted by us (UDP); TCP retransmits on its own (RFC 3261 §17.1.1.2). */
export const isUnreliable = (t: Target): boolean => t.transport === 'udp';

/** What a client transaction tells its layer, and the timer queues it arms in. */
export interface ClientOwner {
  /** The transaction terminated: the layer forgets it. */
  clientEnded(tx: ClientTransaction): void;
  readonly queues: TimerQueues;
}
