/**
 * The transaction layer (RFC 3261 §17): routes responses to client transactions by branch and
 * CSeq method (§17.1.3), requests to server transactions (§17.2.3), and the rest to the core.
 */
import { SipRequest, SipResponse } from '../codec/message';
import { cseqOf, topBranch } from '../codec/build';
import { parseVia } from '../codec/header-values';
import { formatHost } from '../../net/host';
import { Received, Target, targetKey } from '../transport/types';
import { ClientOwner, ClientTransaction, ClientUser, TransactionContext } from './context';
import { InviteClientTransaction } from './invite-client';
import { NonInviteClientTransaction } from './non-invite-client';
import { ServerTransaction } from './server';
import { TimerQueues } from './timer-queues';

/** The transaction user above the layer (the engine's core): what no transaction takes goes here. */
export interface CoreUser {
  /** A new request; `tx` is undefined for an ACK to a 2xx (it belongs to the dialog). */
  request(req: SipRequest, tx: ServerTransaction | undefined, r: Received): void;
  /** A response no transaction matched (e.g. a 2xx retransmitted after the transaction ended). */
  strayResponse(res: SipResponse, r: Received): void;
}

/** The transactions in progress, by branch and method: creates client and server transactions, matches incoming messages to them, and forgets each one when it terminates. */
export class TransactionLayer implements ClientOwner {
  /**
   * Client transactions by their branch; a second one with the branch of a live one and another
   * method (a CANCEL beside its INVITE) by `branch|method`. No key string per message sent or
   * received for the common case (profile: building and hashing `branch|method` twice per
   * REGISTER transaction).
   */
  private readonly clients = new Map<string, ClientTransaction>();
  /** How many entries of `clients` are keyed by `branch|method`. */
  private doubled = 0;
  private readonly servers = new Map<string, ServerTransaction>();
  /** The client transactions' timers of one duration, queued (see timer-queues.ts). */
  readonly queues: TimerQueues;

  constructor(
    private readonly ctx: TransactionContext,
    private readonly core: CoreUser,
  ) {
    this.queues = new TimerQueues(ctx.clock);
  }

  get counts(): { clients: number; servers: number } {
    return { clients: this.clients.size, servers: this.servers.size };
  }

  /**
   * Starts a client transaction for `req`. `branch` is its top Via's branch when the caller wrote
   * it (profile: reading it back out of our own Via was ~3% of a registration run).
   */
  sendRequest(req: SipRequest, target: Target, user: ClientUser, connection?: number, branch?: string): ClientTransaction {
    const b = branch ?? topBranch(req) ?? '';
    const tx = req.method === 'INVITE' ? new InviteClientTransaction(req, target, connection, this.ctx, user, b, this) : new NonInviteClientTransaction(req, target, connection, this.ctx, user, b, req.method, this);
    if (!tx.terminated) this.addClient(tx);
    return tx;
  }

  /** Keeps `tx` under its branch, or under `branch|method` when another method holds the branch; a transaction of the same key is replaced. */
  private addClient(tx: ClientTransaction): void {
    const held = this.clients.get(tx.branch);
    if (held === undefined || (held.branch === tx.branch && held.method === tx.method)) {
      this.clients.set(tx.branch, tx);
      // One transaction per branch and method: an older one kept aside under the long key goes.
      if (this.doubled > 0) this.forgetDoubled(tx.branch, tx.method);
      return;
    }
    const key = `${tx.branch}|${tx.method}`;
    if (!this.clients.has(key)) this.doubled++;
    this.clients.set(key, tx);
  }

  private forgetDoubled(branch: string, method: string): void {
    const key = `${branch}|${method}`;
    const t = this.clients.get(key);
    if (t !== undefined && t.branch === branch && t.method === method) {
      this.clients.delete(key);
      this.doubled--;
    }
  }

  /** The client transaction of `branch` and `method` (RFC 3261 §17.1.3), if any. */
  private client(branch: string, method: string): ClientTransaction | undefined {
    const tx = this.clients.get(branch);
    if (tx !== undefined && tx.branch === branch && tx.method === method) return tx;
    if (this.doubled === 0) return undefined;
    const other = this.clients.get(`${branch}|${method}`);
    return other !== undefined && other.branch === branch && other.method === method ? other : undefined;
  }

  /** A client transaction terminated: forgotten, unless another one took its key since. */
  clientEnded(tx: ClientTransaction): void {
    if (this.clients.get(tx.branch) === tx) {
      this.clients.delete(tx.branch);
      return;
    }
    if (this.doubled === 0) return;
    const key = `${tx.branch}|${tx.method}`;
    if (this.clients.get(key) === tx) {
      this.clients.delete(key);
      this.doubled--;
    }
  }

  /** Outside any transaction: ACK for a 2xx, or a response re-sent by the TU. */
  sendStateless(m: SipRequest | SipResponse, target: Target, connection?: number): void {
    this.ctx.transport.send(m, target, connection);
  }

  receive(r: Received): void {
    const m = r.message;
    if (m.kind === 'response') {
      // The CSeq method the parser read (RFC 3261 §17.1.3 matches on it too). Profile (callgrind,
      // a cold N=1,000 registration run): reading it again here compiled cseqOf and readCSeq
      // (~3% of the optimising compiler's time there) for what the parser had already read.
      const tx = this.client(topBranch(m) ?? '', m.cseqMethod ?? cseqOf(m)?.method ?? '');
      if (tx) tx.receive(m);
      else this.core.strayResponse(m, r);
      return;
    }
    // RFC 3261 §17.2.3: a server transaction is the top Via's branch AND sent-by, and the method
    // (ACK belongs to its INVITE): two clients may pick the same branch.
    const branch = topBranch(m) ?? `${m.headers.get('call-id')}|${m.headers.get('cseq')}`;
    const key = `${branch}|${sentBy(m)}|${m.method === 'ACK' ? 'INVITE' : m.method}`;
    const existing = this.servers.get(key);
    if (existing) {
      if (m.method === 'ACK') existing.ack();
      else existing.retransmission();
      return;
    }
    if (m.method === 'ACK') {
      this.core.request(m, undefined, r);
      return;
    }
    const tx = new ServerTransaction(m, r.source, r.connection, this.ctx, (t) => {
      if (this.servers.get(key) === t) this.servers.delete(key);
    });
    this.servers.set(key, tx);
    this.core.request(m, tx, r);
  }

  /** Sending to `target` failed: its pending client transactions fail. */
  transportFailure(target: Target, reason: string): void {
    const k = targetKey(target);
    for (const tx of [...this.clients.values()]) if (targetKey(tx.target) === k) tx.transportError(reason);
  }

  shutdown(): void {
    for (const tx of this.clients.values()) tx.cancelTimers();
    for (const tx of this.servers.values()) tx.cancelTimers();
    this.queues.clear();
    this.clients.clear();
    this.doubled = 0;
    this.servers.clear();
  }
}

/** The top Via's sent-by (host and port as written, host lower-cased; port 5060 when absent). */
function sentBy(m: { headers: { list(name: string): string[] } }): string {
  const top = m.headers.list('via')[0];
  const via = top !== undefined ? parseVia(top) : undefined;
  return via ? `${formatHost(via.host).toLowerCase()}:${via.port ?? 5060}` : '';
}
